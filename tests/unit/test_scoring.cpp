#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <random>

#include "reqtriage/config.hpp"
#include "reqtriage/scoring.hpp"

using namespace reqtriage;

namespace {

Ask make_ask(AskId id, std::int64_t account, std::int64_t dollars, const std::string& stage,
             const std::string& close = "", const std::string& at = "2026-11-01T00:00:00Z") {
  Ask ask;
  ask.id = id;
  ask.request_id = 1;
  ask.account_id = account;
  ask.value = Money{dollars * 100, "USD"};
  ask.stage = stage;
  ask.close_date = close;
  ask.created_at = at;
  return ask;
}

std::vector<const Ask*> pointers(const std::vector<Ask>& asks) {
  std::vector<const Ask*> out;
  for (const auto& ask : asks) out.push_back(&ask);
  return out;
}

Request make_request(std::optional<double> effort = std::nullopt) {
  Request request;
  request.id = 1;
  request.title = "SSO";
  request.tags = {"compliance", "sso"};
  request.area = "security";
  request.effort = effort;
  request.created_at = "2026-10-01T00:00:00Z";
  return request;
}

const std::string today = "2026-11-27";

}  // namespace

TEST_CASE("quantities: open deals each once, an account by its largest, won kept apart", "[scoring]") {
  auto config = default_config();
  AccountIndex accounts{{1, {"acme", "enterprise", 50000}}, {2, {"globex", "", 0}}};
  std::vector<Ask> asks{make_ask(1, 1, 100000, "proposal", "2026-12-31", "2026-11-01T00:00:00Z"),
                        make_ask(2, 1, 20000, "negotiation", "2026-12-07", "2026-11-20T00:00:00Z"),
                        make_ask(3, 2, 60000, "closed_won", "2026-10-01", "2026-10-15T00:00:00Z")};
  auto request = make_request();
  auto q = compute_quantities(request, pointers(asks), accounts, config, today);
  CHECK(q[Quantity::value] == 100000);               // Acme's largest open deal; Globex's is won
  CHECK(q[Quantity::pipeline] == 100000 * 0.4);      // the largest deal's weight goes with it
  CHECK(q[Quantity::won] == 60000);
  CHECK(q[Quantity::lost] == 0);
  CHECK(q[Quantity::deals] == 2);  // Acme's smaller deal counts nowhere
  CHECK(q[Quantity::importance] == 1);
  CHECK(q[Quantity::arr] == 50000);
  CHECK(q[Quantity::accounts] == 2);
  CHECK(q[Quantity::asks] == 3);
  CHECK(q[Quantity::concentration] == 1);
  CHECK(q[Quantity::confidence] == Approx(0.4));
  CHECK(q[Quantity::effort] == 3);
  CHECK(q.needs_estimate);
  CHECK(q[Quantity::days_to_close] == 10);  // the won deal's date does not count
  CHECK(q[Quantity::days_since_last_ask] == 7);
  CHECK(q[Quantity::age_days] == 57);  // since the request was logged, before any ask

  config.scoring.account_policy = AccountPolicy::sum;
  CHECK(compute_quantities(request, pointers(asks), accounts, config, today)[Quantity::value] == 120000);
  config.scoring.account_policy = AccountPolicy::latest;
  CHECK(compute_quantities(request, pointers(asks), accounts, config, today)[Quantity::value] == 20000);
}

TEST_CASE("no asks and no close dates", "[scoring]") {
  auto config = default_config();
  auto q = compute_quantities(make_request(5.0), {}, {}, config, today);
  CHECK(q[Quantity::value] == 0);
  CHECK(q[Quantity::concentration] == 0);
  CHECK(q[Quantity::confidence] == 0);
  CHECK(q[Quantity::days_to_close] == 365);
  CHECK(q[Quantity::effort] == 5);
  CHECK_FALSE(q.needs_estimate);
}

TEST_CASE("built-in profiles against hand-computed values", "[scoring]") {
  auto config = default_config();
  std::vector<Ask> asks{make_ask(1, 1, 100000, "proposal", "2026-12-27"),
                        make_ask(2, 2, 50000, "negotiation", "2027-06-01")};
  auto request = make_request(4.0);
  auto score_with = [&](const std::string& profile) {
    return score_request(request, pointers(asks), {}, config,
                         config.scoring.find_profile(profile), today)
        .score;
  };
  double value = 150000;
  double pipeline = 100000 * 0.4 + 50000 * 0.6;  // 70000
  CHECK(score_with("default") == pipeline / 4);
  CHECK(score_with("rice") == Approx(2 * std::log10(1 + value) * (pipeline / value) / 4));
  double urgency = 1 - 30.0 / 180;  // the soonest close is 30 days away
  CHECK(score_with("wsjf") == Approx((pipeline + value * urgency) / 1000 / 4));
}

TEST_CASE("rules apply in order when all their conditions hold", "[scoring]") {
  auto config = load_config_text(R"(
[[rules]]
name = "compliance"
tag = ["compliance", "gdpr"]
multiply = 2
[[rules]]
name = "enterprise bonus"
segment = "Enterprise"
add = 100
[[rules]]
name = "never"
tag = "compliance"
area = "ui"
multiply = 0
[[rules]]
name = "estimate first"
needs_estimate = true
min_value = 1000
stage = "proposal"
multiply = 0.5
)",
                                 "rules.toml");
  AccountIndex accounts{{1, {"acme", "enterprise", 0}}};
  std::vector<Ask> asks{make_ask(1, 1, 10000, "proposal")};
  auto request = make_request();
  auto score = score_request(request, pointers(asks), accounts, config,
                             config.scoring.find_profile("default"), today);
  CHECK(score.base == 10000 * 0.4 / 3);
  REQUIRE(score.effects.size() == 3);
  CHECK(score.effects[0].rule->name == "compliance");
  CHECK(score.effects[1].rule->name == "enterprise bonus");
  CHECK(score.effects[2].rule->name == "estimate first");
  CHECK(score.score == ((score.base * 2) + 100) * 0.5);
  CHECK(score.effects[2].rule->conditions == "value >= 1000, needs an estimate, stage = proposal");
}

TEST_CASE("the explained parts reproduce every score exactly", "[scoring]") {
  std::mt19937 random(20261127);
  std::uniform_int_distribution<int> pick(0, 1000000);
  const std::vector<std::string> stages{"", "lead", "qualified", "proposal", "closed_won", "closed_lost"};
  const std::vector<std::string> profiles{"default", "rice", "wsjf", "mine"};
  for (int round = 0; round < 200; ++round) {
    auto config = load_config_text(fmt::format(R"(
default_effort = {}
[scoring]
account_policy = "{}"
[profiles]
mine = "(value + 2 * arr) / max(effort, 1) - days_since_last_ask * {} + ramp(age_days, 0, 90) ^ 2"
[[rules]]
tag = "sso"
multiply = {}
add = {}
[[rules]]
min_value = {}
multiply = 1.{}
)",
                                               1 + pick(random) % 10,
                                               std::vector<std::string>{"max", "sum", "latest"}[pick(random) % 3],
                                               pick(random) % 7, (pick(random) % 300) / 100.0,
                                               pick(random) % 500, pick(random) % 200000,
                                               pick(random) % 9),
                                   "random.toml");
    AccountIndex accounts;
    for (int a = 1; a <= 5; ++a) accounts[a] = {"a", "", static_cast<double>(pick(random))};
    std::vector<Ask> asks;
    int count = pick(random) % 6;
    for (int i = 0; i < count; ++i) {
      asks.push_back(make_ask(i + 1, pick(random) % 6, pick(random), stages[pick(random) % stages.size()],
                              fmt::format("2027-0{}-1{}", 1 + pick(random) % 9, pick(random) % 10),
                              fmt::format("2026-1{}-0{}T00:00:00Z", pick(random) % 2, 1 + pick(random) % 9)));
    }
    auto request = make_request(pick(random) % 2 ? std::optional<double>(pick(random) % 20) : std::nullopt);
    if (pick(random) % 2) request.tags = {"ui"};
    const auto& profile = config.scoring.find_profile(profiles[pick(random) % profiles.size()]);
    auto score = score_request(request, pointers(asks), accounts, config, profile, today);

    double from_terms = 0;
    for (const auto& term : profile.formula.terms(score.quantities.values)) {
      from_terms = from_terms + term.sign * term.value;
    }
    CHECK(from_terms == score.base);
    double replayed = score.base;
    for (const auto& effect : score.effects) {
      CHECK(effect.before == replayed);
      replayed = replayed * effect.rule->multiply + effect.rule->add;
      CHECK(effect.after == replayed);
    }
    CHECK(replayed == score.score);
  }
}

TEST_CASE("ranking order and ties", "[scoring]") {
  auto config = default_config();
  std::vector<Request> requests(4, make_request(1.0));
  for (int i = 0; i < 4; ++i) requests[i].id = i + 1;
  requests[3].status = Status::shipped;  // not ranked
  std::vector<Ask> asks{make_ask(1, 1, 1000, ""), make_ask(2, 2, 1000, ""), make_ask(3, 3, 2000, "")};
  asks[0].request_id = 2;  // requests 1 and 2 tie on score...
  asks[1].request_id = 1;
  asks[2].request_id = 3;
  asks.push_back(make_ask(4, 4, 0, ""));  // ...and request 2 gets a valueless extra ask
  asks[3].request_id = 2;
  auto scores = rank_requests(requests, asks, {}, config, config.scoring.find_profile("default"), today);
  REQUIRE(scores.size() == 3);
  CHECK(scores[0].request->id == 3);
  CHECK(scores[1].request->id == 1);  // equal score and value: lower id first
  CHECK(scores[2].request->id == 2);
  CHECK(scores[2].rank == 3);
}

TEST_CASE("scores are absolute", "[scoring]") {
  auto config = default_config();
  const auto& profile = config.scoring.find_profile("rice");
  std::vector<Request> requests(2, make_request(2.0));
  requests[1].id = 2;
  std::vector<Ask> asks{make_ask(1, 1, 5000, "lead")};
  auto alone = rank_requests({requests[0]}, asks, {}, config, profile, today);
  asks.push_back(make_ask(2, 2, 900000, "commit"));
  asks.back().request_id = 2;
  auto together = rank_requests(requests, asks, {}, config, profile, today);
  CHECK(together[1].score == alone[0].score);
}

TEST_CASE("scoring config errors", "[scoring][config]") {
  auto error_of = [](const std::string& toml) -> std::string {
    try {
      load_config_text(toml, "s.toml");
    } catch (const std::exception& error) {
      return error.what();
    }
    return "no error";
  };
  CHECK(error_of("[profiles]\nmine = \"pipline / effort\"") ==
        "s.toml:2:9: profiles.mine: unknown name 'pipline'; known: value, pipeline, arr, "
        "concentration, confidence, accounts, asks, effort, days_to_close, days_since_last_ask, "
        "age_days, won, lost, deals, importance (column 1 of the formula)");
  CHECK(error_of("[profiles]\nmine = \"value / (effort\"") ==
        "s.toml:2:24: profiles.mine: missing ')' (column 16 of the formula)");
  CHECK(error_of("[profiles.mine]\ndescription = \"x\"") ==
        "s.toml:1:1: profiles.mine: the profile has no formula");
  CHECK(error_of("[scoring]\nprofile = \"fast\"") ==
        "s.toml:2:11: scoring.profile: no profile 'fast'; known: default, rice, wsjf");
  CHECK(error_of("[scoring]\naccount_policy = \"avg\"") ==
        "s.toml:2:18: scoring.account_policy: unknown policy 'avg': expected max, sum or latest");
  CHECK(error_of("[scoring]\nstatuses = [\"new\", \"done\"]") ==
        "s.toml:2:12: scoring.statuses: unknown status 'done': expected one of new, triaged, "
        "planned, in-progress, shipped, declined, merged");
  CHECK(error_of("[[rules]]\ntag = \"x\"") == "s.toml:1:1: rules[1]: the rule has neither multiply nor add");
  CHECK(error_of("[[rules]]\nmultiply = 2\n[[rules]]\ntags = \"x\"\nadd = 1") ==
        "s.toml:4:1: rules[2].tags: unknown key; a rule has name, tag, area, status, account, "
        "segment, stage, min_value, needs_estimate, multiply and add");
  CHECK(error_of("[[rules]]\nneeds_estimate = 1\nadd = 1") ==
        "s.toml:2:18: rules[1].needs_estimate: expected true or false, got a integer");
  CHECK(error_of("rules = 3") == "s.toml:1:9: rules: expected [[rules]] tables, one per rule");
  CHECK(error_of("[scoring]\nconcentraton_flag = 0.5").find("s.toml:2:1: scoring.concentraton_flag: unknown key") == 0);
}
