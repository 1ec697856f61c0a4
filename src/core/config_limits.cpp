#include "config_limits.hpp"

#include <fmt/format.h>
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "reqtriage/error.hpp"

namespace reqtriage {
namespace {

constexpr std::size_t max_nesting = 32;

ConfigError unreadable(const std::string& path, const std::string& why) {
  return ConfigError(fmt::format("{}: cannot read the config file: {}", path, why));
}

}  // namespace

std::string read_config_file(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) throw unreadable(path, std::strerror(errno));
  if (S_ISDIR(info.st_mode)) throw unreadable(path, "it is a folder; give the path of a .toml file");
  if (!S_ISREG(info.st_mode)) throw unreadable(path, "it is not a plain file (a device or a pipe?)");
  if (static_cast<std::size_t>(info.st_size) > max_config_bytes) {
    throw unreadable(path, fmt::format("it is {} bytes; a config is at most {} bytes", info.st_size, max_config_bytes));
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) throw unreadable(path, std::strerror(errno));
  // Read at most one byte past the limit: the file may have grown since stat.
  std::string text(max_config_bytes + 1, '\0');
  file.read(text.data(), static_cast<std::streamsize>(text.size()));
  if (file.bad()) throw unreadable(path, std::strerror(errno));
  text.resize(static_cast<std::size_t>(file.gcount()));
  if (text.size() > max_config_bytes) throw unreadable(path, fmt::format("it is over {} bytes", max_config_bytes));
  return text;
}

void check_toml_nesting(std::string_view text, const std::string& source_name) {
  enum class In { code, basic, literal, multi_basic, multi_literal, comment };
  In in = In::code;
  std::size_t line = 1;
  std::size_t depth = 0;  // open [ and { outside strings
  std::size_t dots = 0;   // '.' since the last '=', ',', bracket or line end: the parts of a key
  auto fail = [&](const char* what) {
    throw ConfigError(fmt::format("{}:{}: {} nest more than {} levels deep", source_name, line, what, max_nesting));
  };
  for (std::size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '\n') ++line;
    auto starts = [&](std::string_view token) { return text.substr(i, token.size()) == token; };
    switch (in) {
      case In::comment:
        if (c == '\n') in = In::code;
        continue;
      case In::basic:
        if (c == '\\') ++i;
        else if (c == '"' || c == '\n') in = In::code;
        continue;
      case In::literal:
        if (c == '\'' || c == '\n') in = In::code;
        continue;
      case In::multi_basic:
        if (c == '\\') ++i;
        else if (starts("\"\"\"")) in = In::code, i += 2;
        continue;
      case In::multi_literal:
        if (starts("'''")) in = In::code, i += 2;
        continue;
      case In::code:
        break;
    }
    if (starts("\"\"\"")) {
      in = In::multi_basic;
      i += 2;
    } else if (starts("'''")) {
      in = In::multi_literal;
      i += 2;
    } else if (c == '"') {
      in = In::basic;
    } else if (c == '\'') {
      in = In::literal;
    } else if (c == '#') {
      in = In::comment;
    } else if (c == '.') {
      if (++dots >= max_nesting) fail("dotted keys or table headers");
    } else if (c == '[' || c == '{') {
      dots = 0;
      if (++depth > max_nesting) fail("arrays or inline tables");
    } else if (c == ']' || c == '}') {
      dots = 0;
      if (depth > 0) --depth;
    } else if (c == '=' || c == ',' || c == '\n') {
      dots = 0;
    }
  }
}

}  // namespace reqtriage
