#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests and benchmarks: Debian's
# postgresql binaries, a data folder of its own, trust authentication on
# loopback only, a free port. Run as root it runs the server as the
# unprivileged `postgres` user (PostgreSQL refuses to run as root).
#
#   scripts/pg-cluster.sh start DIR   prints the server's URL (postgresql://reqtriage@127.0.0.1:PORT);
#                                     a DIR holding a cluster starts it again
#   scripts/pg-cluster.sh stop DIR
set -euo pipefail
action=${1:?start or stop}
dir=${2:?a folder for the cluster}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg-cluster: PostgreSQL's server is not installed (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $action in
  start)
    mkdir -p "$dir"
    [ "$(id -u)" -eq 0 ] && chown postgres "$dir"
    # A folder that holds a cluster already starts it again (on a new port).
    if [ ! -d "$dir/data" ]; then
      as_owner "$bin/initdb" -D "$dir/data" -U reqtriage --auth=trust --encoding=UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1
    fi
    for attempt in 1 2 3 4 5; do
      port=$((20000 + RANDOM % 40000))
      if as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
        >"$dir/pg_ctl.log" 2>&1; then
        echo "postgresql://reqtriage@127.0.0.1:$port"
        exit 0
      fi
    done
    echo "pg-cluster: the server did not start; see $dir/server.log" >&2
    exit 1
    ;;
  stop)
    as_owner "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    ;;
  *)
    echo "pg-cluster: start or stop" >&2
    exit 2
    ;;
esac
