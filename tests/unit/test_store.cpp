#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/stat.h>

#include <catch2/catch.hpp>

#include <fstream>
#include <filesystem>
#include <fmt/format.h>
#include <random>

#include "reqtriage/config.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/scoring.hpp"
#include "reqtriage/store.hpp"
#include "reqtriage/money.hpp"
#include "sqlite_schema.hpp"
#include "temp_dir.hpp"

using namespace reqtriage;
using reqtriage::testing::TempDir;

namespace {

std::unique_ptr<Store> open_at(const std::string& path, IfMissing if_missing = IfMissing::create) {
  return open_store({path, if_missing, false, "tester"});
}

NewAsk ask_from(const std::string& account, std::int64_t cents, const std::string& stage = "") {
  NewAsk ask;
  ask.account = account;
  ask.value = Money{cents, "USD"};
  ask.stage = stage;
  return ask;
}

int permissions(const std::string& path) {
  struct stat info {};
  ::stat(path.c_str(), &info);
  return static_cast<int>(info.st_mode & 0777);
}

}  // namespace

TEST_CASE("log records a request, its first ask and history", "[store]") {
  TempDir dir;
  auto store = open_at(dir.file("r.db"));
  NewRequest request{"SSO with Okta", "", "security", {"sso"}, std::nullopt};
  auto ids = store->log_request(request, ask_from("Acme", 12000000, "proposal"));
  CHECK(ids.request_id == 1);
  REQUIRE(ids.ask_id);

  auto saved = store->get_request(1);
  CHECK(saved.title == "SSO with Okta");
  CHECK(saved.area == "security");
  CHECK(saved.tags == std::vector<std::string>{"sso"});
  CHECK(saved.status == Status::new_);
  CHECK_FALSE(saved.effort);

  store->add_ask(1, ask_from("ACME", 2000000));
  store->add_ask(1, ask_from("Globex", 5000000));
  auto asks = store->asks_of(1);
  REQUIRE(asks.size() == 3);
  CHECK(asks[1].account == "Acme");  // one account, however it is capitalised
  // Three deals ask; Acme counts by its larger one (account_policy max); no
  // stage weighs as the lowest open stage (lead, 0.05).
  auto totals = request_figures(pointers_to(asks), {}, default_config());
  CHECK(totals.accounts == 2);
  CHECK(totals.deals == 2);  // three asking; Acme's smaller one counts nowhere
  CHECK(totals.value == 170000);
  CHECK(totals.pipeline == Approx(120000 * 0.4 + 50000 * 0.05));
  // Acme's total is what its request shows for it (the ledger rule).
  CHECK(total_figures(pointers_to(asks), {}, default_config()).value == 170000);

  auto history = store->history(1);
  REQUIRE(history.size() == 4);
  CHECK(history[0].action == "created");
  CHECK(history[0].actor == "tester");
  CHECK(history[3].new_value == "#3 Globex, USD 50,000");
  CHECK(store->list_accounts().size() == 2);
}

TEST_CASE("a missing request is 'not found'", "[store]") {
  TempDir dir;
  auto store = open_at(dir.file("r.db"));
  CHECK_THROWS_AS(store->get_request(7), NotFoundError);
  CHECK_THROWS_AS(store->add_ask(7, ask_from("Acme", 1)), NotFoundError);
  CHECK_THROWS_AS(store->update_request(7, RequestChanges{.title = "x"}), NotFoundError);
}

TEST_CASE("set records each change and refuses a decline without a reason", "[store]") {
  TempDir dir;
  auto store = open_at(dir.file("r.db"));
  store->log_request({"Dark mode", "", "", {"ui"}, std::nullopt}, std::nullopt);

  RequestChanges decline;
  decline.status = Status::declined;
  CHECK_THROWS_AS(store->update_request(1, decline), InputError);
  CHECK(store->get_request(1).status == Status::new_);
  CHECK(store->history(1).size() == 1);

  decline.reason = "Not our market";
  decline.effort = 8.0;
  decline.add_tags = {"later"};
  decline.remove_tags = {"ui"};
  auto recorded = store->update_request(1, decline);
  REQUIRE(recorded.size() == 4);
  auto saved = store->get_request(1);
  CHECK(saved.status == Status::declined);
  CHECK(saved.reason == "Not our market");
  CHECK(saved.effort == 8.0);
  CHECK(saved.tags == std::vector<std::string>{"later"});

  // The same values again change nothing and record nothing.
  CHECK(store->update_request(1, decline).empty());
  // Clearing the reason of a declined request is refused.
  CHECK_THROWS_AS(store->update_request(1, RequestChanges{.reason = ""}), InputError);
  CHECK_THROWS_AS(store->update_request(1, RequestChanges{.status = Status::merged}), InputError);

  RequestChanges clear_effort;
  clear_effort.effort = std::optional<double>();
  store->update_request(1, clear_effort);
  CHECK_FALSE(store->get_request(1).effort);
}

TEST_CASE("filters", "[store]") {
  TempDir dir;
  auto store = open_at(dir.file("r.db"));
  store->log_request({"A", "", "admin", {"sso"}, std::nullopt}, ask_from("Acme", 100));
  store->log_request({"B", "", "", {}, std::nullopt}, ask_from("Globex", 100));
  store->log_request({"C", "", "admin", {}, std::nullopt}, std::nullopt);
  store->update_request(3, RequestChanges{.status = Status::planned});

  auto titles = [&](const RequestFilter& filter) {
    std::vector<std::string> found;
    for (const auto& request : store->list_requests(filter)) found.push_back(request.title);
    return found;
  };
  using V = std::vector<std::string>;
  CHECK(titles({}) == V{"A", "B", "C"});
  CHECK(titles({.tags = {"sso"}}) == V{"A"});
  CHECK(titles({.account_ids = {2}}) == V{"B"});
  CHECK(titles({.areas = {"admin"}}) == V{"A", "C"});
  CHECK(titles({.areas = {"admin", ""}}) == V{"A", "B", "C"});
  CHECK(titles({.statuses = {Status::planned}}) == V{"C"});
  CHECK(store->list_asks({.account_ids = {1}}).size() == 1);
}

TEST_CASE("ask filters keep the asks that match and the requests that have one", "[store]") {
  TempDir dir;
  auto store = open_at(dir.file("r.db"));
  auto ask = [](std::string account, std::string rep, std::string stage, Importance importance) {
    NewAsk made;
    made.account = std::move(account);
    made.rep = std::move(rep);
    made.stage = std::move(stage);
    made.importance = importance;
    made.value = Money{10000, "USD"};
    return made;
  };
  store->log_request({"A", "", "", {}, std::nullopt}, ask("Acme", "Alice", "proposal", Importance::blocker));
  store->add_ask(1, ask("Globex", "Bob", "lead", Importance::nice));
  store->log_request({"B", "", "", {}, std::nullopt}, ask("Globex", "Bob", "lead", Importance::unset));
  store->save_account({"Acme", std::string("enterprise"), std::nullopt});
  auto asks = [&](const RequestFilter& filter) {
    std::vector<std::string> found;
    for (const auto& one : store->list_asks(filter)) found.push_back(fmt::format("{}:{}", one.request_id, one.account));
    return found;
  };
  using V = std::vector<std::string>;
  CHECK(asks({.reps = {"Alice"}}) == V{"1:Acme"});
  CHECK(asks({.reps = {"Bob"}}) == V{"1:Globex", "2:Globex"});
  CHECK(asks({.segments = {"enterprise"}}) == V{"1:Acme"});
  CHECK(asks({.stages = {"lead"}, .importances = {Importance::nice}}) == V{"1:Globex"});
  CHECK(asks({.reps = {"Alice"}, .stages = {"lead"}}).empty());
  CHECK(store->list_requests({.reps = {"Alice"}}).size() == 1);
  CHECK(store->list_reps() == V{"Alice", "Bob"});
  int groups = 0;
  store->for_each_deal_group({.importances = {Importance::blocker}}, [&](RequestId id, const std::vector<const Ask*>& group) {
    ++groups;
    CHECK(id == 1);
    CHECK(group.size() == 1);
  });
  CHECK(groups == 1);
}

TEST_CASE("accounts keep a segment and ARR", "[store]") {
  TempDir dir;
  auto store = open_at(dir.file("r.db"));
  auto account = store->save_account({"Initech", "smb", Money{5000000, "EUR"}});
  CHECK(account.segment == "smb");
  CHECK(account.arr == Money{5000000, "EUR"});
  store->save_account({"initech", "enterprise", std::nullopt});
  auto found = store->match_account("INITECH");
  REQUIRE(found);
  CHECK(found->name == "Initech");
  CHECK(found->segment == "enterprise");
  CHECK(found->arr == Money{5000000, "EUR"});
}

TEST_CASE("the database and its side files are private", "[store]") {
  TempDir dir;
  auto path = dir.file("nested/deeper/r.db");
  auto store = open_at(path);
  store->log_request({"A", "", "", {}, std::nullopt}, std::nullopt);
  CHECK(permissions(path) == 0600);
  CHECK(permissions(path + "-wal") == 0600);
  CHECK(permissions(path + "-shm") == 0600);
  CHECK(permissions(dir.file("nested/deeper")) == 0700);
}

TEST_CASE("a store that does not exist is refused, or stood in for by one in memory, and never created", "[store]") {
  TempDir dir;
  auto path = dir.file("absent.db");
  REQUIRE_THROWS_WITH(open_at(path, IfMissing::fail), Catch::Contains("no database at " + path));
  auto store = open_at(path, IfMissing::scratch);
  CHECK(store->list_requests({}).empty());
  CHECK_FALSE(std::filesystem::exists(path));
}

TEST_CASE("files that are not reqtriage databases are refused untouched", "[store]") {
  TempDir dir;
  SECTION("random bytes") {
    auto path = dir.file("junk.db");
    std::string junk(4096, '\x5a');
    testing::write_bytes(path, junk);
    CHECK_THROWS_WITH(open_at(path), Catch::Contains("not a reqtriage database"));
    CHECK(testing::read_bytes(path) == junk);
  }
  SECTION("another application's SQLite database") {
    auto path = dir.file("other.db");
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
      db.exec("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)");
    }
    auto before = testing::read_bytes(path);
    CHECK_THROWS_WITH(open_at(path),
                      path + " is an SQLite database but not a reqtriage one; refusing to touch it");
    CHECK(testing::read_bytes(path) == before);
  }
  SECTION("a database from a newer reqtriage") {
    auto path = dir.file("future.db");
    open_at(path)->log_request({"A", "", "", {}, std::nullopt}, std::nullopt);
    {
      SQLite::Database db(path, SQLite::OPEN_READWRITE);
      db.exec("PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode = DELETE");
      db.exec("PRAGMA user_version = 99");
    }
    auto before = testing::read_bytes(path);
    CHECK_THROWS_WITH(open_at(path),
                      Catch::Contains("was written by a newer reqtriage (schema version 99"));
    CHECK(testing::read_bytes(path) == before);
  }
}

TEST_CASE("migrations upgrade in order, keep rows and take a backup first", "[store][migration]") {
  TempDir dir;
  auto path = dir.file("m.db");
  std::vector<sqlite::Migration> steps{
      {1, "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL);"},
      {2, "ALTER TABLE t ADD COLUMN extra TEXT NOT NULL DEFAULT 'x';"},
  };
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    CHECK(sqlite::migrate(db, path, {steps[0]}).empty());  // a new file needs no backup
    db.exec("INSERT INTO t (name) VALUES ('kept')");
  }
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  auto backup = sqlite::migrate(db, path, steps);
  CHECK(backup == path + ".v1.bak");
  CHECK(db.execAndGet("PRAGMA user_version").getInt() == 2);
  CHECK(db.execAndGet("SELECT name || extra FROM t").getString() == "keptx");
  SQLite::Database old(backup, SQLite::OPEN_READONLY);
  CHECK(old.execAndGet("PRAGMA user_version").getInt() == 1);
  CHECK(old.execAndGet("SELECT name FROM t").getString() == "kept");
  CHECK(permissions(backup) == 0600);
  // Migrating again is a no-op.
  CHECK(sqlite::migrate(db, path, steps).empty());
}

TEST_CASE("an upgrade killed during its backup leaves no partial file under the backup's name", "[store][migration]") {
  TempDir dir;
  auto path = dir.file("k.db");
  std::vector<sqlite::Migration> steps{{1, "CREATE TABLE t (id INTEGER PRIMARY KEY);"},
                                       {2, "ALTER TABLE t ADD COLUMN extra TEXT NOT NULL DEFAULT 'x';"}};
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    sqlite::migrate(db, path, {steps[0]});
  }
  // What a kill during the copy left: an empty file (older versions wrote
  // the backup under its own name) and a partial one.
  { std::ofstream(path + ".v1.bak"); }
  { std::ofstream(path + ".v1.bak.partial") << "half"; }
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  auto backup = sqlite::migrate(db, path, steps);
  CHECK(backup == path + ".v1.bak");  // the empty leftover is replaced, not skipped for .bak2
  CHECK(std::filesystem::file_size(backup) > 0);
  CHECK_FALSE(std::filesystem::exists(path + ".v1.bak.partial"));
  SQLite::Database old(backup, SQLite::OPEN_READONLY);
  CHECK(old.execAndGet("PRAGMA user_version").getInt() == 1);
}

TEST_CASE("two stores writing to one file at once both succeed", "[store]") {
  TempDir dir;
  auto path = dir.file("busy.db");
  auto first = open_at(path);
  auto second = open_at(path);
  for (int i = 0; i < 20; ++i) {
    first->log_request({"from first", "", "", {}, std::nullopt}, ask_from("Acme", 1));
    second->log_request({"from second", "", "", {}, std::nullopt}, ask_from("Acme", 1));
  }
  CHECK(first->list_requests({}).size() == 40);
}

namespace {
// Every row of the tables merge and unmerge touch, as text, to compare.
std::string snapshot(const std::string& path) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  std::string rows;
  for (const char* sql : {"SELECT id, title, status, reason, coalesce(merged_into, ''), updated_at FROM requests ORDER BY id",
                          "SELECT request_id, tag FROM request_tags ORDER BY 1, 2",
                          "SELECT id, request_id, origin_request_id, coalesce(account_id, ''), value_cents FROM asks ORDER BY id"}) {
    SQLite::Statement query(db, sql);
    while (query.executeStep()) {
      for (int i = 0; i < query.getColumnCount(); ++i) rows += query.getColumn(i).getString() + "|";
      rows += "\n";
    }
  }
  return rows;
}
}  // namespace

TEST_CASE("merge moves asks and value; unmerge restores every row", "[store][merge]") {
  TempDir dir;
  auto path = dir.file("m.db");
  auto store = open_at(path);
  store->log_request({"SSO", "", "", {"sso"}, std::nullopt}, ask_from("Acme", 100));
  store->log_request({"Single sign-on", "", "", {"auth"}, std::nullopt}, ask_from("Globex", 50));
  store->add_ask(2, ask_from("Initech", 25));
  auto before = snapshot(path);

  store->merge({2}, 1);
  auto merged = store->get_request(2);
  CHECK(merged.status == Status::merged);
  CHECK(merged.merged_into == 1);
  CHECK(store->asks_of(1).size() == 3);
  CHECK(store->get_request(1).tags == std::vector<std::string>{"auth", "sso"});
  CHECK_THROWS_AS(store->merge({2}, 1), InputError);   // already merged
  CHECK_THROWS_AS(store->merge({1}, 2), InputError);   // into a merged request
  CHECK_THROWS_AS(store->merge({1}, 1), InputError);   // into itself
  CHECK_THROWS_AS(store->add_ask(2, ask_from("X", 1)), InputError);

  store->unmerge(2);
  CHECK(snapshot(path) == before);
  CHECK_THROWS_AS(store->unmerge(2), InputError);
}

TEST_CASE("random merges and unmerges restore every row exactly", "[store][merge]") {
  TempDir dir;
  auto path = dir.file("r.db");
  auto store = open_at(path);
  std::mt19937 random(7);
  const int count = 12;
  for (int i = 1; i <= count; ++i) {
    store->log_request({fmt::format("Request {}", i), "", "", {fmt::format("t{}", i % 4)}, std::nullopt},
                       ask_from(fmt::format("Account {}", i % 5), 100 * i));
    if (i % 3 == 0) store->add_ask(i, ask_from("Extra", 7));
  }
  for (int round = 0; round < 30; ++round) {
    auto before = snapshot(path);
    // Merge a random set into a random survivor, chaining merges as PMs do.
    std::vector<RequestId> merged_now;
    RequestId survivor = 1 + static_cast<RequestId>(random() % count);
    if (store->get_request(survivor).status == Status::merged) continue;
    for (int k = 0; k < 3; ++k) {
      RequestId id = 1 + static_cast<RequestId>(random() % count);
      if (id == survivor || store->get_request(id).status == Status::merged ||
          std::find(merged_now.begin(), merged_now.end(), id) != merged_now.end()) {
        continue;
      }
      merged_now.push_back(id);
    }
    if (merged_now.empty()) continue;
    store->merge(merged_now, survivor);
    for (auto it = merged_now.rbegin(); it != merged_now.rend(); ++it) store->unmerge(*it);
    CHECK(snapshot(path) == before);
  }
}

TEST_CASE("chained merges unmerge back to where they were", "[store][merge]") {
  TempDir dir;
  auto path = dir.file("c.db");
  auto store = open_at(path);
  for (int i = 1; i <= 4; ++i) {
    store->log_request({fmt::format("R{}", i), "", "", {}, std::nullopt}, ask_from(fmt::format("A{}", i), i));
  }
  auto start = snapshot(path);
  store->merge({3}, 2);  // 3 into 2
  auto after_first = snapshot(path);
  store->merge({2}, 1);  // 2 (holding 3) into 1: 3 now points at 1
  CHECK(store->get_request(3).merged_into == 1);
  CHECK(store->asks_of(1).size() == 3);
  store->unmerge(2);     // 2 comes back, and 3 with it, still merged into 2
  CHECK(snapshot(path) == after_first);
  store->unmerge(3);
  CHECK(snapshot(path) == start);
}

TEST_CASE("not-duplicate pairs are remembered", "[store][merge]") {
  TempDir dir;
  auto store = open_at(dir.file("n.db"));
  store->log_request({"A", "", "", {}, std::nullopt}, std::nullopt);
  store->log_request({"B", "", "", {}, std::nullopt}, std::nullopt);
  store->mark_not_duplicate(2, 1);
  store->mark_not_duplicate(1, 2);
  CHECK(store->not_duplicates() == std::vector<std::pair<RequestId, RequestId>>{{1, 2}});
  CHECK_THROWS_AS(store->mark_not_duplicate(1, 1), InputError);
  CHECK_THROWS_AS(store->mark_not_duplicate(1, 9), NotFoundError);
}

TEST_CASE("a database written by the first schema version opens and keeps every row", "[store][migration]") {
  // tests/data/schema-v1.db: the example's weekly review, written by schema version 1.
  TempDir dir;
  auto path = dir.file("v1.db");
  std::filesystem::copy_file(REQTRIAGE_TEST_DATA_DIR "/schema-v1.db", path);
  auto store = open_at(path);
  CHECK(store->list_requests({.include_merged = true}).size() == 12);
  CHECK(store->list_asks({.include_merged = true}).size() == 25);
  CHECK(store->history(std::nullopt).size() == 64);
  CHECK(store->check().empty());
  store->log_request({"After the upgrade", "", "", {}, std::nullopt}, std::nullopt);
  CHECK(store->list_requests({.include_merged = true}).size() == 13);
}

TEST_CASE("a database written by schema version 2 gains deals and keeps every row and figure", "[store][migration]") {
  // tests/data/schema-v2.db: the example's weekly review, written by schema
  // version 2 (before deals): 78 requests, 303 asks, 30 merges.
  TempDir dir;
  auto path = dir.file("v2.db");
  std::filesystem::copy_file(REQTRIAGE_TEST_DATA_DIR "/schema-v2.db", path);
  auto store = open_at(path);
  auto requests = store->list_requests({.include_merged = true});
  auto asks = store->list_asks({.include_merged = true});
  CHECK(requests.size() == 78);
  CHECK(asks.size() == 303);
  CHECK(store->history(std::nullopt).size() == 494);
  CHECK(store->merges().size() == 30);
  CHECK(store->list_accounts().size() == 40);
  CHECK(store->check().empty());
  // Every old ask is a deal of its own, with no importance, not deleted.
  for (const auto& ask : asks) {
    CHECK(ask.deal.empty());
    CHECK(ask.importance == Importance::unset);
    CHECK(ask.deleted_at.empty());
  }
  // Each a deal; 28 of them are an account's smaller deal on a request
  // (account_policy max), so they count nowhere.
  CHECK(total_figures(pointers_to(asks), {}, default_config()).deals == 275);
  // And it takes the new kinds of change.
  auto first = asks.front().id;
  store->update_ask(first, {.deal = std::string("OPP-1")});
  store->delete_ask(first, "test entry");
  CHECK(store->list_asks({.include_merged = true}).size() == 302);
  store->restore_ask(first);
  CHECK(store->find_ask(first)->deal == "OPP-1");
  CHECK(store->check().empty());
}

TEST_CASE("a store of schema 5 whose deal asks disagree gets deals as records by the documented rule",
          "[store][migration]") {
  TempDir dir;
  auto path = dir.file("v5.db");
  {
    SQLite::Database db(path, SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    const auto& all = sqlite::migrations();
    sqlite::migrate(db, path, {all.begin(), all.begin() + 5});
    // Deal OPP-1 of Acme, told three ways by an older version: the latest
    // live ask (#2) says what the deal is; the newer #3 was deleted.
    db.exec(R"sql(
INSERT INTO accounts (id, name, name_key, created_at, updated_at) VALUES (1, 'Acme', 'acme', '2026-01-01', '2026-01-01');
INSERT INTO requests (id, title, created_at, updated_at) VALUES (1, 'SSO', '2026-01-01', '2026-01-01'),
                                                                 (2, 'Audit log', '2026-01-01', '2026-01-01');
INSERT INTO asks (id, request_id, origin_request_id, account_id, value_cents, currency, stage, created_at, deal,
                  deleted_at) VALUES
  (1, 1, 1, 1, 10000000, 'USD', 'proposal', '2026-01-01T00:00:00Z', 'OPP-1', NULL),
  (2, 2, 2, 1, 5000000, 'USD', 'negotiation', '2026-02-01T00:00:00Z', 'OPP-1', NULL),
  (3, 2, 2, 1, 9000000, 'USD', 'won', '2026-03-01T00:00:00Z', 'OPP-1', '2026-03-02T00:00:00Z'),
  (4, 1, 1, 1, 200000, 'USD', 'lead', '2026-01-01T00:00:00Z', '', NULL);
INSERT INTO history (id, at, actor, request_id, action, new_value) VALUES
  (1, '2026-01-01', 'dana', 1, 'created', 'SSO'), (2, '2026-01-01', 'dana', 2, 'created', 'Audit log'),
  (3, '2026-01-01', 'dana', 1, 'ask-added', '#1 Acme'), (4, '2026-02-01', 'dana', 2, 'ask-added', '#2 Acme'),
  (5, '2026-03-01', 'dana', 2, 'ask-added', '#3 Acme'), (6, '2026-01-01', 'dana', 1, 'ask-added', '#4 Acme');
)sql");
  }
  auto store = open_at(path);
  for (AskId id : {1, 2, 3}) {
    auto ask = store->find_ask(id);
    REQUIRE(ask);
    CHECK(ask->value == Money{5000000, "USD"});
    CHECK(ask->stage == "negotiation");
  }
  CHECK(store->find_ask(4)->value == Money{200000, "USD"});  // no deal key: a deal of its own
  // Each change is in the history, by the upgrade, and doctor says so
  // beside its problems (there are none).
  auto history = store->history(std::nullopt);
  auto by_upgrade = std::count_if(history.begin(), history.end(),
                                  [](const HistoryEntry& e) { return e.actor == "reqtriage upgrade"; });
  CHECK(by_upgrade == 4);  // #1 value and stage, #3 value and stage
  REQUIRE(store->upgrade_notes().size() == 1);
  CHECK_THAT(store->upgrade_notes()[0], Catch::Contains("4 figures of asks that disagreed"));
  CHECK(store->check().empty());
  // --as-of a day before the upgrade still sees the asks as they were.
  auto past = store_as_of(*store, "2026-06-01");
  auto first = std::find_if(past.asks.begin(), past.asks.end(), [](const Ask& a) { return a.id == 1; });
  REQUIRE(first != past.asks.end());
  CHECK(first->value == Money{10000000, "USD"});
  CHECK(first->stage == "proposal");
  // The record is the deal: one change reaches every ask of it.
  store->update_ask(1, {.value = std::optional<Money>(Money{7000000, "USD"})});
  CHECK(store->find_ask(2)->value == Money{7000000, "USD"});
  CHECK(store->find_ask(3)->value == Money{7000000, "USD"});
  // And the database refuses an ask that disagrees with its deal.
  SQLite::Database db(path, SQLite::OPEN_READWRITE);
  CHECK_THROWS_WITH(db.exec("UPDATE asks SET value_cents = 1 WHERE id = 1"),
                    Catch::Contains("an ask must agree with its deal record"));
}

TEST_CASE("a PostgreSQL URL is named without its password", "[store]") {
  CHECK(database_name("/home/dana/requests.db") == "/home/dana/requests.db");
  CHECK(database_name("postgresql://dana@db/requests") == "postgresql://dana@db/requests");
  CHECK(database_name("postgresql://dana:s3cret@db:5432/requests") == "postgresql://dana@db:5432/requests");
  CHECK(database_name("postgres://dana:p%40ss@db/requests?sslmode=require") ==
        "postgres://dana@db/requests?sslmode=require");
  CHECK(database_name("postgresql://db/requests?password=s3cret&sslmode=require") ==
        "postgresql://db/requests?sslmode=require");
  CHECK(database_name("postgresql://db/requests?sslmode=require&password=s3cret") ==
        "postgresql://db/requests?sslmode=require");
  // A colon after the host is a port, not a password.
  CHECK(database_name("postgresql://db:5432/requests") == "postgresql://db:5432/requests");
}

TEST_CASE("copy_store copies every table into an empty store and refuses one that is not", "[store]") {
  TempDir dir;
  auto from = dir.file("from.db");
  auto to = dir.file("to.db");
  {
    auto store = open_at(from);
    auto logged = store->log_request({.title = "SSO", .tags = {"auth"}}, NewAsk{.account = "Acme"});
    store->log_request({.title = "Dark mode"}, std::nullopt);
    store->merge({2}, logged.request_id);
  }
  auto counts = copy_store(from, to);
  std::map<std::string, std::int64_t> by_table;
  for (const auto& count : counts) by_table[count.table] = count.rows;
  CHECK(by_table["requests"] == 2);
  CHECK(by_table["asks"] == 1);
  CHECK(by_table["merges"] == 1);
  CHECK(by_table["request_tags"] == 1);
  auto copy = open_at(to, IfMissing::fail);
  auto original = open_at(from, IfMissing::fail);
  CHECK(copy->history(std::nullopt).size() == original->history(std::nullopt).size());
  CHECK(copy->get_request(2).merged_into == std::optional<RequestId>(1));
  CHECK(copy->check().empty());
  CHECK_THROWS_WITH(copy_store(from, to), Catch::Contains("is not empty (2 rows in requests)"));
}

TEST_CASE("requests stream with their asks, and the top of the ranking is the ranking's top", "[store][scoring]") {
  TempDir dir;
  auto store = open_at(dir.file("r.db"));
  std::mt19937 random(11);
  // Past one batch of streamed requests, with ties in score and value, some
  // requests without asks and some with tags.
  for (int i = 1; i <= 2100; ++i) {
    NewRequest request{fmt::format("Request {}", i), "", "", {}, std::nullopt};
    if (i % 7 == 0) request.tags = {"sso", fmt::format("t{}", i % 3)};
    std::optional<NewAsk> ask;
    if (i % 5 != 0) ask = ask_from(fmt::format("Account {}", random() % 40), 100 * (1 + random() % 20), "commit");
    store->log_request(request, ask);
  }
  for (int i = 0; i < 300; ++i) {
    store->add_ask(1 + random() % 2100, ask_from(fmt::format("Account {}", random() % 40), 100 * (1 + random() % 20)));
  }
  for (const auto& filter : {RequestFilter{}, RequestFilter{.tags = {"sso"}}, RequestFilter{.account_ids = {3}}}) {
    std::vector<std::pair<RequestId, std::vector<AskId>>> streamed;
    std::vector<std::vector<std::string>> tags;
    store->for_each_request_with_deals(filter, [&](const Request& request, const std::vector<const Ask*>& asks) {
      std::vector<AskId> ids;
      for (const auto* ask : asks) ids.push_back(ask->id);
      streamed.emplace_back(request.id, ids);
      tags.push_back(request.tags);
    });
    std::vector<std::pair<RequestId, std::vector<AskId>>> expected;
    std::vector<std::vector<std::string>> expected_tags;
    std::map<RequestId, std::vector<AskId>> groups;
    store->for_each_deal_group(filter, [&](RequestId id, const std::vector<const Ask*>& asks) {
      for (const auto* ask : asks) groups[id].push_back(ask->id);
    });
    for (const auto& request : store->list_requests(filter)) {
      expected.emplace_back(request.id, groups[request.id]);
      expected_tags.push_back(request.tags);
    }
    CHECK(streamed == expected);
    CHECK(tags == expected_tags);
  }
  auto config = default_config();
  const auto& profile = config.scoring.find_profile("default");
  auto whole = rank_store(*store, config, profile, {}, "2026-11-30");
  for (std::size_t top : {0, 1, 7, 50, 3000}) {
    auto first = rank_store_top(*store, config, profile, {}, "2026-11-30", top);
    REQUIRE(first.scores.size() == std::min<std::size_t>(top, whole.scores.size()));
    for (std::size_t i = 0; i < first.scores.size(); ++i) {
      CHECK(first.scores[i].request->id == whole.scores[i].request->id);
      CHECK(first.scores[i].request->title == whole.scores[i].request->title);
      CHECK(first.scores[i].rank == whole.scores[i].rank);
      CHECK(first.scores[i].score == whole.scores[i].score);
    }
  }
}

TEST_CASE("ranking snapshots read back exactly, stored as changes over many reviews", "[store]") {
  TempDir dir;
  auto store = open_at(dir.file("r.db"));
  for (int i = 1; i <= 40; ++i) store->log_request({"Request " + std::to_string(i), "", "", {}, std::nullopt}, std::nullopt);
  std::mt19937 random(7);
  std::vector<RequestId> ranking;
  for (RequestId id = 1; id <= 30; ++id) ranking.push_back(id);
  RequestId next = 31;
  for (int review = 0; review < 30; ++review) {
    // A week: a request or two move, one may leave, one may come.
    std::shuffle(ranking.begin(), ranking.begin() + 3, random);
    if (review % 3 == 0 && ranking.size() > 5) ranking.erase(ranking.begin() + review % 5);
    if (review % 4 == 0 && next <= 40) ranking.insert(ranking.begin() + review % 7, next++);
    if (review == 20) std::reverse(ranking.begin(), ranking.end());  // a new profile's worth of change
    RankSnapshot saved;
    saved.taken_at = fmt::format("2026-{:02}-{:02}T10:00:00Z", 1 + review / 28, 1 + review % 28);
    saved.profile = "default";
    for (std::size_t i = 0; i < ranking.size(); ++i) saved.ranks[ranking[i]] = static_cast<int>(i + 1);
    store->save_snapshot(saved);
    auto read = store->latest_snapshot("2027-01-01", "");
    REQUIRE(read);
    CHECK(read->taken_at == saved.taken_at);
    CHECK(read->ranks == saved.ranks);
  }
  // Mostly changes: whole rankings only to start, after the reversal and
  // after every 12 changes in a row.
  SQLite::Database db(dir.file("r.db"));
  auto whole = db.execAndGet("SELECT count(*) FROM snapshots WHERE base_id IS NULL").getInt();
  CHECK(whole >= 3);
  CHECK(whole <= 5);
}
