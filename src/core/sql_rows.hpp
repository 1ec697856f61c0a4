#pragma once
// Internal to the storage layer: reading rows into the domain's types and
// binding them to statements, on either engine, and the filters of lists.
#include <fmt/format.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "reqtriage/domain.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/store.hpp"
#include "sql.hpp"

namespace reqtriage {

using sql::Statement;

// Binds an amount and its currency to two neighbouring parameters, or NULLs.
inline void bind_money(Statement& statement, int index, const std::optional<Money>& money) {
  if (money) {
    statement.bind(index, money->cents);
    statement.bind(index + 1, money->currency);
  } else {
    statement.bind(index);
    statement.bind(index + 1);
  }
}

// Money as the history writes it ("USD 1,200"); empty for none.
inline std::string money_text(const std::optional<Money>& money) {
  return money ? format_money(*money) : std::string();
}

inline std::string describe_ask(const NewAsk& ask) {
  std::vector<std::string> parts;
  if (!ask.account.empty()) parts.push_back(ask.account);
  if (ask.value) parts.push_back(format_money(*ask.value));
  if (!ask.stage.empty()) parts.push_back(ask.stage);
  if (!ask.close_date.empty()) parts.push_back("closes " + ask.close_date);
  if (!ask.deal.empty()) parts.push_back("deal " + ask.deal);
  if (ask.importance != Importance::unset) parts.emplace_back(to_string(ask.importance));
  return fmt::format("{}", fmt::join(parts, ", "));
}

inline std::string join_tags(const std::vector<std::string>& tags) {
  return fmt::format("{}", fmt::join(tags, ","));
}

// Links as history writes them: URLs may hold commas, never spaces.
inline std::string join_links(const std::vector<std::string>& links) {
  return fmt::format("{}", fmt::join(links, " "));
}

inline std::string format_effort(const std::optional<double>& effort) {
  return effort ? fmt::format("{}", *effort) : std::string();
}

// The SQL conditions of a filter: `where` over `requests r` (with the ask
// filters as an EXISTS), and `ask_where` over the asks `a` to count.
struct FilterSql {
  std::string where;
  std::vector<std::string> params;
  std::string ask_where = "1 = 1";
  std::vector<std::string> ask_params;
  /// Params of a statement with `where` first and then `ask_where`.
  std::vector<std::string> all_params() const {
    auto all = params;
    all.insert(all.end(), ask_params.begin(), ask_params.end());
    return all;
  }
};

// Adds "column IN (?, ...)" for a non-empty list.
inline void add_in(std::vector<std::string>& conditions, std::vector<std::string>& params, const std::string& column,
                   const std::vector<std::string>& values) {
  if (values.empty()) return;
  conditions.push_back(fmt::format("{} IN ({})", column, sql::placeholders(values.size())));
  params.insert(params.end(), values.begin(), values.end());
}

// The ask filters over the asks table under `alias`.
inline std::string ask_conditions(const RequestFilter& filter, const std::string& alias,
                                  std::vector<std::string>& params) {
  std::vector<std::string> conditions;
  if (!filter.account_ids.empty()) {
    std::vector<std::string> ids;
    for (auto id : filter.account_ids) {
      ids.emplace_back("CAST(? AS BIGINT)");
      params.push_back(std::to_string(id));
    }
    conditions.push_back(fmt::format("{}.account_id IN ({})", alias, fmt::join(ids, ", ")));
  }
  if (!filter.segments.empty()) {
    conditions.push_back(fmt::format("{}.account_id IN (SELECT id FROM accounts WHERE segment IN ({}))", alias,
                                     sql::placeholders(filter.segments.size())));
    params.insert(params.end(), filter.segments.begin(), filter.segments.end());
  }
  add_in(conditions, params, alias + ".rep", filter.reps);
  add_in(conditions, params, alias + ".stage", filter.stages);
  std::vector<std::string> importances;
  for (auto importance : filter.importances) importances.emplace_back(to_string(importance));
  add_in(conditions, params, alias + ".importance", importances);
  return conditions.empty() ? "1 = 1" : fmt::format("{}", fmt::join(conditions, " AND "));
}

inline FilterSql filter_sql(const RequestFilter& filter, std::string_view no_index) {
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
  if (!filter.include_deleted_requests) conditions.emplace_back("r.deleted_at IS NULL");
  if (!filter.tags.empty()) {
    conditions.push_back(fmt::format("EXISTS (SELECT 1 FROM request_tags t WHERE t.request_id = r.id AND t.tag IN ({}))",
                                     sql::placeholders(filter.tags.size())));
    sql.params.insert(sql.params.end(), filter.tags.begin(), filter.tags.end());
  }
  add_in(conditions, sql.params, "r.area", filter.areas);
  if (filter.filters_asks()) {
    conditions.push_back(fmt::format(
        "EXISTS (SELECT 1 FROM asks a2 WHERE a2.request_id = r.id AND a2.deleted_at IS NULL AND {})",
        ask_conditions(filter, "a2", sql.params)));
    sql.ask_where = ask_conditions(filter, "a", sql.ask_params);
  }
  sql.where = conditions.empty() ? "1 = 1" : fmt::format("{}", fmt::join(conditions, " AND "));
  return sql;
}

// Tags and links are read apart (query_request, attach_lists).
inline constexpr const char* request_columns =
    "r.id, r.title, r.description, r.area, r.effort, r.status, r.reason, r.merged_into, "
    "r.created_at, r.updated_at, r.workaround, r.target, coalesce(r.deleted_at, ''), r.delete_reason";

inline void assign_text(std::string& target, const sql::Column& column) {
  auto text = column.getView();
  target.assign(text.data(), text.size());
}

// Fills `request` from a row of request_columns, reusing its strings'
// storage; its tags and links are left empty, for attach_lists.
inline void read_request_into(Statement& row, Request& request) {
  request.id = row.getColumn(0).getInt64();
  assign_text(request.title, row.getColumn(1));
  assign_text(request.description, row.getColumn(2));
  assign_text(request.area, row.getColumn(3));
  request.effort.reset();
  if (!row.getColumn(4).isNull()) request.effort = row.getColumn(4).getDouble();
  request.status = parse_status(row.getColumn(5).getView(), "database");
  assign_text(request.reason, row.getColumn(6));
  request.merged_into.reset();
  if (!row.getColumn(7).isNull()) request.merged_into = row.getColumn(7).getInt64();
  assign_text(request.created_at, row.getColumn(8));
  assign_text(request.updated_at, row.getColumn(9));
  assign_text(request.workaround, row.getColumn(10));
  assign_text(request.target, row.getColumn(11));
  assign_text(request.deleted_at, row.getColumn(12));
  assign_text(request.delete_reason, row.getColumn(13));
  request.tags.clear();
  request.links.clear();
}

inline Request read_request(Statement& row) {
  Request request;
  read_request_into(row, request);
  return request;
}

inline constexpr const char* ask_columns =
    "a.id, a.request_id, coalesce(c.name, ''), a.value_cents, a.currency, a.stage, "
    "a.close_date, a.rep, a.source, a.note, a.created_at, coalesce(a.account_id, 0), "
    "a.origin_request_id, a.deal, a.importance, coalesce(a.deleted_at, ''), a.delete_reason";

// What scoring reads of an ask (read_deal_into).
inline constexpr const char* deal_columns =
    "a.id, a.request_id, a.value_cents, a.currency, a.stage, a.close_date, "
    "a.created_at, coalesce(a.account_id, 0), nullif(a.deal, ''), nullif(a.importance, '')";

// The live asks of the requests a filter matches (and that its ask filters
// keep), as deal_columns, in request id order.
inline std::string deals_query(const FilterSql& sql) {
  return fmt::format("SELECT {} FROM asks a WHERE a.request_id IN (SELECT r.id FROM requests r WHERE {}) "
                     "AND a.deleted_at IS NULL AND {} ORDER BY a.request_id, a.id",
                     deal_columns, sql.where, sql.ask_where);
}

inline void read_money_into(std::optional<Money>& money, const sql::Column& cents,
                     const sql::Column& currency) {
  if (cents.isNull()) {
    money.reset();
    return;
  }
  if (!money) money.emplace();
  money->cents = cents.getInt64();
  assign_text(money->currency, currency);
}

inline Importance read_importance(const sql::Column& column) {
  if (column.isNull()) return Importance::unset;
  auto text = column.getView();
  return text.empty() ? Importance::unset : parse_importance(text, "database");
}

// Fills `ask` from a row of deal_columns, reusing its strings' storage.
inline void read_deal_into(Statement& row, Ask& ask) {
  ask.id = row.getColumn(0).getInt64();
  ask.request_id = row.getColumn(1).getInt64();
  read_money_into(ask.value, row.getColumn(2), row.getColumn(3));
  assign_text(ask.stage, row.getColumn(4));
  assign_text(ask.close_date, row.getColumn(5));
  // Its day: scoring counts days (cut here, not by SQL's substr, which costs more).
  auto created_at = row.getColumn(6).getView();
  ask.created_at.assign(created_at.data(), std::min<std::size_t>(created_at.size(), 10));
  ask.account_id = row.getColumn(7).getInt64();
  // Most asks have neither: NULL (nullif in deal_columns) is cheaper to read than ''.
  if (auto deal = row.getColumn(8); deal.isNull()) {
    ask.deal.clear();
  } else {
    assign_text(ask.deal, deal);
  }
  ask.importance = read_importance(row.getColumn(9));
}

// Fills `ask` from a row of ask_columns, reusing its strings' storage.
inline void read_ask_into(Statement& row, Ask& ask) {
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
  assign_text(ask.deal, row.getColumn(13));
  ask.importance = read_importance(row.getColumn(14));
  assign_text(ask.deleted_at, row.getColumn(15));
  assign_text(ask.delete_reason, row.getColumn(16));
}

inline Ask read_ask(Statement& row) {
  Ask ask;
  read_ask_into(row, ask);
  return ask;
}

inline constexpr const char* account_columns =
    "id, name, segment, arr_cents, arr_currency, created_at, updated_at, merged_into";

inline Account read_account(Statement& row) {
  Account account;
  account.id = row.getColumn(0).getInt64();
  account.name = row.getColumn(1).getString();
  account.segment = row.getColumn(2).getString();
  read_money_into(account.arr, row.getColumn(3), row.getColumn(4));
  account.created_at = row.getColumn(5).getString();
  account.updated_at = row.getColumn(6).getString();
  if (!row.getColumn(7).isNull()) account.merged_into = row.getColumn(7).getInt64();
  return account;
}

}  // namespace reqtriage
