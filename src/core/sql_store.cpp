// The store: requests, asks, accounts and history, on either engine (see
// sql.hpp). Together with the engines' files, the only place that knows SQL.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <random>
#include <set>
#include <thread>
#include <unordered_map>
#include <variant>

#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/paths.hpp"
#include "reqtriage/similarity.hpp"
#include "reqtriage/store.hpp"
#include "reqtriage/text.hpp"
#include "engines.hpp"
#include "sql.hpp"

namespace reqtriage {

namespace {

using sql::Statement;

// Binds an amount and its currency to two neighbouring parameters, or NULLs.
void bind_money(Statement& statement, int index, const std::optional<Money>& money) {
  if (money) {
    statement.bind(index, money->cents);
    statement.bind(index + 1, money->currency);
  } else {
    statement.bind(index);
    statement.bind(index + 1);
  }
}

std::string describe_ask(const NewAsk& ask) {
  std::vector<std::string> parts;
  if (!ask.account.empty()) parts.push_back(ask.account);
  if (ask.value) parts.push_back(format_money(*ask.value));
  if (!ask.stage.empty()) parts.push_back(ask.stage);
  if (!ask.close_date.empty()) parts.push_back("closes " + ask.close_date);
  return fmt::format("{}", fmt::join(parts, ", "));
}

std::string join_tags(const std::vector<std::string>& tags) {
  return fmt::format("{}", fmt::join(tags, ","));
}

std::string format_effort(const std::optional<double>& effort) {
  return effort ? fmt::format("{}", *effort) : std::string();
}

// The SQL condition over `requests r` for a filter, with its parameters.
struct FilterSql {
  std::string where;
  std::vector<std::string> params;
};

FilterSql filter_sql(const RequestFilter& filter, std::string_view no_index) {
  FilterSql sql;
  std::vector<std::string> conditions;
  if (!filter.statuses.empty()) {
    for (auto status : filter.statuses) sql.params.emplace_back(to_string(status));
    // `+` keeps SQLite off the status index: most requests have a ranked
    // status, and a scan beats an index lookup per row.
    conditions.push_back(fmt::format("{}r.status IN ({})", no_index, sql::placeholders(filter.statuses.size())));
  } else if (!filter.include_merged) {
    conditions.emplace_back("r.status <> 'merged'");
  }
  if (!filter.tag.empty()) {
    conditions.emplace_back(
        "EXISTS (SELECT 1 FROM request_tags t WHERE t.request_id = r.id AND t.tag = ?)");
    sql.params.push_back(filter.tag);
  }
  if (!filter.area.empty()) {
    conditions.emplace_back("r.area = ?");
    sql.params.push_back(filter.area);
  }
  if (!filter.account.empty()) {
    conditions.emplace_back(
        "EXISTS (SELECT 1 FROM asks a2 JOIN accounts c2 ON c2.id = a2.account_id "
        "WHERE a2.request_id = r.id AND c2.name_key = ?)");
    sql.params.push_back(fold_case(filter.account));
  }
  sql.where = conditions.empty() ? "1 = 1" : fmt::format("{}", fmt::join(conditions, " AND "));
  return sql;
}

// Tags are read apart (tags_of, attach_tags).
constexpr const char* request_columns =
    "r.id, r.title, r.description, r.area, r.effort, r.status, r.reason, r.merged_into, "
    "r.created_at, r.updated_at, r.workaround";

Request read_request(Statement& row) {
  Request request;
  request.id = row.getColumn(0).getInt64();
  request.title = row.getColumn(1).getString();
  request.description = row.getColumn(2).getString();
  request.area = row.getColumn(3).getString();
  if (!row.getColumn(4).isNull()) request.effort = row.getColumn(4).getDouble();
  request.status = parse_status(row.getColumn(5).getString(), "database");
  request.reason = row.getColumn(6).getString();
  if (!row.getColumn(7).isNull()) request.merged_into = row.getColumn(7).getInt64();
  request.created_at = row.getColumn(8).getString();
  request.updated_at = row.getColumn(9).getString();
  request.workaround = row.getColumn(10).getString();
  return request;
}

constexpr const char* ask_columns =
    "a.id, a.request_id, coalesce(c.name, ''), a.value_cents, a.currency, a.stage, "
    "a.close_date, a.rep, a.source, a.note, a.created_at, coalesce(a.account_id, 0), "
    "a.origin_request_id";

// What scoring reads of an ask (read_deal_into).
constexpr const char* deal_columns =
    "a.id, a.request_id, a.value_cents, a.currency, a.stage, a.close_date, "
    "substr(a.created_at, 1, 10), coalesce(a.account_id, 0)";

void assign_text(std::string& target, const sql::Column& column) {
  auto text = column.getView();
  target.assign(text.data(), text.size());
}

void read_money_into(std::optional<Money>& money, const sql::Column& cents,
                     const sql::Column& currency) {
  if (cents.isNull()) {
    money.reset();
    return;
  }
  if (!money) money.emplace();
  money->cents = cents.getInt64();
  assign_text(money->currency, currency);
}

// Fills `ask` from a row of deal_columns, reusing its strings' storage.
void read_deal_into(Statement& row, Ask& ask) {
  ask.id = row.getColumn(0).getInt64();
  ask.request_id = row.getColumn(1).getInt64();
  read_money_into(ask.value, row.getColumn(2), row.getColumn(3));
  assign_text(ask.stage, row.getColumn(4));
  assign_text(ask.close_date, row.getColumn(5));
  assign_text(ask.created_at, row.getColumn(6));
  ask.account_id = row.getColumn(7).getInt64();
}

// Fills `ask` from a row of ask_columns, reusing its strings' storage.
void read_ask_into(Statement& row, Ask& ask) {
  ask.id = row.getColumn(0).getInt64();
  ask.request_id = row.getColumn(1).getInt64();
  assign_text(ask.account, row.getColumn(2));
  read_money_into(ask.value, row.getColumn(3), row.getColumn(4));
  assign_text(ask.stage, row.getColumn(5));
  assign_text(ask.close_date, row.getColumn(6));
  assign_text(ask.rep, row.getColumn(7));
  assign_text(ask.source, row.getColumn(8));
  assign_text(ask.note, row.getColumn(9));
  assign_text(ask.created_at, row.getColumn(10));
  ask.account_id = row.getColumn(11).getInt64();
  ask.origin_request_id = row.getColumn(12).getInt64();
}

Ask read_ask(Statement& row) {
  Ask ask;
  read_ask_into(row, ask);
  return ask;
}

constexpr const char* account_columns =
    "id, name, segment, arr_cents, arr_currency, created_at, updated_at";

Account read_account(Statement& row) {
  Account account;
  account.id = row.getColumn(0).getInt64();
  account.name = row.getColumn(1).getString();
  account.segment = row.getColumn(2).getString();
  read_money_into(account.arr, row.getColumn(3), row.getColumn(4));
  account.created_at = row.getColumn(5).getString();
  account.updated_at = row.getColumn(6).getString();
  return account;
}


// New rows take the next id after the highest (SQLite's own rule for its row
// ids), counted by the store (next_id) rather than by a PostgreSQL sequence:
// a sequence moves on even when a transaction rolls back, so a dry run or a
// failed import would leave gaps, and ids would differ between the engines.
// Two writers racing for one id on PostgreSQL make it refuse one
// transaction, which then runs again (see `transaction`). Knowing ids up
// front also lets an import send its rows many to a statement.
class SqlStore final : public Store {
 public:
  SqlStore(std::unique_ptr<sql::Connection> connection, std::string actor)
      : m_connection(std::move(connection)), m_db(*m_connection), m_actor(std::move(actor)) {
    // The database knows who is connected better than $USER does.
    if (auto user = m_db.user(); !user.empty()) m_actor = user;
  }

  LoggedIds log_request(const NewRequest& request, const std::optional<NewAsk>& ask) override {
    return write([&] {
      auto now = now_utc();
      LoggedIds ids;
      ids.request_id = insert_request(now, request, normalize_title(request.title));
      if (ask) ids.ask_id = insert_ask(now, ids.request_id, *ask);
      return ids;
    });
  }

  ImportCounts import_rows(const ImportBatches& next_batch, bool dry_run,
                           const std::function<void(std::size_t)>& progress) override {
    auto import = [&] {
      auto now = now_utc();
      ImportCounts counts;
      std::vector<ImportRow> batch;
      std::size_t done = 0;
      for (bool more = true; more;) {
        batch.clear();
        more = next_batch(batch);
        import_batch(now, batch, counts);
        done += batch.size();
        if (progress) progress(done);
      }
      return counts;
    };
    // A stream read once cannot be run again: no retry on a conflict.
    return dry_run ? transaction(import, false, false) : transaction(import, true, false);
  }

  AskId add_ask(RequestId request_id, const NewAsk& ask) override {
    return write([&] {
      auto request = load_request(request_id);
      if (request.status == Status::merged) {
        throw InputError(fmt::format(
            "--to: request #{} was merged into #{}; add the ask there with --to {}", request_id,
            request.merged_into.value_or(0), request.merged_into.value_or(0)));
      }
      auto now = now_utc();
      auto id = insert_ask(now, request_id, ask);
      touch(request_id, now);
      return id;
    });
  }

  std::vector<HistoryEntry> update_request(RequestId id, const RequestChanges& changes) override {
    return write([&] {
      auto current = load_request(id);
      check_changes(current, changes);
      auto now = now_utc();
      std::vector<HistoryEntry> recorded;
      auto change_text = [&](const char* field, const std::optional<std::string>& value,
                             const std::string& old) {
        if (!value || *value == old) return;
        Statement update(m_db, fmt::format("UPDATE requests SET {} = ? WHERE id = ?", field));
        update.bind(1, *value);
        update.bind(2, id);
        update.exec();
        recorded.push_back(record(now, id, std::nullopt, "changed", field, old, *value));
      };
      change_text("title", changes.title, current.title);
      if (changes.title && *changes.title != current.title) {
        execute("UPDATE requests SET title_key = ? WHERE id = ?", normalize_title(*changes.title), id);
        execute("DELETE FROM request_terms WHERE request_id = ?", id);
        index_title(id, *changes.title);
      }
      change_text("description", changes.description, current.description);
      change_text("area", changes.area, current.area);
      if (changes.status) {
        change_text("status", std::string(to_string(*changes.status)),
                    std::string(to_string(current.status)));
      }
      change_text("reason", changes.reason, current.reason);
      change_text("workaround", changes.workaround, current.workaround);
      if (changes.effort && *changes.effort != current.effort) {
        Statement update(m_db, "UPDATE requests SET effort = ? WHERE id = ?");
        if (*changes.effort) {
          update.bind(1, **changes.effort);
        } else {
          update.bind(1);
        }
        update.bind(2, id);
        update.exec();
        recorded.push_back(record(now, id, std::nullopt, "changed", "effort",
                                  format_effort(current.effort), format_effort(*changes.effort)));
      }
      change_tags(id, current.tags, changes, now, recorded);
      if (!recorded.empty()) touch(id, now);
      return recorded;
    });
  }

  Account save_account(const AccountUpdate& update) override {
    return write([&] {
      auto now = now_utc();
      auto id = ensure_account(now, update.name).id;
      auto before = load_account(id);
      if (update.segment && *update.segment != before.segment) {
        Statement set(m_db, "UPDATE accounts SET segment = ?, updated_at = ? WHERE id = ?");
        set.bind(1, *update.segment);
        set.bind(2, now);
        set.bind(3, id);
        set.exec();
        record(now, std::nullopt, id, "account-changed", "segment", before.segment,
               *update.segment);
      }
      if (update.arr && update.arr != before.arr) {
        Statement set(m_db,
                      "UPDATE accounts SET arr_cents = ?, arr_currency = ?, updated_at = ? "
                      "WHERE id = ?");
        bind_money(set, 1, update.arr);
        set.bind(3, now);
        set.bind(4, id);
        set.exec();
        record(now, std::nullopt, id, "account-changed", "arr",
               before.arr ? format_money(*before.arr) : "", format_money(*update.arr));
      }
      return load_account(id);
    });
  }

  std::vector<HistoryEntry> merge(const std::vector<RequestId>& ids, RequestId survivor_id) override {
    return write([&] {
      auto survivor = load_request(survivor_id);
      if (survivor.status == Status::merged) {
        throw InputError(fmt::format("--into: request #{} is itself merged into #{}; merge into #{}",
                                     survivor_id, survivor.merged_into.value_or(0),
                                     survivor.merged_into.value_or(0)));
      }
      std::set<RequestId> distinct;
      for (auto id : ids) {
        if (!distinct.insert(id).second) throw InputError(fmt::format("ID: #{} is given twice", id));
      }
      auto now = now_utc();
      std::vector<HistoryEntry> recorded;
      std::set<std::string> survivor_tags(survivor.tags.begin(), survivor.tags.end());
      for (auto id : ids) {
        if (id == survivor_id) throw InputError(fmt::format("ID: cannot merge #{} into itself", id));
        auto merged = load_request(id);
        if (merged.status == Status::merged) {
          throw InputError(fmt::format("ID: request #{} is already merged into #{}", id,
                                       merged.merged_into.value_or(0)));
        }
        std::vector<std::string> added;
        for (const auto& tag : merged.tags) {
          if (survivor_tags.insert(tag).second) {
            added.push_back(tag);
            insert_tag(survivor_id, tag);
          }
        }
        auto& remember = cached(
            "INSERT INTO merges (merged_id, survivor_id, previous_status, previous_reason, "
            "previous_updated_at, survivor_updated_at, added_tags, at, id) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
        remember.bind(1, id);
        remember.bind(2, survivor_id);
        remember.bind(3, std::string(to_string(merged.status)));
        remember.bind(4, merged.reason);
        remember.bind(5, merged.updated_at);
        remember.bind(6, survivor.updated_at);
        remember.bind(7, join_tags(added));
        remember.bind(8, now);
        remember.bind(9, next_id(merges_table));
        remember.exec();
        int moved = execute("UPDATE asks SET request_id = ? WHERE request_id = ?", survivor_id, id);
        // Merge pointers always lead to a request that is not merged itself.
        execute("UPDATE requests SET merged_into = ? WHERE merged_into = ?", survivor_id, id);
        execute("UPDATE requests SET status = 'merged', merged_into = ?, updated_at = ? WHERE id = ?",
                survivor_id, now, id);
        recorded.push_back(record(now, id, std::nullopt, "merged", "merged_into", "",
                                  fmt::format("#{}", survivor_id)));
        recorded.push_back(record(now, survivor_id, std::nullopt, "absorbed", "request", "",
                                  fmt::format("#{} {} ({} asks{})", id, merged.title, moved,
                                              added.empty() ? "" : ", tags " + join_tags(added))));
      }
      touch(survivor_id, now);
      return recorded;
    });
  }

  std::vector<HistoryEntry> unmerge(RequestId id) override {
    return write([&] {
      auto request = load_request(id);
      if (request.status != Status::merged) {
        throw InputError(fmt::format("ID: request #{} is not merged (it is {})", id,
                                     to_string(request.status)));
      }
      auto& find = cached(
          "SELECT id, survivor_id, previous_status, previous_reason, previous_updated_at, "
          "added_tags, survivor_updated_at, at FROM merges WHERE merged_id = ? AND undone_at IS NULL "
          "ORDER BY id DESC LIMIT 1");
      find.bind(1, id);
      if (!find.executeStep()) {
        throw Error(ExitCode::failure, fmt::format("request #{} is marked merged but its merge is "
                                                   "not recorded; the database is inconsistent", id));
      }
      auto merge_id = find.getColumn(0).getInt64();
      RequestId survivor_id = find.getColumn(1).getInt64();
      auto previous_status = find.getColumn(2).getString();
      auto previous_reason = find.getColumn(3).getString();
      auto previous_updated_at = find.getColumn(4).getString();
      auto added_tags = find.getColumn(5).getString();
      auto survivor_updated_at = find.getColumn(6).getString();
      auto merged_at = find.getColumn(7).getString();
      find.reset();
      auto now = now_utc();
      // Its own asks come back from wherever later merges took them, and so
      // do the requests merged into it before (re-pointed by its merge) with
      // their asks.
      int moved = execute(
          "UPDATE asks SET request_id = ?1 WHERE origin_request_id = ?1 AND origin_request_id <> request_id", id);
      const char* chain =
          "WITH RECURSIVE chain(id) AS ("
          " SELECT merged_id FROM merges WHERE survivor_id = ?1 AND undone_at IS NULL"
          " UNION SELECT m.merged_id FROM merges m JOIN chain c ON m.survivor_id = c.id"
          " WHERE m.undone_at IS NULL) ";
      execute(fmt::format("{}UPDATE requests SET merged_into = ?1 WHERE id IN (SELECT id FROM chain)", chain), id);
      moved += execute(fmt::format("{}UPDATE asks SET request_id = ?1 "
                                      "WHERE origin_request_id IN (SELECT id FROM chain) AND origin_request_id <> request_id", chain), id);
      for (const auto& tag : split_list(added_tags)) {
        execute("DELETE FROM request_tags WHERE request_id = ? AND tag = ?", survivor_id, tag);
      }
      execute("UPDATE requests SET status = ?, reason = ?, merged_into = NULL, updated_at = ? WHERE id = ?",
              previous_status, previous_reason, previous_updated_at, id);
      // The survivor's timestamp goes back too, unless something else changed it since.
      execute("UPDATE requests SET updated_at = ? WHERE id = ? AND updated_at = ?", survivor_updated_at,
              survivor_id, merged_at);
      execute("UPDATE merges SET undone_at = ? WHERE id = ?", now, merge_id);
      std::vector<HistoryEntry> recorded;
      recorded.push_back(record(now, id, std::nullopt, "unmerged", "merged_into",
                                fmt::format("#{}", request.merged_into.value_or(0)), ""));
      recorded.push_back(record(now, request.merged_into.value_or(survivor_id), std::nullopt,
                                "released", "request", "", fmt::format("#{} ({} asks)", id, moved)));
      return recorded;
    });
  }

  std::int64_t save_snapshot(const RankSnapshot& snapshot) override {
    return write([&] {
      auto id = next_id(snapshots_table);
      execute("INSERT INTO snapshots (id, taken_at, profile) VALUES (?, ?, ?)", id, snapshot.taken_at,
              snapshot.profile);
      for (const auto& [request_id, entry] : snapshot.ranks) {
        execute("INSERT INTO snapshot_ranks (snapshot_id, request_id, rank, score) VALUES (?, ?, ?, ?)", id,
                request_id, static_cast<std::int64_t>(entry.rank), entry.score);
      }
      return id;
    });
  }

  std::optional<RankSnapshot> latest_snapshot(const std::string& before) override {
    return read([&]() -> std::optional<RankSnapshot> {
      Statement find(m_db, "SELECT id, taken_at, profile FROM snapshots WHERE taken_at < ? ORDER BY taken_at DESC, id DESC LIMIT 1");
      find.bind(1, before);
      if (!find.executeStep()) return std::nullopt;
      RankSnapshot snapshot;
      snapshot.id = find.getColumn(0).getInt64();
      snapshot.taken_at = find.getColumn(1).getString();
      snapshot.profile = find.getColumn(2).getString();
      Statement ranks(m_db, "SELECT request_id, rank, score FROM snapshot_ranks WHERE snapshot_id = ?");
      ranks.bind(1, snapshot.id);
      while (ranks.executeStep()) {
        snapshot.ranks[ranks.getColumn(0).getInt64()] = {ranks.getColumn(1).getInt(), ranks.getColumn(2).getDouble()};
      }
      return snapshot;
    });
  }

  std::vector<std::string> check() override {
    return read([&] {
      auto problems = m_db.check_engine();
      // The tool's own invariants, each a query listing what breaks it.
      const std::vector<const char*> invariants{
          "SELECT 'ask #' || a.id || ' sits on request #' || r.id || ', which is merged' "
           "FROM asks a JOIN requests r ON r.id = a.request_id WHERE r.status = 'merged'",
          "SELECT 'request #' || r.id || ' is merged into #' || r.merged_into || ', which is itself merged' "
           "FROM requests r JOIN requests s ON s.id = r.merged_into WHERE s.status = 'merged'",
          "SELECT 'request #' || id || ' is merged but points nowhere' FROM requests "
           "WHERE status = 'merged' AND merged_into IS NULL",
          "SELECT 'request #' || id || ' points to #' || merged_into || ' but is ' || status FROM requests "
           "WHERE status <> 'merged' AND merged_into IS NOT NULL",
          "SELECT 'request #' || r.id || ' is merged but its merge is not recorded' FROM requests r "
           "WHERE r.status = 'merged' AND NOT EXISTS (SELECT 1 FROM merges m WHERE m.merged_id = r.id "
           "AND m.undone_at IS NULL)",
          "SELECT 'request #' || r.id || ' has no history of its creation' FROM requests r "
           "WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.request_id = r.id AND h.action = 'created')",
          "SELECT 'ask #' || a.id || ' has no history of being added' FROM asks a "
           "WHERE NOT EXISTS (SELECT 1 FROM history h WHERE h.request_id = a.origin_request_id "
           "AND h.action = 'ask-added' AND h.new_value LIKE '#' || a.id || ' %')",
          "SELECT 'request #' || id || ' is declined without a reason' FROM requests "
           "WHERE status = 'declined' AND reason = ''",
          "SELECT 'request #' || id || ' has an effort of 0, which scores divide by; set a positive one' "
           "FROM requests WHERE effort = 0",
      };
      for (const char* sql : invariants) {
        Statement query(m_db, sql);
        while (query.executeStep()) problems.push_back(query.getColumn(0).getString());
      }
      find_invalid_text(problems);
      return problems;
    });
  }

  // Text that is not UTF-8 (written by another client: sqlite3, psql)
  // cannot be shown or exported faithfully.
  void find_invalid_text(std::vector<std::string>& problems) {
    struct TextColumns {
      const char* table;
      const char* what;
      std::vector<const char*> columns;
    };
    const std::vector<TextColumns> tables{
        {"requests", "request", {"title", "description", "area", "reason", "workaround"}},
        {"asks", "ask", {"stage", "close_date", "rep", "source", "note"}},
        {"accounts", "account", {"name", "segment"}},
    };
    for (const auto& [table, what, columns] : tables) {
      Statement query(m_db, fmt::format("SELECT id, {} FROM {}", fmt::join(columns, ", "), table));
      while (query.executeStep()) {
        for (std::size_t i = 0; i < columns.size(); ++i) {
          auto column = query.getColumn(static_cast<int>(i + 1));
          if (column.isNull() || is_valid_utf8(column.getString())) continue;
          problems.push_back(fmt::format("{} #{}: its {} is not valid UTF-8 (written by another program?)", what,
                                         query.getColumn(0).getInt64(), columns[i]));
        }
      }
    }
  }

  void backup_to(const std::string& path) override {
    std::error_code ignored;
    // symlink_status: a dangling link is there too, and SQLite would write through it.
    if (std::filesystem::exists(std::filesystem::symlink_status(path, ignored))) {
      throw Error(ExitCode::failure, fmt::format("{} already exists; give a new file for the backup", path));
    }
    auto folder = std::filesystem::path(path).parent_path();
    if (!folder.empty() && !std::filesystem::is_directory(folder, ignored)) {
      throw OutputError(fmt::format("cannot write the backup {}: there is no folder {}", path, folder.string()));
    }
    try {
      if (m_db.backup_natively(path)) return;
      // An engine without its own way copies table by table into a new
      // SQLite file, private to the user.
      auto file = open_sqlite(path, IfMissing::create);
      copy_between(m_db, *file);
    } catch (...) {
      rethrow(std::current_exception());
    }
  }

  std::vector<MergeRecord> merges() override {
    return read([&] {
      Statement query(m_db, "SELECT merged_id, survivor_id, previous_status, added_tags, at, "
                            "coalesce(undone_at, '') FROM merges ORDER BY id");
      std::vector<MergeRecord> records;
      while (query.executeStep()) {
        records.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getInt64(),
                           query.getColumn(2).getString(), split_list(query.getColumn(3).getString()),
                           query.getColumn(4).getString(), query.getColumn(5).getString()});
      }
      return records;
    });
  }

  void mark_not_duplicate(RequestId a, RequestId b) override {
    write([&] {
      load_request(a);
      load_request(b);
      if (a == b) throw InputError(fmt::format("ID: #{} and #{} are the same request", a, b));
      auto now = now_utc();
      execute("INSERT INTO not_duplicates (a, b, at, actor) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", std::min(a, b),
              std::max(a, b), now, m_actor);
      record(now, std::min(a, b), std::nullopt, "not-duplicate", "request", "",
             fmt::format("#{}", std::max(a, b)));
      return 0;
    });
  }

  std::vector<std::pair<RequestId, RequestId>> not_duplicates() override {
    return read([&] {
      Statement query(m_db, "SELECT a, b FROM not_duplicates");
      std::vector<std::pair<RequestId, RequestId>> pairs;
      while (query.executeStep()) {
        pairs.emplace_back(query.getColumn(0).getInt64(), query.getColumn(1).getInt64());
      }
      return pairs;
    });
  }

  std::size_t count_requests() override {
    return read([&] {
      // The highest id counts every request ever logged, without a scan.
      return static_cast<std::size_t>(query_number("SELECT coalesce(max(id), 0) FROM requests"));
    });
  }

  std::size_t title_word_frequency(const std::string& word) override {
    return read([&] {
      // Past a few thousand a word is common, and counting further costs time.
      auto& count = cached("SELECT count(*) FROM (SELECT 1 FROM request_terms WHERE term = ? LIMIT 5000) AS t");
      count.bind(1, word);
      count.executeStep();
      auto frequency = static_cast<std::size_t>(count.getColumn(0).getInt64());
      count.reset();
      return frequency;
    });
  }

  std::vector<Request> open_requests_sharing_title_words(
      const std::vector<std::pair<std::string, double>>& words, std::size_t limit) override {
    return read([&] {
      if (words.empty()) return std::vector<Request>{};
      std::vector<std::string> rows(words.size(), "(?, CAST(? AS DOUBLE PRECISION))");
      Statement query(m_db, fmt::format(
          "WITH w(term, weight) AS (VALUES {}) "
          "SELECT {} FROM (SELECT t.request_id, sum(w.weight) AS shared FROM request_terms t "
          "JOIN w ON w.term = t.term GROUP BY t.request_id ORDER BY shared DESC, t.request_id LIMIT ?) s "
          "JOIN requests r ON r.id = s.request_id "
          "WHERE r.status IN ('new', 'triaged', 'planned', 'in-progress') ORDER BY s.shared DESC, r.id",
          fmt::join(rows, ", "), request_columns));
      int index = 0;
      for (const auto& [word, weight] : words) {
        query.bind(++index, word);
        query.bind(++index, weight);
      }
      query.bind(++index, static_cast<std::int64_t>(limit));
      std::vector<Request> requests;
      while (query.executeStep()) requests.push_back(read_request(query));
      return requests;
    });
  }

  std::optional<Request> find_request(RequestId id) override {
    return read([&] { return query_request(id); });
  }

  std::vector<Request> list_requests(const RequestFilter& filter) override {
    return read([&] {
      auto sql = filter_sql(filter, m_db.hint(sql::Hint::no_index));
      Statement query(m_db, fmt::format("SELECT {} FROM requests r WHERE {} ORDER BY r.id",
                                        request_columns, sql.where),
                      sql::Rows::many);
      bind_all(query, sql.params);
      std::vector<Request> requests;
      requests.reserve(static_cast<std::size_t>(query_number("SELECT count(*) FROM requests")));
      while (query.executeStep()) requests.push_back(read_request(query));
      attach_tags(requests);
      return requests;
    });
  }

  void for_each_ask(const RequestFilter& filter, const std::function<void(const Ask&)>& visit) override {
    read([&] {
      // Scanning asks in id order and testing membership (the `+` keeps
      // SQLite off the request_id index) beats a join and a sort when most
      // requests match.
      auto sql = filter_sql(filter, m_db.hint(sql::Hint::no_index));
      Statement query(m_db, fmt::format("SELECT {} FROM asks a LEFT JOIN accounts c ON c.id = a.account_id "
                                        "WHERE {}a.request_id IN (SELECT r.id FROM requests r WHERE {}) "
                                        "ORDER BY a.id",
                                        ask_columns, m_db.hint(sql::Hint::no_index), sql.where),
                      sql::Rows::many);
      bind_all(query, sql.params);
      Ask ask;
      while (query.executeStep()) {
        read_ask_into(query, ask);
        visit(ask);
      }
      return 0;
    });
  }

  void for_each_deal_group(
      const RequestFilter& filter,
      const std::function<void(RequestId, const std::vector<const Ask*>&)>& visit) override {
    read([&] {
      auto sql = filter_sql(filter, m_db.hint(sql::Hint::no_index));
      Statement query(m_db, fmt::format("SELECT {} FROM asks a WHERE a.request_id IN "
                                        "(SELECT r.id FROM requests r WHERE {}) "
                                        "ORDER BY a.request_id, a.id",
                                        deal_columns, sql.where),
                      sql::Rows::many);
      bind_all(query, sql.params);
      // The asks of one request at a time, in buffers reused from request to
      // request, so a year of asks costs no allocation per row.
      std::vector<Ask> buffer;
      std::vector<const Ask*> group;
      std::size_t used = 0;
      RequestId current = 0;
      auto flush = [&] {
        group.clear();
        for (std::size_t i = 0; i < used; ++i) group.push_back(&buffer[i]);
        if (used > 0) visit(current, group);
        used = 0;
      };
      while (query.executeStep()) {
        RequestId id = query.getColumn(1).getInt64();
        if (id != current) {
          flush();
          current = id;
        }
        if (used == buffer.size()) buffer.emplace_back();
        read_deal_into(query, buffer[used++]);
      }
      flush();
    });
  }

  std::vector<Ask> asks_of(RequestId id) override {
    return read([&] {
      Statement query(m_db, fmt::format("SELECT {} FROM asks a LEFT JOIN accounts c "
                                        "ON c.id = a.account_id WHERE a.request_id = ? "
                                        "ORDER BY a.id",
                                        ask_columns));
      query.bind(1, id);
      return read_asks(query);
    });
  }

  std::vector<HistoryEntry> history(std::optional<RequestId> id) override {
    return read([&] {
      Statement query(m_db, std::string("SELECT h.id, h.at, h.actor, h.request_id, "
                                        "coalesce(c.name, ''), h.action, h.field, h.old_value, "
                                        "h.new_value FROM history h LEFT JOIN accounts c ON "
                                        "c.id = h.account_id") +
                                (id ? " WHERE h.request_id = ?" : "") + " ORDER BY h.id",
                      sql::Rows::many);
      if (id) query.bind(1, *id);
      std::vector<HistoryEntry> entries;
      while (query.executeStep()) {
        HistoryEntry entry;
        entry.id = query.getColumn(0).getInt64();
        entry.at = query.getColumn(1).getString();
        entry.actor = query.getColumn(2).getString();
        if (!query.getColumn(3).isNull()) entry.request_id = query.getColumn(3).getInt64();
        entry.account = query.getColumn(4).getString();
        entry.action = query.getColumn(5).getString();
        entry.field = query.getColumn(6).getString();
        entry.old_value = query.getColumn(7).getString();
        entry.new_value = query.getColumn(8).getString();
        entries.push_back(std::move(entry));
      }
      return entries;
    });
  }

  std::vector<Account> list_accounts() override {
    return read([&] {
      Statement query(m_db, fmt::format("SELECT {} FROM accounts ORDER BY name_key", account_columns));
      std::vector<Account> accounts;
      while (query.executeStep()) accounts.push_back(read_account(query));
      return accounts;
    });
  }

  std::optional<Account> find_account(const std::string& name) override {
    return read([&]() -> std::optional<Account> {
      Statement query(m_db, fmt::format("SELECT {} FROM accounts WHERE name_key = ?", account_columns));
      query.bind(1, fold_case(name));
      if (!query.executeStep()) return std::nullopt;
      return read_account(query);
    });
  }

 private:
  std::unique_ptr<sql::Connection> m_connection;
  sql::Connection& m_db;
  std::string m_actor;
  std::unordered_map<std::string, std::unique_ptr<Statement>> m_statements;
  // What one write transaction has already looked up; it holds the write
  // lock, so nobody else can change these meanwhile. Cleared as each begins.
  struct AccountRef {
    std::int64_t id;
    std::string name;  ///< as first recorded, not as typed this time
  };
  // A value for an INSERT.
  using Cell = sql::Value;

  // An imported ask, as the next row with its import key compares with it.
  struct ImportedAsk {
    AskId id = 0;
    RequestId request_id = 0;
    std::optional<Money> value;
    std::string stage, close_date, rep, note;
  };
  struct TransactionMemo {
    std::unordered_map<std::string, AccountRef> accounts;      ///< by name_key
    std::unordered_map<std::string, RequestId> open_titles;    ///< by title_key
    std::unordered_map<std::string, ImportedAsk> imported;     ///< by import_key
    /// An import looked up all its keys, titles and accounts at once: what
    /// is not in the maps above is not in the database either.
    bool prefetched = false;
    std::unordered_map<const void*, std::int64_t> next_ids;   ///< by InsertTable
  };
  TransactionMemo m_memo;
  bool m_in_transaction = false;
  bool m_batching = false;
  std::unordered_map<std::string, std::vector<std::vector<Cell>>> m_pending;  ///< by table name
  std::map<std::pair<const void*, std::size_t>, std::unique_ptr<Statement>> m_inserts;  ///< by table, rows
  std::minstd_rand m_random{std::random_device{}()};

  // Runs `work` in one write transaction and commits it. PostgreSQL may
  // refuse a transaction that raced another client's (serializable
  // isolation; reqtriage's own writers take turns): it is then run again
  // from the start, a few times, with a growing pause.
  template <typename Work>
  auto write(Work&& work) -> decltype(work()) {
    return transaction(work, true);
  }

  // The same, rolled back at the end: what would have happened.
  template <typename Work>
  auto write_and_roll_back(Work&& work) -> decltype(work()) {
    return transaction(work, false);
  }

  template <typename Work>
  auto transaction(Work& work, bool keep, bool may_retry = true) -> decltype(work()) {
    const int attempts = may_retry ? 40 : 1;
    for (int attempt = 1;; ++attempt) {
      try {
        m_db.begin_write();
        m_in_transaction = true;
        m_memo = {};
        auto result = work();
        if (keep) {
          m_db.commit();
        } else {
          m_db.rollback();
        }
        m_in_transaction = false;
        return result;
      } catch (...) {
        m_db.rollback();
        m_in_transaction = false;
        m_batching = false;
        m_pending.clear();
        auto error = std::current_exception();
        if (!may_retry && m_db.is_retryable(error)) throw busy_error(m_db.name());
        if (attempt < attempts && m_db.is_retryable(error)) {
          // Random pauses, so the writers that collided do not collide again.
          std::uniform_int_distribution<int> pause_ms(1, 4 << std::min(attempt, 6));
          std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(m_random)));
          continue;
        }
        rethrow(error);
      }
    }
  }

  template <typename Work>
  auto read(Work&& work) -> decltype(work()) {
    try {
      if (m_in_transaction) return work();
      m_db.begin_read();
      m_in_transaction = true;
      struct EndRead {
        SqlStore& store;
        ~EndRead() {
          store.m_in_transaction = false;
          store.m_db.rollback();  // nothing to keep
        }
      } end{*this};
      return work();
    } catch (...) {
      rethrow(std::current_exception());
    }
  }

  // The tool's own errors pass; an engine's become one with a clear message.
  [[noreturn]] void rethrow(std::exception_ptr error) {
    try {
      std::rethrow_exception(error);
    } catch (const Error&) {
      throw;
    } catch (...) {
    }
    throw m_db.as_error(error);
  }

  // Runs a statement that returns one number.
  std::int64_t query_number(const std::string& sql) {
    Statement query(m_db, sql);
    query.executeStep();
    return query.getColumn(0).getInt64();
  }

  static void bind_all(Statement& statement, const std::vector<std::string>& params) {
    for (std::size_t i = 0; i < params.size(); ++i) {
      statement.bind(static_cast<int>(i + 1), params[i]);
    }
  }

  static std::vector<Ask> read_asks(Statement& query) {
    std::vector<Ask> asks;
    while (query.executeStep()) asks.push_back(read_ask(query));
    return asks;
  }

  std::optional<Request> query_request(RequestId id) {
    Statement query(m_db, fmt::format("SELECT {} FROM requests r WHERE r.id = ?", request_columns));
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    auto request = read_request(query);
    Statement tags(m_db, "SELECT tag FROM request_tags WHERE request_id = ? ORDER BY tag");
    tags.bind(1, id);
    while (tags.executeStep()) request.tags.push_back(tags.getColumn(0).getString());
    return request;
  }

  Request load_request(RequestId id) {
    auto request = query_request(id);
    if (!request) throw NotFoundError(fmt::format("no request #{}", id));
    return *request;
  }

  // Gives requests sorted by id their tags in one pass over request_tags,
  // which is stored in (request_id, tag) order: no lookup per request.
  void attach_tags(std::vector<Request>& requests) {
    if (requests.empty()) return;
    Statement query(m_db, "SELECT request_id, tag FROM request_tags WHERE request_id BETWEEN ? AND ? ORDER BY request_id, tag",
                    sql::Rows::many);
    query.bind(1, requests.front().id);
    query.bind(2, requests.back().id);
    auto next = requests.begin();
    while (query.executeStep()) {
      RequestId id = query.getColumn(0).getInt64();
      while (next != requests.end() && next->id < id) ++next;
      if (next == requests.end()) break;
      if (next->id == id) next->tags.push_back(query.getColumn(1).getString());
    }
  }

  Account load_account(std::int64_t id) {
    Statement query(m_db, fmt::format("SELECT {} FROM accounts WHERE id = ?", account_columns));
    query.bind(1, id);
    query.executeStep();
    return read_account(query);
  }


  static Cell optional_cell(const std::optional<std::int64_t>& value) {
    return value ? Cell(*value) : Cell(nullptr);
  }
  static std::pair<Cell, Cell> money_cells(const std::optional<Money>& money) {
    if (!money) return {nullptr, nullptr};
    return {money->cents, money->currency};
  }

  // A table the write helpers insert into, with its columns in order.
  struct InsertTable {
    const char* name;
    const char* columns;
    std::size_t column_count;
    const char* on_conflict;  ///< appended to the INSERT
  };
  static constexpr InsertTable accounts_table{"accounts", "id, name, name_key, created_at, updated_at", 5, ""};
  static constexpr InsertTable requests_table{
      "requests", "id, title, title_key, description, area, effort, created_at, updated_at", 8, ""};
  static constexpr InsertTable tags_table{"request_tags", "request_id, tag", 2, " ON CONFLICT DO NOTHING"};
  static constexpr InsertTable terms_table{"request_terms", "term, request_id", 2, " ON CONFLICT DO NOTHING"};
  static constexpr InsertTable asks_table{
      "asks",
      "id, request_id, origin_request_id, account_id, value_cents, currency, stage, close_date, rep, source, "
      "note, created_at, import_key",
      13, ""};
  static constexpr InsertTable history_table{
      "history", "id, at, actor, request_id, account_id, action, field, old_value, new_value", 9, ""};
  // Written by their own statements; here for their ids.
  static constexpr InsertTable merges_table{"merges", "", 0, ""};
  static constexpr InsertTable snapshots_table{"snapshots", "", 0, ""};
  // Parents before children, as pending rows are written.
  static constexpr const InsertTable* pending_order[] = {&accounts_table, &requests_table, &tags_table,
                                                         &terms_table,    &asks_table,     &history_table};

  // The id the next row of `table` takes (see the note on SqlStore).
  std::int64_t next_id(const InsertTable& table) {
    auto [slot, added] = m_memo.next_ids.try_emplace(&table, 0);
    if (added) slot->second = query_number(fmt::format("SELECT coalesce(max(id), 0) FROM {}", table.name));
    return ++slot->second;
  }

  // Inserts one row now, or, while an import batches (on PostgreSQL, where
  // each statement is a round trip), keeps it for write_pending.
  void insert_row(const InsertTable& table, std::vector<Cell> values) {
    if (m_batching) {
      m_pending[table.name].push_back(std::move(values));
      return;
    }
    insert_rows(table, {std::move(values)});
  }

  // One INSERT for all the rows.
  void insert_rows(const InsertTable& table, const std::vector<std::vector<Cell>>& rows) {
    if (rows.empty()) return;
    auto& insert = insert_statement(table, rows.size());
    int index = 0;
    for (const auto& row : rows) {
      for (const auto& value : row) insert.bind(++index, value);
    }
    insert.exec();
  }

  // The prepared INSERT of `rows` rows into the table, reset: made once per
  // shape, as an import inserts hundreds of thousands of rows.
  Statement& insert_statement(const InsertTable& table, std::size_t rows) {
    auto& slot = m_inserts[{&table, rows}];
    if (slot) {
      slot->reset();
      return *slot;
    }
    slot = std::make_unique<Statement>(
        m_db, sql::insert_sql(table.name, table.columns, table.column_count, rows, table.on_conflict));
    return *slot;
  }

  // Writes the rows an import kept, many to a statement, parents first.
  void write_pending() {
    constexpr std::size_t rows_per_statement = 500;
    for (const auto* table : pending_order) {
      auto& rows = m_pending[table->name];
      for (std::size_t start = 0; start < rows.size(); start += rows_per_statement) {
        auto end = std::min(rows.size(), start + rows_per_statement);
        insert_rows(*table, {std::make_move_iterator(rows.begin() + static_cast<long>(start)),
                             std::make_move_iterator(rows.begin() + static_cast<long>(end))});
      }
    }
    m_pending.clear();
  }

  // A prepared statement for this SQL, reset and ready to bind: the write
  // helpers run once per row of an import, and preparing is the slow part.
  Statement& cached(const std::string& sql) {
    auto& slot = m_statements[sql];
    if (!slot) {
      slot = std::make_unique<Statement>(m_db, sql);
    } else {
      slot->reset();
    }
    return *slot;
  }

  static void bind_value(Statement& statement, int index, const std::string& value) { statement.bind(index, value); }
  static void bind_value(Statement& statement, int index, const char* value) { statement.bind(index, value); }
  static void bind_value(Statement& statement, int index, std::int64_t value) { statement.bind(index, value); }
  static void bind_value(Statement& statement, int index, double value) { statement.bind(index, value); }

  // Runs a cached statement with its parameters bound in order; returns the
  // number of rows it changed.
  template <typename... Args>
  int execute(const std::string& sql, const Args&... args) {
    auto& statement = cached(sql);
    int index = 0;
    (bind_value(statement, ++index, args), ...);
    return statement.exec();
  }

  RequestId insert_request(const std::string& now, const NewRequest& request, const std::string& title_key) {
    auto id = next_id(requests_table);
    insert_row(requests_table, {id, request.title, title_key, request.description,
                                request.area, request.effort ? Cell(*request.effort) : Cell(nullptr), now, now});
    for (const auto& tag : request.tags) insert_tag(id, tag);
    index_title(id, request.title);
    record(now, id, std::nullopt, "created", "title", "", request.title);
    return id;
  }

  void index_title(RequestId id, const std::string& title) {
    for (const auto& term : basic_tokens(title)) insert_row(terms_table, {term, id});
  }

  // One batch of an import: looked up together, written together, then
  // forgotten, so an import of any size holds one batch in memory.
  void import_batch(const std::string& now, const std::vector<ImportRow>& rows, ImportCounts& counts) {
    m_memo.accounts.clear();
    m_memo.open_titles.clear();
    m_memo.imported.clear();
    if (rows.empty()) return;
    prefetch_for_import(rows);
    m_batching = m_db.prefers_batches();
    m_pending.clear();
    std::vector<RequestId> touched;  // updated once each at the end, not once per row
    for (const auto& row : rows) {
      if (auto request_id = import_row(now, row, counts)) touched.push_back(*request_id);
    }
    m_batching = false;
    write_pending();
    touch_all(touched, now);
  }

  // Looks up, a few hundred to a statement, everything the rows will ask
  // about: asks by import key, open requests by title, accounts by name.
  void prefetch_for_import(const std::vector<ImportRow>& rows) {
    std::set<std::string> keys, titles, names;
    for (const auto& row : rows) {
      keys.insert(row.import_key);
      titles.insert(row.title_key);
      if (!row.ask.account.empty()) names.insert(fold_case(row.ask.account));
    }
    for_each_chunk(keys, "SELECT import_key, id, request_id, value_cents, currency, stage, close_date, rep, note "
                         "FROM asks WHERE import_key IN ({})",
                   [&](Statement& found) {
                     ImportedAsk ask;
                     ask.id = found.getColumn(1).getInt64();
                     ask.request_id = found.getColumn(2).getInt64();
                     read_money_into(ask.value, found.getColumn(3), found.getColumn(4));
                     ask.stage = found.getColumn(5).getString();
                     ask.close_date = found.getColumn(6).getString();
                     ask.rep = found.getColumn(7).getString();
                     ask.note = found.getColumn(8).getString();
                     m_memo.imported.emplace(found.getColumn(0).getString(), std::move(ask));
                   });
    for_each_chunk(titles, "SELECT title_key, min(id) FROM requests WHERE title_key IN ({}) AND status IN "
                           "('new', 'triaged', 'planned', 'in-progress') GROUP BY title_key",
                   [&](Statement& found) {
                     m_memo.open_titles.emplace(found.getColumn(0).getString(), found.getColumn(1).getInt64());
                   });
    for_each_chunk(names, "SELECT name_key, id, name FROM accounts WHERE name_key IN ({})", [&](Statement& found) {
      m_memo.accounts.emplace(found.getColumn(0).getString(),
                              AccountRef{found.getColumn(1).getInt64(), found.getColumn(2).getString()});
    });
    m_memo.prefetched = true;
  }

  // Runs `sql_with_list` (its "{}" an IN list) over the values, 500 at a
  // time, calling `visit` for each row found.
  template <typename Visit>
  void for_each_chunk(const std::set<std::string>& values, const char* sql_with_list, Visit&& visit) {
    constexpr std::size_t chunk = 500;
    std::vector<const std::string*> batch;
    auto run = [&] {
      if (batch.empty()) return;
      Statement query(m_db, fmt::format(fmt::runtime(sql_with_list), sql::placeholders(batch.size())));
      for (std::size_t i = 0; i < batch.size(); ++i) query.bind(static_cast<int>(i + 1), *batch[i]);
      while (query.executeStep()) visit(query);
      batch.clear();
    };
    for (const auto& value : values) {
      batch.push_back(&value);
      if (batch.size() == chunk) run();
    }
    run();
  }

  // Returns the request whose updated_at the row changed, if any.
  std::optional<RequestId> import_row(const std::string& now, const ImportRow& row, ImportCounts& counts) {
    if (auto known = m_memo.imported.find(row.import_key); known != m_memo.imported.end()) {
      auto& before = known->second;
      std::vector<std::pair<const char*, std::pair<std::string, std::string>>> changed;
      auto money_text = [](const std::optional<Money>& money) {
        return money ? format_money(*money) : std::string();
      };
      if (before.value != row.ask.value) {
        changed.push_back({"value", {money_text(before.value), money_text(row.ask.value)}});
      }
      auto compare = [&](const char* field, const std::string& was, const std::string& is) {
        if (was != is) changed.push_back({field, {was, is}});
      };
      compare("stage", before.stage, row.ask.stage);
      compare("close_date", before.close_date, row.ask.close_date);
      compare("rep", before.rep, row.ask.rep);
      compare("note", before.note, row.ask.note);
      if (changed.empty()) {
        ++counts.unchanged;
        return std::nullopt;
      }
      // An ask added earlier in this import may still wait to be written.
      if (m_batching) write_pending();
      update_imported_ask(now, before.id, before.request_id, row.ask, changed);
      remember_import(row, before.id, before.request_id);
      ++counts.updated;
      return before.request_id;
    }
    // The prefetch found every open request with one of the file's titles.
    std::optional<RequestId> existing;
    if (auto found = m_memo.open_titles.find(row.title_key); found != m_memo.open_titles.end()) {
      existing = found->second;
    }
    RequestId request_id = existing ? *existing : insert_request(now, row.request, row.title_key);
    if (existing) {
      ++counts.attached;
    } else {
      ++counts.new_requests;
      m_memo.open_titles.emplace(row.title_key, request_id);
    }
    auto ask_id = insert_ask(now, request_id, row.ask, row.import_key);
    remember_import(row, ask_id, request_id);
    ++counts.new_asks;
    return existing;
  }

  void remember_import(const ImportRow& row, AskId id, RequestId request_id) {
    m_memo.imported[row.import_key] = {id, request_id, row.ask.value, row.ask.stage, row.ask.close_date,
                                       row.ask.rep, row.ask.note};
  }

  void update_imported_ask(const std::string& now, AskId id, RequestId request_id, const NewAsk& ask,
                           const std::vector<std::pair<const char*, std::pair<std::string, std::string>>>& changed) {
    auto& update = cached(
        "UPDATE asks SET value_cents = ?, currency = ?, stage = ?, close_date = ?, rep = ?, "
        "note = ? WHERE id = ?");
    bind_money(update, 1, ask.value);
    update.bind(3, ask.stage);
    update.bind(4, ask.close_date);
    update.bind(5, ask.rep);
    update.bind(6, ask.note);
    update.bind(7, id);
    update.exec();
    for (const auto& [field, values] : changed) {
      record(now, request_id, std::nullopt, "ask-changed", fmt::format("ask #{} {}", id, field),
             values.first, values.second);
    }
  }

  void touch(RequestId id, const std::string& now) {
    execute("UPDATE requests SET updated_at = ? WHERE id = ?", now, id);
  }

  // Touches each request once, 500 to a statement.
  void touch_all(std::vector<RequestId> ids, const std::string& now) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    constexpr std::size_t chunk = 500;
    for (std::size_t start = 0; start < ids.size(); start += chunk) {
      auto end = std::min(ids.size(), start + chunk);
      auto& update =
          cached(fmt::format("UPDATE requests SET updated_at = ? WHERE id IN ({})", sql::placeholders(end - start)));
      update.bind(1, now);
      for (auto i = start; i < end; ++i) update.bind(static_cast<int>(i - start + 2), ids[i]);
      update.exec();
    }
  }

  void insert_tag(RequestId id, const std::string& tag) { insert_row(tags_table, {id, tag}); }

  void change_tags(RequestId id, const std::vector<std::string>& before,
                   const RequestChanges& changes, const std::string& now,
                   std::vector<HistoryEntry>& recorded) {
    std::set<std::string> after(before.begin(), before.end());
    for (const auto& tag : changes.add_tags) after.insert(tag);
    for (const auto& tag : changes.remove_tags) after.erase(tag);
    std::vector<std::string> after_list(after.begin(), after.end());
    if (after_list == before) return;
    Statement clear(m_db, "DELETE FROM request_tags WHERE request_id = ?");
    clear.bind(1, id);
    clear.exec();
    for (const auto& tag : after_list) insert_tag(id, tag);
    recorded.push_back(
        record(now, id, std::nullopt, "changed", "tags", join_tags(before), join_tags(after_list)));
  }

  AccountRef ensure_account(const std::string& now, const std::string& name) {
    auto key = fold_case(name);
    if (auto known = m_memo.accounts.find(key); known != m_memo.accounts.end()) return known->second;
    if (!m_memo.prefetched) {
      auto& find = cached("SELECT id, name FROM accounts WHERE name_key = ?");
      find.bind(1, key);
      if (find.executeStep()) {
        AccountRef found{find.getColumn(0).getInt64(), find.getColumn(1).getString()};
        find.reset();
        m_memo.accounts.emplace(key, found);
        return found;
      }
    }
    auto id = next_id(accounts_table);
    insert_row(accounts_table, {id, name, key, now, now});
    record(now, std::nullopt, id, "account-created", "name", "", name);
    m_memo.accounts.emplace(key, AccountRef{id, name});
    return {id, name};
  }

  AskId insert_ask(const std::string& now, RequestId request_id, const NewAsk& ask,
                   const std::string& import_key = "") {
    std::optional<std::int64_t> account_id;
    NewAsk described = ask;
    if (!ask.account.empty()) {
      auto account = ensure_account(now, ask.account);
      account_id = account.id;
      described.account = account.name;
    }
    auto id = next_id(asks_table);
    auto [cents, currency] = money_cells(ask.value);
    insert_row(asks_table, {id, request_id, request_id, optional_cell(account_id), cents, currency, ask.stage,
                            ask.close_date, ask.rep, ask.source, ask.note, now,
                            import_key.empty() ? Cell(nullptr) : Cell(import_key)});
    record(now, request_id, account_id, "ask-added", "ask", "",
           fmt::format("#{} {}", id, describe_ask(described)));
    return id;
  }

  HistoryEntry record(const std::string& now, std::optional<RequestId> request_id,
                      std::optional<std::int64_t> account_id, const std::string& action,
                      const std::string& field, const std::string& old_value,
                      const std::string& new_value) {
    auto id = next_id(history_table);
    insert_row(history_table, {id, now, m_actor, optional_cell(request_id), optional_cell(account_id), action,
                               field, old_value, new_value});
    return HistoryEntry{id, now, m_actor, request_id, "", action, field, old_value, new_value};
  }
};

}  // namespace

std::string database_name(const std::string& path_or_url) {
  return is_postgres_url(path_or_url) ? redact_url(path_or_url) : path_or_url;
}

std::unique_ptr<Store> open_store(const StoreOptions& options) {
  return std::make_unique<SqlStore>(open_connection(options.path, options.if_missing, options.read_only), options.actor);
}

}  // namespace reqtriage
