// Reading [scoring], [profiles] and [[rules]].
#include "config_reader.hpp"

#include "config_parts.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {

void ConfigReader::read_scoring(const toml::node& node, ScoringSettings& scoring) const {
  for (auto&& [key, value] : read_table(node, "scoring")) {
    std::string name(key.str());
    auto full_key = "scoring." + name;
    if (name == "profile") {
      scoring.profile = read_string(value, full_key);
    } else if (name == "statuses") {
      scoring.statuses = read_statuses(value, full_key, read_strings(value, full_key));
    } else if (name == "account_policy") {
      scoring.account_policy = read_choice<AccountPolicy>(
          value, full_key, {{"max", AccountPolicy::max}, {"sum", AccountPolicy::sum}, {"latest", AccountPolicy::latest}},
          "policy");
    } else if (name == "no_close_days") {
      scoring.no_close_days = read_number(value, full_key, 0, 100000, "a number of days from 0 to 100000");
    } else if (name == "concentration_flag") {
      scoring.concentration_flag = read_number(value, full_key, 0, 1, "a share from 0 to 1");
    } else if (name == "unknown_stage_weight" || name == "unstaged_probability") {
      // unstaged_probability: its name before 0.5, still read.
      scoring.unknown_stage_weight = read_number(value, full_key, 0, 1, "a weight from 0 to 1");
    } else if (name == "importance") {
      read_importance(value, full_key, scoring.importance);
    } else {
      throw unknown_key(key, full_key,
                        "[scoring] knows profile, statuses, account_policy, no_close_days, "
                        "concentration_flag, unknown_stage_weight and [scoring.importance]");
    }
  }
}

Formula ConfigReader::read_formula(const toml::node& node, const std::string& key) const {
  auto text = read_string(node, key);
  try {
    return Formula::parse(text, quantity_names());
  } catch (const FormulaError& error) {
    auto where = node.source();
    // Point at the column inside the quoted string, after the opening quote.
    where.begin.column += static_cast<toml::source_index>(error.column());
    throw error_at(where, key,
                   fmt::format("{} (column {} of the formula)", error.what(), error.column()));
  }
}

void ConfigReader::read_profiles(const toml::node& node, ScoringSettings& scoring) const {
  for (auto&& [key, value] : read_table(node, "profiles")) {
    std::string name(key.str());
    auto full_key = "profiles." + name;
    Profile profile{name, "", Formula::parse("0", {}), false};
    if (value.is_table()) {
      bool has_formula = false;
      for (auto&& [field, field_value] : *value.as_table()) {
        auto field_key = fmt::format("{}.{}", full_key, field.str());
        if (field.str() == "formula") {
          profile.formula = read_formula(field_value, field_key);
          has_formula = true;
        } else if (field.str() == "description") {
          profile.description = read_string(field_value, field_key);
        } else {
          throw unknown_key(field, field_key, "a profile has a formula and a description");
        }
      }
      if (!has_formula) throw error_at(value.source(), full_key, "the profile has no formula");
    } else {
      profile.formula = read_formula(value, full_key);
    }
    scoring.profiles.insert_or_assign(name, std::move(profile));
  }
}

void ConfigReader::read_rules(const toml::node& node, ScoringSettings& scoring) const {
  if (!node.is_array_of_tables()) {
    throw error_at(node.source(), "rules",
                   "expected [[rules]] tables, one per rule");
  }
  std::size_t number = 0;
  for (const auto& element : *node.as_array()) {
    ++number;
    scoring.rules.push_back(read_rule(*element.as_table(), number));
  }
}

Rule ConfigReader::read_rule(const toml::table& table, std::size_t number) const {
  Rule rule;
  rule.name = fmt::format("rule {}", number);
  std::vector<std::string> described;
  bool has_effect = false;
  for (auto&& [key, bound_value] : table) {
    const toml::node& value = bound_value;  // lambdas below cannot capture a binding (clang 14)
    std::string name(key.str());
    auto full_key = fmt::format("rules[{}].{}", number, name);
    auto strings = [&] {
      auto list = read_strings(value, full_key);
      described.push_back(fmt::format("{} = {}", name, fmt::join(list, " or ")));
      return list;
    };
    auto folded = [&] {
      auto list = strings();
      for (auto& item : list) item = fold_case(item);
      return list;
    };
    if (name == "name") {
      rule.name = read_string(value, full_key);
    } else if (name == "tag") {
      rule.tags = folded();
    } else if (name == "area") {
      rule.areas = folded();
    } else if (name == "account") {
      rule.accounts = folded();
    } else if (name == "segment") {
      rule.segments = folded();
    } else if (name == "stage") {
      rule.stages = strings();
    } else if (name == "status") {
      rule.statuses = read_statuses(value, full_key, strings());
    } else if (name == "min_value") {
      rule.min_value = read_number(value, full_key, 0, 1e15, "an amount of at least 0");
      described.push_back(fmt::format("value >= {}", format_number(*rule.min_value)));
    } else if (name == "needs_estimate") {
      if (!value.is_boolean()) {
        throw error_at(value.source(), full_key,
                       fmt::format("expected true or false, got a {}", type_name(value)));
      }
      rule.needs_estimate = *value.value<bool>();
      described.push_back(*rule.needs_estimate ? "needs an estimate" : "has an estimate");
    } else if (name == "multiply") {
      rule.multiply = read_number(value, full_key, -1e9, 1e9, "a number");
      has_effect = true;
    } else if (name == "add") {
      rule.add = read_number(value, full_key, -1e15, 1e15, "a number");
      has_effect = true;
    } else {
      throw unknown_key(key, full_key,
                        "a rule has name, tag, area, status, account, segment, stage, "
                        "min_value, needs_estimate, multiply and add");
    }
  }
  if (!has_effect) {
    throw error_at(table.source(), fmt::format("rules[{}]", number),
                   "the rule has neither multiply nor add");
  }
  rule.conditions = described.empty() ? "every request" : fmt::format("{}", fmt::join(described, ", "));
  return rule;
}

std::vector<Status> ConfigReader::read_statuses(const toml::node& node, const std::string& key,
                                  const std::vector<std::string>& names) const {
  std::vector<Status> statuses;
  for (const auto& name : names) {
    try {
      statuses.push_back(parse_status(name, key));
    } catch (const InputError&) {
      throw error_at(node.source(), key,
                     fmt::format("unknown status '{}': expected one of {}", name, status_names()));
    }
  }
  return statuses;
}

void ConfigReader::add_built_in_profiles(ScoringSettings& scoring) {
  for (const auto& [name, formula, description] : built_in_profiles()) {
    if (scoring.profiles.count(name) == 0) {
      scoring.profiles.emplace(
          name, Profile{name, description, Formula::parse(formula, quantity_names()), true});
    }
  }
}

void ConfigReader::check_profile_choice(const toml::table& root, const ScoringSettings& scoring) const {
  if (scoring.profiles.count(scoring.profile)) return;
  const toml::node* node = root.at_path("scoring.profile").node();
  throw error_at(node ? node->source() : root.source(), "scoring.profile",
                 fmt::format("no profile '{}'; known: {}", scoring.profile, scoring.profile_names()));
}

}  // namespace reqtriage
