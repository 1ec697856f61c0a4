// reqtriage config check|show|init.
#include <filesystem>

#include "commands.hpp"
#include "output_file.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/paths.hpp"

namespace reqtriage::cli {

namespace {

// Every currency the store holds money in must convert to the base currency:
// a base switched to EUR with the USD rates kept would make every total wrong.
void check_store_currencies(Context& context, const Config& config) {
  auto path = context.db_path();
  std::error_code ignored;
  if (!is_database_url(path) && !std::filesystem::exists(path, ignored)) return;
  std::vector<std::string> codes;
  try {
    codes = context.store_for_reading().currencies_in_use();
  } catch (const Error& error) {
    context.warn("the store's currencies were not checked: {}", error.what());
    return;
  }
  std::vector<std::string> missing;
  for (const auto& code : codes) {
    if (!config.knows_currency(code)) missing.push_back(code);
  }
  if (missing.empty()) return;
  throw ConfigError(fmt::format(
      "{}: currencies.{}: {} holds money in {}, but no rate converts {} to the base currency {}; add {} = "
      "(what one {} is worth in {}) under [currencies]",
      config.source, missing.front(), database_name(path), fmt::join(missing, ", "),
      missing.size() == 1 ? "it" : "them", config.base_currency, missing.front(), missing.front(),
      config.base_currency));
}

}  // namespace

void run_config_check(Context& context) {
  const auto& config = context.config();
  check_store_currencies(context, config);
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
