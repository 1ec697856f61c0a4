// The money rules of reqtriage(1), MONEY, one test each.
#include <catch2/catch.hpp>

#include <cmath>
#include <map>

#include "reqtriage/account_names.hpp"
#include "reqtriage/config.hpp"
#include "reqtriage/money.hpp"

using namespace reqtriage;

namespace {

struct AskBuilder {
  Ask ask;
  AskBuilder(AskId id, RequestId request, std::int64_t account) {
    ask.id = id;
    ask.request_id = request;
    ask.account_id = account;
    ask.created_at = "2026-11-01T00:00:00Z";
  }
  AskBuilder& value(std::int64_t dollars, const std::string& currency = "USD") {
    ask.value = Money{dollars * 100, currency};
    return *this;
  }
  AskBuilder& stage(const std::string& stage) {
    ask.stage = stage;
    return *this;
  }
  AskBuilder& deal(const std::string& deal) {
    ask.deal = deal;
    return *this;
  }
  AskBuilder& at(const std::string& created_at) {
    ask.created_at = created_at;
    return *this;
  }
  AskBuilder& importance(Importance level) {
    ask.importance = level;
    return *this;
  }
  operator Ask() const { return ask; }
};

std::vector<const Ask*> on_request(const std::vector<Ask>& asks, RequestId id) {
  std::vector<const Ask*> own;
  for (const auto& ask : asks) {
    if (ask.request_id == id) own.push_back(&ask);
  }
  return own;
}

}  // namespace

TEST_CASE("a deal asking for four features: each request shows it whole, totals count it once", "[money]") {
  auto config = default_config();
  std::vector<Ask> asks;
  for (RequestId request = 1; request <= 4; ++request) {
    asks.push_back(AskBuilder(request, request, 7).value(1200000).stage("proposal").deal("OPP-1"));
  }
  for (RequestId request = 1; request <= 4; ++request) {
    auto figures = request_figures(on_request(asks, request), {}, config);
    CHECK(figures.value == 1200000);
    CHECK(figures.deals == 1);
  }
  auto account = total_figures(pointers_to(asks), {}, config);
  CHECK(account.value == 1200000);  // not 4,800,000
  CHECK(account.pipeline == Approx(1200000 * 0.4));
  CHECK(account.deals == 1);
  CHECK(account.asks == 4);
}

TEST_CASE("a deal's amount and stage are those of its latest ask", "[money]") {
  auto config = default_config();
  std::vector<Ask> asks{AskBuilder(1, 1, 7).value(100000).stage("lead").deal("OPP-1").at("2026-10-01T00:00:00Z"),
                        AskBuilder(2, 2, 7).value(150000).stage("commit").deal("OPP-1").at("2026-11-01T00:00:00Z")};
  auto total = total_figures(pointers_to(asks), {}, config);
  CHECK(total.value == 150000);
  CHECK(total.pipeline == Approx(150000 * 0.8));
}

TEST_CASE("one key in two accounts is two deals", "[money]") {
  auto config = default_config();
  std::vector<Ask> asks{AskBuilder(1, 1, 7).value(100).deal("Q4"), AskBuilder(2, 1, 8).value(200).deal("Q4")};
  CHECK(total_figures(pointers_to(asks), {}, config).deals == 2);
  CHECK(total_figures(pointers_to(asks), {}, config).value == 300);
}

TEST_CASE("won deals are commitments and lost ones lost revenue, both out of value and pipeline", "[money]") {
  auto config = default_config();
  std::vector<Ask> asks{AskBuilder(1, 1, 7).value(100000).stage("negotiation"),
                        AskBuilder(2, 1, 8).value(300000).stage("closed_won"),
                        AskBuilder(3, 1, 9).value(50000).stage("closed_lost")};
  auto figures = request_figures(pointers_to(asks), {}, config);
  CHECK(figures.value == 100000);
  CHECK(figures.pipeline == Approx(60000));
  CHECK(figures.won == 300000);
  CHECK(figures.lost == 50000);
  CHECK(figures.deals == 3);
}

TEST_CASE("an ask with no stage weighs as the lowest open stage, or unknown_stage_weight", "[money]") {
  auto config = default_config();
  std::vector<Ask> asks{AskBuilder(1, 1, 7).value(100000)};
  CHECK(request_figures(pointers_to(asks), {}, config).pipeline == Approx(100000 * 0.05));
  config.scoring.unknown_stage_weight = 0.5;
  CHECK(request_figures(pointers_to(asks), {}, config).pipeline == Approx(50000));
  std::vector<AskContribution> parts;
  request_figures(pointers_to(asks), {}, config, &parts);
  REQUIRE(parts.size() == 1);
  CHECK_FALSE(parts[0].stage_known);
  CHECK(parts[0].kind == StageKind::open);
}

TEST_CASE("importance is its own quantity: pipeline stays value x stage weight", "[money]") {
  auto config = default_config();
  std::vector<Ask> asks{AskBuilder(1, 1, 7).value(100000).stage("proposal").importance(Importance::blocker),
                        AskBuilder(2, 1, 8).value(100000).stage("proposal")};
  std::vector<AskContribution> parts;
  auto figures = request_figures(pointers_to(asks), {}, config, &parts);
  CHECK(figures.value == 200000);
  CHECK(figures.pipeline == 80000);  // never above value
  CHECK(figures.importance() == Approx(1.25));
  CHECK(figures.confidence() == Approx(0.4));
  REQUIRE(parts.size() == 2);
  CHECK(parts[0].adds_pipeline == 40000);
  CHECK(parts[0].deal_importance == 1.5);
  CHECK(parts[0].importance_from == 1);
  CHECK(parts[1].deal_importance == 1);
}

TEST_CASE("a deal's importance on a request is the highest of its asks there, not elsewhere", "[money]") {
  auto config = default_config();
  // One deal asks for two requests; it is a blocker for the first only.
  std::vector<Ask> asks{AskBuilder(1, 1, 7).value(100000).stage("proposal").deal("OPP-1").importance(Importance::blocker),
                        AskBuilder(2, 2, 7).value(100000).stage("proposal").deal("OPP-1")};
  CHECK(request_figures(on_request(asks, 1), {}, config).importance() == Approx(1.5));
  CHECK(request_figures(on_request(asks, 2), {}, config).importance() == 1);
}

TEST_CASE("one account's deals on a request combine by account_policy", "[money]") {
  auto config = default_config();
  std::vector<Ask> asks{AskBuilder(1, 1, 7).value(100000).stage("proposal").at("2026-10-01T00:00:00Z"),
                        AskBuilder(2, 1, 7).value(30000).stage("proposal").at("2026-11-01T00:00:00Z")};
  CHECK(request_figures(pointers_to(asks), {}, config).value == 100000);
  config.scoring.account_policy = AccountPolicy::sum;
  CHECK(request_figures(pointers_to(asks), {}, config).value == 130000);
  config.scoring.account_policy = AccountPolicy::latest;
  CHECK(request_figures(pointers_to(asks), {}, config).value == 30000);
  // Across requests the same rule holds: a deal counts where it counts on a request.
  CHECK(total_figures(pointers_to(asks), {}, config).value == 30000);
  config.scoring.account_policy = AccountPolicy::max;
  CHECK(total_figures(pointers_to(asks), {}, config).value == 100000);
}

TEST_CASE("the ledger rule: an account's figures are what its requests show for it, each deal once", "[money]") {
  auto config = default_config();
  // Litware: one opportunity relayed twice on request 7 (once by a rep,
  // once from the CRM, no common key), and a keyed deal on two requests.
  std::vector<Ask> asks{AskBuilder(1, 7, 3).value(129600).stage("proposal"),
                        AskBuilder(2, 7, 3).value(129600).stage("proposal").deal("CRM-9"),
                        AskBuilder(3, 8, 3).value(50000).stage("commit").deal("OPP-2"),
                        AskBuilder(4, 9, 3).value(50000).stage("commit").deal("OPP-2"),
                        AskBuilder(5, 9, 4).value(90000).stage("closed_won"),
                        AskBuilder(6, 9, 4).value(90000).stage("closed_won")};
  for (auto policy : {AccountPolicy::max, AccountPolicy::latest, AccountPolicy::sum}) {
    config.scoring.account_policy = policy;
    for (std::int64_t account : {3, 4}) {
      std::vector<const Ask*> own;
      for (const auto& ask : asks) {
        if (ask.account_id == account) own.push_back(&ask);
      }
      auto total = total_figures(own, {}, config);
      // The account's requests, each shown for this account alone, with a
      // keyed deal taken once: here OPP-2 sits on 8 and 9 with one amount.
      double value = 0;
      double won = 0;
      for (RequestId request : {7, 8, 9}) {
        std::vector<const Ask*> on;
        for (const Ask* ask : own) {
          if (ask->request_id == request && !(ask->deal == "OPP-2" && request == 9)) on.push_back(ask);
        }
        auto figures = request_figures(on, {}, config);
        value += figures.value;
        won += figures.won;
      }
      CHECK(total.value == value);
      CHECK(total.won == won);
    }
  }
  config.scoring.account_policy = AccountPolicy::max;
  CHECK(request_figures(on_request(asks, 7), {}, config).value == 129600);
}

TEST_CASE("rows by status add up to the total: each deal under its request furthest along", "[money]") {
  auto config = default_config();
  std::vector<Ask> asks{AskBuilder(1, 1, 7).value(1000).stage("proposal").deal("D"),
                        AskBuilder(2, 2, 7).value(1000).stage("proposal").deal("D"),
                        AskBuilder(3, 3, 7).value(1000).stage("proposal").deal("D"),
                        AskBuilder(4, 3, 8).value(500).stage("closed_won")};
  std::map<RequestId, Status> status{{1, Status::new_}, {2, Status::in_progress}, {3, Status::shipped}};
  AccountIndex no_accounts;
  FiguresTally tally(no_accounts, config);
  for (const auto& ask : asks) tally.add(ask, furthest_first(status[ask.request_id]));
  auto rows = tally.figures_by_row();
  auto total = tally.figures();
  double value = 0;
  double won = 0;
  int deals = 0;
  for (const auto& [row, figures] : rows) {
    value += figures.value;
    won += figures.won;
    deals += figures.deals;
  }
  CHECK(total.value == 1000);
  CHECK(value == total.value);
  CHECK(won == total.won);
  CHECK(deals == total.deals);
  CHECK(rows.at(furthest_first(Status::shipped)).value == 1000);  // D counts as shipped
  CHECK(rows.at(furthest_first(Status::new_)).value == 0);
  CHECK(rows.at(furthest_first(Status::new_)).asks == 1);
}

TEST_CASE("money adds up in whole cents", "[money]") {
  auto config = default_config();
  config.rates["EUR"] = 1.08;
  std::vector<Ask> asks{AskBuilder(1, 1, 7).value(84500, "EUR").stage("proposal"),
                        AskBuilder(2, 1, 8).value(16200).stage("proposal"),
                        AskBuilder(3, 1, 9).value(129600).stage("proposal")};
  auto figures = request_figures(pointers_to(asks), {}, config);
  CHECK(figures.value == 91260 + 16200 + 129600);
  CHECK(figures.value * 100 == std::round(figures.value * 100));
  CHECK(figures.pipeline * 100 == std::round(figures.pipeline * 100));
}

TEST_CASE("explain: what each ask adds, and why some add nothing", "[money]") {
  auto config = default_config();
  std::vector<Ask> asks{AskBuilder(1, 1, 7).value(100000).stage("proposal").deal("OPP-1"),
                        AskBuilder(2, 1, 7).value(100000).stage("proposal").deal("OPP-1"),
                        AskBuilder(3, 1, 7).value(20000).stage("lead"),
                        AskBuilder(4, 1, 8).value(5000).stage("closed_lost")};
  std::vector<AskContribution> parts;
  auto figures = request_figures(pointers_to(asks), {}, config, &parts);
  REQUIRE(parts.size() == 4);
  CHECK(parts[0].adds_value == 0);
  CHECK(parts[0].counted_elsewhere == "deal OPP-1 counts once, as its latest ask #2");
  CHECK(parts[1].adds_value == 100000);
  CHECK(parts[1].adds_pipeline == Approx(40000));
  CHECK(parts[2].counted_elsewhere.starts_with("account_policy max"));
  CHECK(parts[3].kind == StageKind::lost);
  CHECK(parts[3].adds_value == 5000);
  double added = 0;
  for (const auto& part : parts) added += part.kind == StageKind::open ? part.adds_value : 0;
  CHECK(added == figures.value);
}

TEST_CASE("account totals: each deal once, merged accounts left out", "[money]") {
  auto config = default_config();
  std::vector<Account> accounts(2);
  accounts[0].id = 7;
  accounts[0].name = "Contoso Health";
  accounts[1].id = 8;
  accounts[1].name = "Contoso";
  accounts[1].merged_into = 7;
  std::vector<Ask> asks{AskBuilder(1, 1, 7).value(1200000).deal("OPP-1"), AskBuilder(2, 2, 7).value(1200000).deal("OPP-1"),
                        AskBuilder(3, 3, 7).value(1000)};
  auto figures = figures_by_account(accounts, asks, {}, config);
  REQUIRE(figures.size() == 1);
  CHECK(figures[0].figures.value == 1201000);
  CHECK(figures[0].requests == 3);
  CHECK(figures[0].figures.deals == 2);
}

TEST_CASE("account names match ignoring case, spacing and legal suffixes", "[money][accounts]") {
  CHECK(account_key("Contoso Health Inc.") == "contoso health");
  CHECK(account_key("contoso  health") == "contoso health");
  CHECK(account_key("Contoso Health, Inc") == "contoso health");
  CHECK(account_key("Acme Pty Ltd") == "acme");
  CHECK(account_key("Société Générale S.A.") == "société générale");
  CHECK(account_key("Initech GmbH") == "initech");
  CHECK(account_key("Inc") == "inc");  // a name is never left empty
  CHECK(account_key("Co-op Bank") == "co-op bank");
  // A key never comes down to an article or a suffix alone.
  CHECK(account_key("The Limited") == "the limited");
  CHECK(account_key("The Company") == "the company");
  CHECK(account_key("The Corporation") != account_key("The Company"));
  CHECK(account_key("Co Ltd") != account_key("Co"));
  CHECK(account_key("Co Co") != account_key("Co"));
  CHECK(account_key("The Acme Company") == "the acme");
}

TEST_CASE("a name a typo away from a known account is caught", "[money][accounts]") {
  std::vector<Account> accounts(2);
  accounts[0].id = 4;
  accounts[0].name = "Contoso Health";
  accounts[1].id = 5;
  accounts[1].name = "Globex";
  const auto* close = close_account("Contso Health", accounts);
  REQUIRE(close);
  CHECK(close->id == 4);
  CHECK(close_account("Globez", accounts)->id == 5);
  CHECK_FALSE(close_account("Initech", accounts));
  CHECK_FALSE(close_account("Acm", accounts));  // too short to tell a typo
  accounts[1].name = "Store 12";
  CHECK_FALSE(close_account("Store 13", accounts));  // numbered names are different customers
}
