// Opening a PostgreSQL store. The engine lives in a module of its own,
// reqtriage-pg.so, loaded only when a PostgreSQL URL is given: libpq brings
// Kerberos, LDAP and TLS libraries whose loading would add milliseconds to
// every command on a local file.
#include <dlfcn.h>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "engines.hpp"
#include "reqtriage/error.hpp"

#ifndef REQTRIAGE_MODULE_FROM_BINARY
#define REQTRIAGE_MODULE_FROM_BINARY "../lib/reqtriage"
#endif

namespace reqtriage {
namespace {

using OpenPostgres = sql::Connection* (*)(const std::string& url);

// Beside the binary (a build tree), else where `cmake --install` and the
// package put it, relative to the binary.
std::vector<std::string> module_candidates() {
  std::error_code failed;
  auto folder = std::filesystem::read_symlink("/proc/self/exe", failed).parent_path();
  if (failed) folder = ".";
  return {(folder / "reqtriage-pg.so").string(),
          (folder / REQTRIAGE_MODULE_FROM_BINARY / "reqtriage-pg.so").lexically_normal().string()};
}

OpenPostgres load_module() {
  static OpenPostgres entry = [] {
    std::string tried;
    for (const auto& path : module_candidates()) {
      std::error_code ignored;
      if (!std::filesystem::exists(path, ignored)) {
        tried += (tried.empty() ? "" : ", ") + path;
        continue;
      }
      void* module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
      if (!module) {
        throw Error(ExitCode::failure, fmt::format("cannot load PostgreSQL support from {}: {}", path, ::dlerror()));
      }
      auto* open = reinterpret_cast<OpenPostgres>(::dlsym(module, "reqtriage_open_postgres"));
      if (!open) throw Error(ExitCode::failure, fmt::format("{} is not reqtriage's PostgreSQL module", path));
      return open;
    }
    throw Error(ExitCode::failure,
                fmt::format("PostgreSQL support is not installed (no reqtriage-pg.so in {})", tried));
  }();
  return entry;
}

}  // namespace

bool is_postgres_url(const std::string& text) {
  return text.starts_with("postgresql://") || text.starts_with("postgres://");
}

bool is_database_url(const std::string& path_or_url) { return is_postgres_url(path_or_url); }

std::string redact_url(const std::string& url) {
  std::string redacted = url;
  // scheme://user:password@host... -> scheme://user@host...
  // A password may hold an unencoded '@' or '/': the user part ends at the
  // last '@' before the query, and the password is all after its first ':'.
  auto scheme_end = redacted.find("://");
  if (scheme_end != std::string::npos) {
    auto authority_start = scheme_end + 3;
    auto query = redacted.find('?', authority_start);
    auto at = redacted.rfind('@', query == std::string::npos ? std::string::npos : query);
    if (at != std::string::npos && at >= authority_start) {
      auto colon = redacted.find(':', authority_start);
      if (colon < at) redacted.erase(colon, at - colon);
    }
  }
  // ...?password=secret&sslmode=require -> ...?sslmode=require
  for (auto start = redacted.find("password="); start != std::string::npos; start = redacted.find("password=")) {
    if (start == 0 || (redacted[start - 1] != '?' && redacted[start - 1] != '&')) break;
    auto end = redacted.find('&', start);
    redacted.erase(start, end == std::string::npos ? std::string::npos : end - start + 1);
  }
  while (!redacted.empty() && (redacted.back() == '&' || redacted.back() == '?')) redacted.pop_back();
  return redacted;
}

std::unique_ptr<sql::Connection> open_postgres(const std::string& url) {
  return std::unique_ptr<sql::Connection>(load_module()(url));
}

}  // namespace reqtriage
