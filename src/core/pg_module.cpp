// Opening a PostgreSQL store. The engine lives in a module of its own,
// reqtriage-pg.so, loaded only when a PostgreSQL URL is given: libpq brings
// Kerberos, LDAP and TLS libraries whose loading would add milliseconds to
// every command on a local file.
#include <algorithm>
#include <fmt/format.h>
#include <unistd.h>

#include <filesystem>

#include "engines.hpp"
#include "modules.hpp"
#include "reqtriage/error.hpp"

namespace reqtriage {
namespace {

using OpenPostgres = sql::Connection* (*)(const std::string& url);

OpenPostgres load_module() {
  return reinterpret_cast<OpenPostgres>(module_entry("reqtriage-pg.so", "reqtriage_open_postgres", "PostgreSQL support"));
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
  // libpq reads the first '@' as the end of the password and prints the rest
  // as a host name: part of the password would reach the terminal.
  auto authority_start = url.find("://");
  if (authority_start != std::string::npos) {
    auto authority = url.substr(authority_start + 3, url.find_first_of("/?", authority_start + 3) - authority_start - 3);
    if (std::count(authority.begin(), authority.end(), '@') > 1) {
      throw InputError(fmt::format("--db {}: the URL's user name or password holds an '@'; write it as %40 "
                                   "(nothing was tried)",
                                   redact_url(url)));
    }
  }
  return std::unique_ptr<sql::Connection>(load_module()(url));
}

}  // namespace reqtriage
