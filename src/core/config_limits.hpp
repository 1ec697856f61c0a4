#pragma once
// Internal to the config reader: what a config file must be before toml++
// parses it. toml++ recurses over dotted keys and nested arrays, so a
// hostile file could overflow the stack; a device could be endless.
#include <string>
#include <string_view>

namespace reqtriage {

/// A config file larger than this is refused unread.
constexpr std::size_t max_config_bytes = 1 << 20;

/// Reads the config file: it must be a plain file (a symbolic link to one is
/// fine) of at most max_config_bytes. Throws ConfigError naming the path.
std::string read_config_file(const std::string& path);

/// Throws ConfigError naming the line when a key or table header has more
/// than 32 dotted parts, or arrays and inline tables nest deeper than 32.
void check_toml_nesting(std::string_view text, const std::string& source_name);

}  // namespace reqtriage
