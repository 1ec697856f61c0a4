#pragma once
// Internal to the config: what its parts share. The reader (config_reader.cpp)
// turns TOML into a Config; the template (config_template.cpp) is the
// commented file `config init` writes and the built-in defaults; the writer
// (config_render.cpp) turns a Config back into TOML for `config show`.
#include <string>
#include <string_view>
#include <vector>

#include "reqtriage/config.hpp"

namespace reqtriage {

/// The commented template: `config init` writes it, and its values are the
/// built-in defaults.
std::string_view template_text();

struct BuiltInProfile {
  const char* name;
  const char* formula;
  const char* description;
};
/// The profiles every config has (a profile of the same name replaces one).
const std::vector<BuiltInProfile>& built_in_profiles();

/// Parses and checks TOML text (after the size and nesting limits) into a
/// Config; throws ConfigError naming the file, line, column and key.
Config read_config_text(std::string_view text, const std::string& source_name);

}  // namespace reqtriage
