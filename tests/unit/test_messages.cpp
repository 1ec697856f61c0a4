#include <catch2/catch.hpp>

#include "reqtriage/config.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/messages.hpp"

using namespace reqtriage;

TEST_CASE("a message fills its placeholders and drops optional parts without a value", "[messages]") {
  std::string planned = "Good news: \"{title}\" is planned[ for {target}].[ Meanwhile: {workaround}.]";
  CHECK(fill_message(planned, {{"title", "Dark mode"}, {"target", "2027-Q1"}}) ==
        "Good news: \"Dark mode\" is planned for 2027-Q1.");
  CHECK(fill_message(planned, {{"title", "Dark mode"}, {"workaround", "Use the OS theme"}}) ==
        "Good news: \"Dark mode\" is planned. Meanwhile: Use the OS theme.");
  CHECK(fill_message("{title}: [{{x}}] {{braces}} [[brackets]]", {{"title", "T"}}) == "T: {x} {braces} [brackets]");
}

TEST_CASE("a value ending a sentence swallows the template's full stop", "[messages]") {
  CHECK(fill_message("Declined: {reason}.", {{"reason", "Low value for the effort."}}) ==
        "Declined: Low value for the effort.");
  CHECK(fill_message("Declined: {reason}.", {{"reason", "Why not?"}}) == "Declined: Why not?");
  CHECK(fill_message("Declined: {reason}.", {{"reason", "Low value"}}) == "Declined: Low value.");
}

TEST_CASE("a bad template is refused, saying what is wrong", "[messages]") {
  auto error_of = [](std::string_view text) -> std::string {
    try {
      check_message_template(text);
    } catch (const InputError& error) {
      return error.what();
    }
    return "no error";
  };
  CHECK(error_of("{title} ships {when}") ==
        "unknown placeholder {when}: expected {title}, {reason}, {workaround}, {target}, {link}");
  CHECK(error_of("{title") == "'{' at character 1 is never closed");
  CHECK(error_of("[a [b]]") == "'[' at character 4 is inside another [...]");
  CHECK(error_of("a]") == "']' at character 2 closes nothing (write ']]' for the character)");
  CHECK(error_of("[open") == "a '[' is never closed");
  CHECK(error_of("{title} is fine") == "no error");
}

TEST_CASE("the customer's sentence follows the request's status", "[messages]") {
  Request request;
  request.title = "SSO with Okta";
  request.status = Status::in_progress;
  request.target = "2027-Q1";
  request.links = {"PROJ-12"};
  CHECK(customer_message(request, default_messages()) ==
        "\"SSO with Okta\" is being built, targeted for 2027-Q1. Track it at PROJ-12.");
  request.status = Status::declined;
  request.reason = "Okta covers it through SCIM.";
  CHECK(customer_message(request, default_messages()) ==
        "We will not build \"SSO with Okta\" for now: Okta covers it through SCIM.");
}

TEST_CASE("the template's [messages] are the defaults, and a config overrides one status", "[messages][config]") {
  CHECK(load_config_text(config_template(), "template").messages == default_messages());
  auto config = load_config_text("[messages]\nplanned = \"Planned: {title}\"\n", "config.toml");
  CHECK(config.messages.at(Status::planned) == "Planned: {title}");
  CHECK(config.messages.at(Status::declined) == default_messages().at(Status::declined));
  try {
    load_config_text("[messages]\nplanned = \"{title} ships {when}\"\n", "config.toml");
    FAIL("an unknown placeholder was accepted");
  } catch (const ConfigError& error) {
    CHECK(std::string(error.what()) ==
          "config.toml:2:11: messages.planned: unknown placeholder {when}: expected {title}, {reason}, "
          "{workaround}, {target}, {link}");
  }
  try {
    load_config_text("[messages]\nmerged = \"x\"\n", "config.toml");
    FAIL("a template for merged was accepted");
  } catch (const ConfigError& error) {
    CHECK(std::string(error.what()).starts_with("config.toml:2:1: messages.merged: unknown key"));
  }
}

TEST_CASE("a tracker map reads its columns and status maps", "[config]") {
  auto config = load_config_text(R"(
[tracker.maps.jira]
key = "Issue key"
status = "Status"
target = ["Fix versions", "Fix Version/s"]
[tracker.maps.jira.statuses]
"Done" = "shipped"
"In Progress" = "in-progress"
)",
                                 "config.toml");
  const auto& map = config.find_tracker_map("jira");
  CHECK(map.target == std::vector<std::string>{"Fix versions", "Fix Version/s"});
  CHECK(map.statuses.at("done") == Status::shipped);
  CHECK_THROWS_AS(config.find_tracker_map("linear"), UsageError);
  CHECK_THROWS_AS(load_config_text("[tracker.maps.x]\nkey = \"K\"\nstatus = \"S\"\n[tracker.maps.x.statuses]\n"
                                   "\"Done\" = \"merged\"\n",
                                   "config.toml"),
                  ConfigError);
}
