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

std::string resolve_db_path(const std::string& option, const std::string& configured_url) {
  if (!option.empty()) return option;
  if (auto from_env = env("REQTRIAGE_DB"); !from_env.empty()) return from_env;
  if (!configured_url.empty()) return configured_url;
  return xdg_dir("XDG_DATA_HOME", ".local/share") + "/reqtriage/requests.db";
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
