#pragma once
/// Where the database and config live (XDG base directories).
#include <string>

namespace reqtriage {

/// --db, else $REQTRIAGE_DB, else the config's [store] url, else
/// $XDG_DATA_HOME/reqtriage/requests.db (XDG_DATA_HOME defaulting to
/// ~/.local/share). Each may be a file path or a PostgreSQL URL.
std::string resolve_db_path(const std::string& option, const std::string& configured_url);
/// --config, else $REQTRIAGE_CONFIG, else $XDG_CONFIG_HOME/reqtriage/config.toml
/// if it exists. Empty when none applies (built-in defaults).
std::string resolve_config_path(const std::string& option);
/// Where `config init` writes when no --config is given.
std::string default_config_path();
/// Who history records as making changes: $USER, else the login name.
std::string current_user();
/// Creates the folder and its parents, the new ones private (0700).
void make_private_dirs(const std::string& folder);

/// The files SQLite keeps beside a database file (PATH-wal, ...).
inline constexpr const char* sqlite_companion_suffixes[] = {"-wal", "-shm", "-journal"};

/// True when the two paths name one file (or would: neither need exist),
/// through symbolic links, "..", and hard links.
bool same_file(const std::string& a, const std::string& b);
/// The permission bits (mode & 0777) of an existing file of the user's own
/// that group or others may read or write, else 0.
unsigned open_to_others(const std::string& path);

}  // namespace reqtriage
