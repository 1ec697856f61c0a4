// Requests and asks: logging, changes, lookups, lists and the ask stream.
#include "reqtriage/similarity.hpp"
#include "sql_requests.hpp"

namespace reqtriage {

auto SqlRequests::log_request(const NewRequest& request, const std::optional<NewAsk>& ask) -> LoggedIds {
  return write([&] {
    auto now = now_utc();
    LoggedIds ids;
    ids.request_id = insert_request(now, request, normalize_title(request.title));
    if (ask) ids.ask_id = insert_ask(now, ids.request_id, with_deal_facts(*ask));
    return ids;
  });
}

auto SqlRequests::refuse_deleted(const Request& request, const char* option) -> void {
  if (request.deleted_at.empty()) return;
  throw InputError(fmt::format("{}: request #{} was deleted on {} ('{}'); bring it back first with `reqtriage "
                               "restore {}`",
                               option, request.id, request.deleted_at.substr(0, 10), request.delete_reason,
                               request.id));
}

auto SqlRequests::update_request(RequestId id, const RequestChanges& changes) -> std::vector<HistoryEntry> {
  return write([&] { return apply_changes(id, changes, now_utc()); });
}

auto SqlRequests::update_requests(const std::vector<std::pair<RequestId, RequestChanges>>& changes)
    -> std::vector<HistoryEntry> {
  return write([&] {
    auto now = now_utc();
    std::vector<HistoryEntry> recorded;
    for (const auto& [id, change] : changes) {
      auto entries = apply_changes(id, change, now);
      recorded.insert(recorded.end(), entries.begin(), entries.end());
    }
    return recorded;
  });
}

auto SqlRequests::apply_changes(RequestId id, const RequestChanges& changes, const std::string& now)
    -> std::vector<HistoryEntry> {
  auto current = load_request(id);
  check_changes(current, changes);
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
  change_text("target", changes.target, current.target);
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
  change_links(id, current.links, changes, now, recorded);
  if (!recorded.empty()) touch(id, now);
  return recorded;
}

auto SqlRequests::count_requests() -> std::size_t {
  return read([&] {
    // The highest id counts every request ever logged, without a scan.
    return static_cast<std::size_t>(query_number("SELECT coalesce(max(id), 0) FROM requests"));
  });
}

auto SqlRequests::title_word_frequency(const std::string& word) -> std::size_t {
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

auto SqlRequests::requests_sharing_title_words(
    const std::vector<std::pair<std::string, double>>& words, std::size_t limit) -> std::vector<Request> {
  return read([&] {
    if (words.empty()) return std::vector<Request>{};
    std::vector<std::string> rows(words.size(), "(?, CAST(? AS DOUBLE PRECISION))");
    Statement query(m_db, fmt::format(
        "WITH w(term, weight) AS (VALUES {}) "
        "SELECT {} FROM (SELECT t.request_id, sum(w.weight) AS shared FROM request_terms t "
        "JOIN w ON w.term = t.term GROUP BY t.request_id ORDER BY shared DESC, t.request_id LIMIT ?) s "
        "JOIN requests r ON r.id = s.request_id "
        "WHERE r.status <> 'merged' AND r.deleted_at IS NULL ORDER BY s.shared DESC, r.id",
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

auto SqlRequests::find_request(RequestId id) -> std::optional<Request> {
  return read([&] { return query_request(id); });
}

auto SqlRequests::list_requests(const RequestFilter& filter) -> std::vector<Request> {
  return read([&] {
    auto sql = filter_sql(filter, m_db.hint(sql::Hint::no_index));
    Statement query(m_db, fmt::format("SELECT {} FROM requests r WHERE {} ORDER BY r.id",
                                      request_columns, sql.where),
                    sql::Rows::many);
    SqlSession::bind_all(query, sql.params);
    std::vector<Request> requests;
    requests.reserve(static_cast<std::size_t>(query_number("SELECT count(*) FROM requests")));
    while (query.executeStep()) requests.push_back(read_request(query));
    attach_lists(requests);
    return requests;
  });
}

auto SqlRequests::list_reps() -> std::vector<std::string> {
  return read([&] {
    Statement query(m_db, "SELECT DISTINCT rep FROM asks WHERE rep <> '' AND deleted_at IS NULL ORDER BY rep");
    std::vector<std::string> reps;
    while (query.executeStep()) reps.push_back(query.getColumn(0).getString());
    return reps;
  });
}

auto SqlRequests::requests_linked_to(const std::string& key) -> std::vector<RequestId> {
  return read([&] {
    auto& query = cached("SELECT DISTINCT request_id FROM request_links WHERE tracker_key = ? ORDER BY request_id");
    query.bind(1, key);
    std::vector<RequestId> ids;
    while (query.executeStep()) ids.push_back(query.getColumn(0).getInt64());
    query.reset();
    return ids;
  });
}

auto SqlRequests::for_each_ask(const RequestFilter& filter, const std::function<void(const Ask&)>& visit) -> void {
  // Scanning asks in id order and testing membership (the `+` keeps SQLite
  // off the request_id index) beats a join and a sort when most requests match.
  stream_asks(filter, "", "a.id", visit);
}

auto SqlRequests::for_each_ask_by_account(const RequestFilter& filter, const std::function<void(const Ask&)>& visit)
    -> void {
  stream_asks(filter, "AND a.account_id IS NOT NULL", "c.name_key, a.id", visit);
}

auto SqlRequests::stream_asks(const RequestFilter& filter, const char* where, const char* order,
                              const std::function<void(const Ask&)>& visit) -> void {
  read([&] {
    auto sql = filter_sql(filter, m_db.hint(sql::Hint::no_index));
    Statement query(m_db, fmt::format("SELECT {} FROM asks a LEFT JOIN accounts c ON c.id = a.account_id "
                                      "WHERE {}a.request_id IN (SELECT r.id FROM requests r WHERE {}) "
                                      "{} {} AND {} ORDER BY {}",
                                      ask_columns, m_db.hint(sql::Hint::no_index), sql.where, where,
                                      filter.include_deleted_asks ? "" : "AND a.deleted_at IS NULL", sql.ask_where,
                                      order),
                    sql::Rows::many);
    SqlSession::bind_all(query, sql.all_params());
    Ask ask;
    while (query.executeStep()) {
      read_ask_into(query, ask);
      visit(ask);
    }
    return 0;
  });
}

auto SqlRequests::for_each_deal_group(
    const RequestFilter& filter,
    const std::function<void(RequestId, const std::vector<const Ask*>&)>& visit) -> void {
  read([&] {
    auto sql = filter_sql(filter, m_db.hint(sql::Hint::no_index));
    Statement query(m_db, deals_query(sql), sql::Rows::many);
    SqlSession::bind_all(query, sql.all_params());
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

auto SqlRequests::for_each_request_with_deals(
    const RequestFilter& filter,
    const std::function<void(const Request&, const std::vector<const Ask*>&)>& visit) -> void {
  read([&] {
    // Two queries in request id order, read side by side.
    auto sql = filter_sql(filter, m_db.hint(sql::Hint::no_index));
    Statement requests(m_db, fmt::format("SELECT {} FROM requests r WHERE {} ORDER BY r.id", request_columns, sql.where),
                       sql::Rows::many);
    SqlSession::bind_all(requests, sql.params);
    Statement deals(m_db, deals_query(sql), sql::Rows::many);
    SqlSession::bind_all(deals, sql.all_params());
    bool deals_left = deals.executeStep();
    // Requests and asks in buffers reused from batch to batch: a million
    // requests cost no allocation each.
    constexpr std::size_t batch_size = 2000;  // requests whose tags and links are read at once
    std::vector<Request> batch(batch_size);
    std::size_t filled = 0;
    std::vector<Ask> buffer;
    std::vector<const Ask*> group;
    auto visit_batch = [&] {
      if (filled < batch.size()) batch.resize(filled);  // the last one
      attach_lists(batch);
      for (const auto& request : batch) {
        std::size_t used = 0;
        for (; deals_left && deals.getColumn(1).getInt64() <= request.id; deals_left = deals.executeStep()) {
          if (deals.getColumn(1).getInt64() < request.id) continue;
          if (used == buffer.size()) buffer.emplace_back();
          read_deal_into(deals, buffer[used++]);
        }
        group.clear();
        for (std::size_t i = 0; i < used; ++i) group.push_back(&buffer[i]);
        visit(request, group);
      }
      filled = 0;
    };
    while (requests.executeStep()) {
      read_request_into(requests, batch[filled++]);
      if (filled == batch_size) visit_batch();
    }
    if (filled > 0) visit_batch();
  });
}

auto SqlRequests::asks_of(RequestId id) -> std::vector<Ask> {
  return read([&] {
    Statement query(m_db, fmt::format("SELECT {} FROM asks a LEFT JOIN accounts c "
                                      "ON c.id = a.account_id WHERE a.request_id = ? "
                                      "AND a.deleted_at IS NULL ORDER BY a.id",
                                      ask_columns));
    query.bind(1, id);
    std::vector<Ask> asks;
    while (query.executeStep()) asks.push_back(read_ask(query));
    return asks;
  });
}

auto SqlRequests::query_request(RequestId id) -> std::optional<Request> {
  Statement query(m_db, fmt::format("SELECT {} FROM requests r WHERE r.id = ?", request_columns));
  query.bind(1, id);
  if (!query.executeStep()) return std::nullopt;
  std::vector<Request> requests{read_request(query)};
  attach_lists(requests);
  return requests.front();
}

auto SqlRequests::load_request(RequestId id) -> Request {
  auto request = query_request(id);
  if (!request) throw NotFoundError(fmt::format("no request #{}", id));
  return *request;
}

auto SqlRequests::attach_lists(std::vector<Request>& requests) -> void {
  attach_list(requests, "SELECT request_id, tag FROM request_tags WHERE request_id BETWEEN ? AND ? "
                        "ORDER BY request_id, tag", &Request::tags);
  attach_list(requests, "SELECT request_id, link FROM request_links WHERE request_id BETWEEN ? AND ? "
                        "ORDER BY request_id, link", &Request::links);
}

auto SqlRequests::attach_list(std::vector<Request>& requests, const char* sql,
                              std::vector<std::string> Request::*list) -> void {
  if (requests.empty()) return;
  Statement query(m_db, sql, sql::Rows::many);
  query.bind(1, requests.front().id);
  query.bind(2, requests.back().id);
  auto next = requests.begin();
  while (query.executeStep()) {
    RequestId id = query.getColumn(0).getInt64();
    while (next != requests.end() && next->id < id) ++next;
    if (next == requests.end()) break;
    if (next->id == id) ((*next).*list).push_back(query.getColumn(1).getString());
  }
}

auto SqlRequests::insert_request(const std::string& now, const NewRequest& request, const std::string& title_key) -> RequestId {
  auto id = next_id(tables::requests);
  insert_row(tables::requests, {id, request.title, title_key, request.description,
                              request.area, request.effort ? Cell(*request.effort) : Cell(nullptr), now, now});
  for (const auto& tag : request.tags) insert_tag(id, tag);
  index_title(id, request.title);
  record(now, id, std::nullopt, "created", "title", "", request.title);
  return id;
}

auto SqlRequests::index_title(RequestId id, const std::string& title) -> void {
  for (const auto& term : basic_tokens(title)) insert_row(tables::terms, {term, id});
}

namespace {

// A sorted list after adding and removing; nullopt when nothing changed.
std::optional<std::vector<std::string>> edited_list(const std::vector<std::string>& before,
                                                    const std::vector<std::string>& added,
                                                    const std::vector<std::string>& removed) {
  std::set<std::string> after(before.begin(), before.end());
  after.insert(added.begin(), added.end());
  for (const auto& item : removed) after.erase(item);
  std::vector<std::string> list(after.begin(), after.end());
  if (list == before) return std::nullopt;
  return list;
}

}  // namespace

auto SqlRequests::change_tags(RequestId id, const std::vector<std::string>& before,
                 const RequestChanges& changes, const std::string& now,
                 std::vector<HistoryEntry>& recorded) -> void {
  auto after = edited_list(before, changes.add_tags, changes.remove_tags);
  if (!after) return;
  execute("DELETE FROM request_tags WHERE request_id = ?", id);
  for (const auto& tag : *after) insert_tag(id, tag);
  recorded.push_back(record(now, id, std::nullopt, "changed", "tags", join_tags(before), join_tags(*after)));
}

auto SqlRequests::change_links(RequestId id, const std::vector<std::string>& before,
                               const RequestChanges& changes, const std::string& now,
                               std::vector<HistoryEntry>& recorded) -> void {
  auto after = edited_list(before, changes.add_links, changes.remove_links);
  if (!after) return;
  execute("DELETE FROM request_links WHERE request_id = ?", id);
  for (const auto& link : *after) insert_row(tables::links, {id, link, tracker_key_of(link)});
  recorded.push_back(record(now, id, std::nullopt, "changed", "links", join_links(before), join_links(*after)));
}

}  // namespace reqtriage
