// Reading a config: the top level, [dedupe] and [store]; see config_reader.hpp.
#include "config_reader.hpp"

#include "config_limits.hpp"
#include "config_parts.hpp"
#include "reqtriage/messages.hpp"
#include "reqtriage/paths.hpp"
#include "reqtriage/store.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {

Config ConfigReader::read(const toml::table& root) {
  Config config;
  config.source = m_source;
  config.scoring.statuses = {Status::new_, Status::triaged, Status::planned, Status::in_progress};
  config.rates.clear();
  config.stages.clear();
  config.messages = default_messages();
  bool saw_currencies = false;
  bool saw_stages = false;
  for (auto&& [key, node] : root) {
    std::string name(key.str());
    if (name == "base_currency") {
      config.base_currency = read_currency_code(node, name);
    } else if (name == "default_effort") {
      config.default_effort = read_number(node, name, 0.01, 1e6, "a number from 0.01 to 1000000");
    } else if (name == "currencies") {
      saw_currencies = true;
      read_currencies(node, config);
    } else if (name == "stages") {
      saw_stages = true;
      read_stages(node, config);
    } else if (name == "scoring") {
      read_scoring(node, config.scoring);
    } else if (name == "profiles") {
      read_profiles(node, config.scoring);
    } else if (name == "rules") {
      read_rules(node, config.scoring);
    } else if (name == "import") {
      read_import(node, config);
    } else if (name == "messages") {
      read_messages(node, config);
    } else if (name == "tracker") {
      read_tracker(node, config);
    } else if (name == "dedupe") {
      read_dedupe(node, config.dedupe);
    } else if (name == "store") {
      read_store(node, config);
    } else {
      throw unknown_key(key, name,
                        "the known top-level keys are base_currency, default_effort, "
                        "[currencies], [stages], [scoring], [profiles], [[rules]], [import], "
                        "[messages], [tracker], [dedupe] and [store]");
    }
  }
  // The default rates are against USD; with another base they would be wrong.
  if (!saw_currencies && config.base_currency == "USD") config.rates = default_config().rates;
  if (!saw_stages) config.stages = default_config().stages;
  check_base_rate(root, config);
  config.rates.erase(config.base_currency);
  sort_stages(config.stages);
  add_built_in_profiles(config.scoring);
  check_profile_choice(root, config.scoring);
  check_import_stages(root, config);
  return config;
}

void ConfigReader::read_dedupe(const toml::node& node, DedupeSettings& dedupe) const {
  for (auto&& [key, value] : read_table(node, "dedupe")) {
    std::string name(key.str());
    auto full_key = "dedupe." + name;
    if (name == "threshold") {
      dedupe.threshold = read_number(value, full_key, 0, 1, "a similarity from 0 to 1");
      dedupe.threshold_given = true;
    } else if (name == "auto_threshold") {
      dedupe.auto_threshold = read_number(value, full_key, 0, 1, "a similarity from 0 to 1");
    } else if (name == "char_weight") {
      dedupe.char_weight = read_number(value, full_key, 0, 1, "a share from 0 to 1");
    } else if (name == "description_weight") {
      dedupe.description_weight = read_number(value, full_key, 0, 1, "a weight from 0 to 1");
    } else if (name == "stop_words") {
      dedupe.stop_words = read_strings(value, full_key);
    } else if (name == "synonyms") {
      for (auto&& [word, phrases] : read_table(value, full_key)) {
        dedupe.synonyms[std::string(word.str())] =
            read_strings(phrases, fmt::format("{}.{}", full_key, word.str()));
      }
    } else {
      throw unknown_key(key, full_key,
                        "[dedupe] knows threshold, auto_threshold, char_weight, "
                        "description_weight, stop_words and [dedupe.synonyms]");
    }
  }
}

void ConfigReader::read_store(const toml::node& node, Config& config) const {
  for (auto&& [key, value] : read_table(node, "store")) {
    if (key.str() != "url") {
      throw unknown_key(key, fmt::format("store.{}", key.str()), "[store] knows url");
    }
    config.store_url = read_string(value, "store.url");
    if (!config.store_url.starts_with("postgresql://") && !config.store_url.starts_with("postgres://")) {
      throw error_at(value.source(), "store.url",
                     "expected a PostgreSQL URL such as postgresql://user@host/dbname");
    }
  }
}

namespace {


toml::table parse_toml(std::string_view text, const std::string& source_name) {
  if (text.size() > max_config_bytes) {
    throw ConfigError(fmt::format("{}: the config is {} bytes; at most {} are allowed", source_name, text.size(),
                                  max_config_bytes));
  }
  check_toml_nesting(text, source_name);
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& error) {
    const auto& where = error.source().begin;
    throw ConfigError(fmt::format("{}:{}:{}: {}", source_name, where.line, where.column,
                                  error.description()));
  }
}

}  // namespace

Config read_config_text(std::string_view text, const std::string& source_name) {
  return ConfigReader(source_name).read(parse_toml(text, source_name));
}

}  // namespace reqtriage
