// reqtriage config check|show|init.
#include <filesystem>

#include "commands.hpp"
#include "output_file.hpp"
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
  context.refuse_own_files(path, "--config", false);
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) make_private_dirs(parent.string());
  OutputFile file(path);
  fmt::print(file.stream(), "{}", config_template());
  file.commit();
  context.say("Wrote {}", path);
}

}  // namespace reqtriage::cli
