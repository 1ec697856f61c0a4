#!/usr/bin/env bash
# A private PostgreSQL cluster for the tests and benchmarks: Debian's
# postgresql binaries, trust authentication on loopback only, a free port.
# Run as root, the server runs as the unprivileged `postgres` user
# (PostgreSQL refuses root), with its data in a folder of its own under
# /tmp that DIR points to, since DIR itself may be private to root.
#
#   scripts/pg-cluster.sh start DIR    prints the server's URL (postgresql://reqtriage@127.0.0.1:PORT);
#                                      a DIR that had a cluster starts it again, on a new port
#   scripts/pg-cluster.sh stop DIR     stops it, keeping its data
#   scripts/pg-cluster.sh destroy DIR  stops it and removes its data
set -euo pipefail
action=${1:?start, stop or destroy}
dir=${2:?a folder for the cluster}
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$bin/initdb" ] || { echo "pg-cluster: PostgreSQL's server is not installed (apt-get install postgresql)" >&2; exit 1; }

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}
# Where the cluster's data lives (written by start).
data_home() { cat "$dir/cluster-home" 2>/dev/null; }

case $action in
  start)
    mkdir -p "$dir"
    home=$(data_home || true)
    if [ -z "$home" ] || [ ! -d "$home/data" ]; then
      home=$(mktemp -d /tmp/reqtriage-pg.XXXXXX)
      [ "$(id -u)" -eq 0 ] && chown postgres "$home"
      echo "$home" >"$dir/cluster-home"
      as_owner "$bin/initdb" -D "$home/data" -U reqtriage --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        >"$home/initdb.log" 2>&1 || { echo "pg-cluster: initdb failed: $(tail -3 "$home/initdb.log")" >&2; exit 1; }
    fi
    for attempt in 1 2 3 4 5; do
      port=$((20000 + RANDOM % 40000))
      if as_owner "$bin/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 30 start \
        -o "-p $port -k $home -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=100" \
        >"$home/pg_ctl.log" 2>&1; then
        echo "postgresql://reqtriage@127.0.0.1:$port"
        exit 0
      fi
    done
    echo "pg-cluster: the server did not start: $(tail -3 "$home/server.log" 2>/dev/null)" >&2
    exit 1
    ;;
  stop | destroy)
    home=$(data_home || true)
    [ -n "$home" ] || exit 0
    as_owner "$bin/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null 2>&1 || true
    if [ "$action" = destroy ]; then
      rm -rf "$home" "$dir/cluster-home"
    fi
    ;;
  *)
    echo "pg-cluster: start, stop or destroy" >&2
    exit 2
    ;;
esac
