// reqtriage config check|show|init.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "commands.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/paths.hpp"

namespace reqtriage::cli {

void run_config_check(Context& context) {
  const auto& config = context.config();
  context.say("{}: OK ({} stages, {} currencies, base {})", config.source, config.stages.size(),
              config.rates.size() + 1, config.base_currency);
}

void run_config_show(Context& context) {
  fmt::print(stdout, "{}", render_config(context.config()));
}

void run_config_init(Context& context, const ConfigInitOptions& options) {
  auto path = resolve_config_path(context.options().config);
  if (path.empty()) path = default_config_path();
  std::error_code ignored;
  if (std::filesystem::exists(path, ignored) && !options.force) {
    throw Error(ExitCode::failure,
                fmt::format("{} already exists; use --force to overwrite it", path));
  }
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) make_private_dirs(parent.string());
  // Write beside it and rename, so a failed write never leaves half a config.
  auto temporary = path + ".tmp";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file << config_template();
    file.close();
    if (!file) {
      std::filesystem::remove(temporary, ignored);
      throw Error(ExitCode::failure,
                  fmt::format("{}: cannot write the config: {}", path, std::strerror(errno)));
    }
  }
  std::filesystem::rename(temporary, path);
  context.say("Wrote {}", path);
}

}  // namespace reqtriage::cli
