#include <catch2/catch.hpp>

#include "reqtriage/config.hpp"
#include "reqtriage/error.hpp"

using namespace reqtriage;

namespace {
std::string error_of(const std::string& toml) {
  try {
    load_config_text(toml, "config.toml");
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "no error";
}
}  // namespace

TEST_CASE("the template that config init writes is the defaults", "[config]") {
  auto from_template = load_config_text(config_template(), "template");
  auto defaults = default_config();
  CHECK(from_template.base_currency == defaults.base_currency);
  CHECK(from_template.default_effort == defaults.default_effort);
  CHECK(from_template.rates == defaults.rates);
  REQUIRE(from_template.stages.size() == defaults.stages.size());
  CHECK(defaults.stages.front().name == "closed_lost");
  CHECK(defaults.stages.back().name == "closed_won");
}

TEST_CASE("an empty config means the defaults", "[config]") {
  auto config = load_config_text("", "config.toml");
  CHECK(config.base_currency == "USD");
  CHECK(config.find_stage("proposal") != nullptr);
  CHECK(config.knows_currency("EUR"));
  CHECK(config.source == "config.toml");
}

TEST_CASE("a config's sections replace the defaults", "[config]") {
  auto config = load_config_text(R"(
base_currency = "EUR"
default_effort = 5
[currencies]
USD = 0.92
[stages]
open = 0.3
won = 1
)",
                                 "config.toml");
  CHECK(config.base_currency == "EUR");
  CHECK(config.default_effort == 5);
  CHECK(config.rates == std::map<std::string, double>{{"USD", 0.92}});
  REQUIRE(config.stages.size() == 2);
  CHECK(config.stages[0].name == "open");
  CHECK(config.to_base(Money{10000, "USD"}) == Approx(92));
  CHECK(config.to_base(Money{10000, "EUR"}) == 100);
  CHECK_THROWS_WITH(config.to_base(Money{100, "GBP"}),
                    "no conversion rate for currency GBP to EUR; add it under [currencies] in "
                    "config.toml");
}

TEST_CASE("config errors name the file, line, column and key", "[config]") {
  CHECK(error_of("base_curency = \"USD\"") ==
        "config.toml:1:1: base_curency: unknown key; the known top-level keys are "
        "base_currency, default_effort, [currencies], [stages], [scoring], [profiles], "
        "[[rules]], [import], [messages], [tracker], [dedupe] and [store]");
  CHECK(error_of("\ndefault_effort = true") ==
        "config.toml:2:18: default_effort: expected a number from 0.01 to 1000000, got a boolean");
  CHECK(error_of("default_effort = \"3\"") ==
        "config.toml:1:18: default_effort: expected a number from 0.01 to 1000000, got a string");
  CHECK(error_of("default_effort = nan") ==
        "config.toml:1:18: default_effort: expected a number from 0.01 to 1000000, got nan");
  CHECK(error_of("default_effort = inf") ==
        "config.toml:1:18: default_effort: expected a number from 0.01 to 1000000, got inf");
  CHECK(error_of("[stages]\nlead = 1.5") ==
        "config.toml:2:8: stages.lead: expected a probability from 0 to 1, got 1.5");
  CHECK(error_of("[stages]\n\"Closed Won\" = 1.0") ==
        "config.toml:2:1: stages.Closed Won: a stage name is lower case letters, digits, '_' "
        "and '-'");
  CHECK(error_of("[currencies]\neur = 1.1") ==
        "config.toml:2:1: currencies.eur: write the currency code in upper case: EUR");
  CHECK(error_of("[currencies]\neuro = 1.1") ==
        "config.toml:2:1: currencies.euro: a currency must be named by its three-letter code, "
        "such as EUR");
  CHECK(error_of("[currencies]\nEUR = 0") ==
        "config.toml:2:7: currencies.EUR: expected a positive number (base units per unit), "
        "got 0");
  CHECK(error_of("base_currency = \"dollars\"") ==
        "config.toml:1:17: base_currency: 'dollars' is not a three-letter currency code such as "
        "\"USD\"");
  CHECK(error_of("stages = 3") == "config.toml:1:10: stages: expected a table, got a integer");
  CHECK(error_of("[stages]") == "config.toml:1:1: stages: at least one stage is needed");
  CHECK_THAT(error_of("base_currency = \"USD"), Catch::StartsWith("config.toml:1:"));
  CHECK_THAT(error_of("x = 1\nx = 2"), Catch::StartsWith("config.toml:2:"));
}

TEST_CASE("config errors exit with the config code", "[config]") {
  try {
    load_config_text("nope = 1", "c.toml");
    FAIL("no error");
  } catch (const Error& error) {
    CHECK(error.code() == ExitCode::config);
  }
  CHECK_THROWS_WITH(load_config_file("/nonexistent/config.toml"),
                    "/nonexistent/config.toml: cannot read the config file: No such file or directory");
}

TEST_CASE("the rendered config reads back as the same config", "[config]") {
  auto config = load_config_text("base_currency = \"GBP\"\n[stages]\nopen = 0.25\n", "c.toml");
  auto again = load_config_text(render_config(config), "rendered");
  CHECK(again.base_currency == "GBP");
  CHECK(again.rates == config.rates);
  REQUIRE(again.stages.size() == 1);
  CHECK(again.stages[0].probability == 0.25);
}

TEST_CASE("[store] url names a team store, shown without its password", "[config]") {
  auto config = load_config_text("[store]\nurl = \"postgresql://dana:pw@db/requests?password=pw&sslmode=require\"\n",
                                 "config.toml");
  CHECK(config.store_url == "postgresql://dana:pw@db/requests?password=pw&sslmode=require");
  auto shown = render_config(config);
  CHECK_THAT(shown, Catch::Contains("url = \"postgresql://dana@db/requests?sslmode=require\""));
  CHECK_THAT(shown, !Catch::Contains("pw"));
  CHECK(error_of("[store]\nurl = \"/tmp/x.db\"") ==
        "config.toml:2:7: store.url: expected a PostgreSQL URL such as postgresql://user@host/dbname");
  CHECK(error_of("[store]\nuser = \"dana\"") == "config.toml:2:1: store.user: unknown key; [store] knows url");
}

TEST_CASE("stages and currencies as typed", "[config]") {
  auto config = default_config();
  CHECK(config.stage("Closed Won", "--stage") == "closed_won");
  CHECK(config.stage("proposal", "--stage") == "proposal");
  CHECK_THROWS_WITH(config.stage("pitch", "--stage"),
                    "--stage: unknown stage 'pitch': expected one of closed_lost, lead, qualified, "
                    "proposal, negotiation, commit, closed_won");
  CHECK(config.money(ParsedAmount{100, ""}, "", "--value") == Money{100, "USD"});
  CHECK(config.money(ParsedAmount{100, ""}, "eur", "--value") == Money{100, "EUR"});
  CHECK(config.money(ParsedAmount{100, "EUR"}, "EUR", "--value") == Money{100, "EUR"});
  CHECK_THROWS_WITH(config.money(ParsedAmount{100, "GBP"}, "EUR", "--value"),
                    "--value: the amount is in GBP but --currency says EUR");
  CHECK_THROWS_WITH(config.money(ParsedAmount{100, "XYZ"}, "", "--value"),
                    "--value: no conversion rate for currency XYZ; known: USD, AUD, CAD, CHF, "
                    "EUR, GBP, JPY (add it under [currencies] in the config)");
}

TEST_CASE("rates kept from another base are refused", "[config]") {
  CHECK_THROWS_WITH(load_config_text("base_currency = \"EUR\"\n[currencies]\nEUR = 1.08\nGBP = 1.27\n", "c.toml"),
                    Catch::StartsWith("c.toml:3:7: currencies.EUR: EUR is the base currency, so its rate is 1"));
  auto fine = load_config_text("base_currency = \"EUR\"\n[currencies]\nEUR = 1\nGBP = 1.17\n", "c.toml");
  CHECK(fine.to_base(Money{1000000, "GBP"}) == Approx(11700));
}

TEST_CASE("configs too deep for toml++ are refused before it parses them", "[config]") {
  std::string dotted = "a";
  for (int i = 0; i < 40000; ++i) dotted += ".a";
  CHECK_THROWS_WITH(load_config_text(dotted + " = 1\n", "deep.toml"),
                    "deep.toml:1: dotted keys or table headers nest more than 32 levels deep");
  std::string arrays = "x = " + std::string(5000, '[') + "1" + std::string(5000, ']');
  CHECK_THROWS_WITH(load_config_text("# c\n" + arrays, "deep.toml"),
                    "deep.toml:2: arrays or inline tables nest more than 32 levels deep");
  // Dots and brackets inside strings and comments are text.
  CHECK_NOTHROW(load_config_text("base_currency = \"USD\" # " + std::string(100, '.') + "\n[profiles.x]\n"
                                 "formula = \"value\"\ndescription = '" + std::string(100, '[') + "'\n",
                                 "fine.toml"));
  CHECK_THROWS_AS(load_config_text(std::string(2 << 20, '#'), "huge.toml"), ConfigError);
}
