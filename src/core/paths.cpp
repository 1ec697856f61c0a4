#include "reqtriage/paths.hpp"

#include <fmt/format.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "reqtriage/error.hpp"

namespace reqtriage {
namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string home_dir() {
  auto home = env("HOME");
  if (!home.empty()) return home;
  if (const passwd* entry = getpwuid(getuid())) return entry->pw_dir;
  throw Error(ExitCode::failure, "cannot find the home folder: HOME is not set");
}

// $XDG_x_HOME if set and absolute (as the spec demands), else ~/fallback.
std::string xdg_dir(const char* variable, const char* fallback) {
  auto value = env(variable);
  if (!value.empty() && value.front() == '/') return value;
  return home_dir() + "/" + fallback;
}

}  // namespace

namespace {

// SQLite reads ":memory:" and "file:..." URIs as something else than a file:
// a database that keeps nothing, or one with options in its name.
std::string checked_db_path(const std::string& path, const char* source) {
  if (path == ":memory:" || path.starts_with("file:")) {
    throw UsageError(fmt::format(
        "{}: '{}' is an SQLite URI or in-memory database, which would keep nothing; give the path "
        "of a database file (or a postgresql:// URL)",
        source, path));
  }
  return path;
}

}  // namespace

std::string resolve_db_path(const std::string& option, const std::string& configured_url) {
  if (!option.empty()) return checked_db_path(option, "--db");
  if (auto from_env = env("REQTRIAGE_DB"); !from_env.empty()) return checked_db_path(from_env, "REQTRIAGE_DB");
  if (!configured_url.empty()) return checked_db_path(configured_url, "[store] url");
  return xdg_dir("XDG_DATA_HOME", ".local/share") + "/reqtriage/requests.db";
}

bool same_file(const std::string& a, const std::string& b) {
  struct stat first {};
  struct stat second {};
  if (::stat(a.c_str(), &first) == 0 && ::stat(b.c_str(), &second) == 0) {
    return first.st_dev == second.st_dev && first.st_ino == second.st_ino;
  }
  std::error_code ignored;
  auto canonical_a = std::filesystem::weakly_canonical(a, ignored);
  auto canonical_b = std::filesystem::weakly_canonical(b, ignored);
  return !canonical_a.empty() && canonical_a == canonical_b;
}

unsigned open_to_others(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0 || !S_ISREG(info.st_mode) || info.st_uid != ::geteuid()) return 0;
  return (info.st_mode & 077) != 0 ? static_cast<unsigned>(info.st_mode & 0777) : 0;
}

std::string default_config_path() {
  return xdg_dir("XDG_CONFIG_HOME", ".config") + "/reqtriage/config.toml";
}

std::string resolve_config_path(const std::string& option) {
  if (!option.empty()) return option;
  if (auto from_env = env("REQTRIAGE_CONFIG"); !from_env.empty()) return from_env;
  auto path = default_config_path();
  std::error_code ignored;
  return std::filesystem::exists(path, ignored) ? path : std::string();
}

std::string current_user() {
  if (auto user = env("USER"); !user.empty()) return user;
  if (const passwd* entry = getpwuid(getuid())) return entry->pw_name;
  return fmt::format("uid {}", getuid());
}

void make_private_dirs(const std::string& folder) {
  std::filesystem::path path(folder);
  std::filesystem::path built;
  for (const auto& part : path) {
    built /= part;
    if (built.empty() || built == "/") continue;
    if (::mkdir(built.c_str(), 0700) != 0 && errno != EEXIST) {
      throw Error(ExitCode::failure,
                  fmt::format("cannot create folder {}: {}", built.string(), std::strerror(errno)));
    }
  }
}

}  // namespace reqtriage
