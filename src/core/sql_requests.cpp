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

auto SqlRequests::add_ask(RequestId request_id, const NewAsk& ask) -> AskId {
  return write([&] {
    auto request = load_request(request_id);
    if (request.status == Status::merged) {
      throw InputError(fmt::format(
          "--to: request #{} was merged into #{}; add the ask there with --to {}", request_id,
          request.merged_into.value_or(0), request.merged_into.value_or(0)));
    }
    refuse_deleted(request, "--to");
    auto now = now_utc();
    auto id = insert_ask(now, request_id, with_deal_facts(ask));
    touch(request_id, now);
    return id;
  });
}

auto SqlRequests::refuse_deleted(const Request& request, const char* option) -> void {
  if (request.deleted_at.empty()) return;
  throw InputError(fmt::format("{}: request #{} was deleted on {} ('{}'); bring it back first with `reqtriage "
                               "restore {}`",
                               option, request.id, request.deleted_at.substr(0, 10), request.delete_reason,
                               request.id));
}

auto SqlRequests::with_deal_facts(const NewAsk& ask) -> NewAsk {
  NewAsk completed = ask;
  if (ask.deal.empty()) return completed;
  std::optional<SqlAccounts::Ref> account;
  if (!ask.account.empty()) {
    account = ask.account_apart ? m_accounts.exact_name(ask.account) : m_accounts.resolve(ask.account);
    if (!account) return completed;  // a new account: a new deal
  }
  auto deal = m_deals.find(account ? account->id : 0, ask.deal);
  if (!deal) return completed;
  // A deal has one amount, stage and close date: a new ask of a known deal
  // takes them, and one that says otherwise is refused while the deal has
  // live asks (it changes only through `ask --value/--stage/--close`, which
  // says what it moves). A deal whose asks were all deleted takes the new
  // ask's word.
  auto [live, mate] = m_deals.live_asks(deal->id);
  auto refuse = [&](const char* option, const std::string& deal_says, const std::string& ask_says,
                    const std::string& typed) {
    throw InputError(fmt::format(
        "{}: deal {} of {} is {} (ask #{}), not {}; to change the whole deal run `reqtriage ask {} {} '{}'`, "
        "or leave {} out to take the deal's",
        option, ask.deal, ask.account.empty() ? "no account" : ask.account, deal_says.empty() ? "unset" : deal_says,
        mate, ask_says, mate, option, typed, option));
  };
  if (live > 0 && completed.value && deal->value && *completed.value != *deal->value) {
    const auto& given = *completed.value;
    auto typed = given.cents % 100 == 0 ? fmt::format("{} {}", given.currency, given.cents / 100)
                                        : fmt::format("{} {}.{:02}", given.currency, given.cents / 100, given.cents % 100);
    refuse("--value", format_money(*deal->value), format_money(given), typed);
  }
  if (live > 0 && !completed.stage.empty() && !deal->stage.empty() && completed.stage != deal->stage) {
    refuse("--stage", deal->stage, completed.stage, completed.stage);
  }
  if (live > 0 && !completed.close_date.empty() && !deal->close_date.empty() &&
      completed.close_date != deal->close_date) {
    refuse("--close", deal->close_date, completed.close_date, completed.close_date);
  }
  if (!completed.value) completed.value = deal->value;
  if (completed.stage.empty()) completed.stage = deal->stage;
  if (completed.close_date.empty()) completed.close_date = deal->close_date;
  return completed;
}

auto SqlRequests::record_ask_change(const std::string& now, const Ask& ask, const char* field, const std::string& old,
                                    const std::string& now_is) -> HistoryEntry {
  return record(now, ask.request_id, ask.account_id ? std::optional(ask.account_id) : std::nullopt, "ask-changed",
                fmt::format("ask #{} {}", ask.id, field), old, now_is);
}

auto SqlRequests::place_in_deal(const std::string& now, const Ask& ask, const Placement& where,
                                const DealFields& given, bool given_sets_deal,
                                std::vector<std::string>* deal_changes) -> std::vector<HistoryEntry> {
  std::vector<HistoryEntry> recorded;
  auto own = SqlDeals::Record{}.with(DealFields::of(ask)).with(given);
  std::optional<SqlDeals::Record> deal;
  bool already_in = false;
  if (!where.key.empty()) {
    deal = m_deals.find(where.account_id, where.key);
    already_in = deal && ask.deal == where.key && ask.account_id == where.account_id;
    if (!deal) {
      deal = m_deals.create(where.account_id, where.key, own.figures());
    } else if (given_sets_deal) {
      auto change = m_deals.set_figures(now, *deal, given);
      recorded.insert(recorded.end(), change.recorded.begin(), change.recorded.end());
      if (deal_changes && !change.summary.empty()) deal_changes->push_back(change.summary);
      deal = deal->with(given);
    }
  }
  const auto& figures = deal ? *deal : own;
  auto& update = cached(
      "UPDATE asks SET account_id = ?, deal = ?, deal_id = ?, value_cents = ?, currency = ?, stage = ?, "
      "close_date = ? WHERE id = ?");
  if (where.account_id) {
    update.bind(1, where.account_id);
  } else {
    update.bind(1);
  }
  update.bind(2, where.key);
  if (deal) {
    update.bind(3, deal->id);
  } else {
    update.bind(3);
  }
  bind_money(update, 4, figures.value);
  update.bind(6, figures.stage);
  update.bind(7, figures.close_date);
  update.bind(8, ask.id);
  update.exec();

  Ask placed = ask;
  placed.account_id = where.account_id;
  placed.account = where.account;
  auto note = [&](const char* field, const std::string& old, const std::string& now_is) {
    if (old != now_is) recorded.push_back(record_ask_change(now, placed, field, old, now_is));
  };
  note("account", ask.account, where.account);
  note("deal", ask.deal, where.key);
  if (!already_in) {  // in the deal already, the deal's change recorded it
    note("value", money_text(ask.value), money_text(figures.value));
    note("stage", ask.stage, figures.stage);
    note("close_date", ask.close_date, figures.close_date);
  }
  // The deal it left is forgotten once no ask points at it.
  if (!ask.deal.empty() && !already_in) {
    if (auto left = m_deals.find(ask.account_id, ask.deal); left && (!deal || left->id != deal->id)) {
      m_deals.drop_if_unused(left->id);
    }
  }
  return recorded;
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

auto SqlRequests::insert_ask(const std::string& now, RequestId request_id, const NewAsk& ask,
                             const std::string& import_key, std::vector<std::string>* deal_changes) -> AskId {
  std::optional<std::int64_t> account_id;
  NewAsk described = ask;
  if (!ask.account.empty()) {
    auto account = m_accounts.ensure(now, ask.account, ask.account_apart);
    account_id = account.id;
    described.account = account.name;
  }
  auto id = next_id(tables::asks);
  if (account_id) m_accounts.remember_ask_under_merged_name(ask.account, {*account_id, described.account}, id);
  Cell deal_id(nullptr);
  if (!ask.deal.empty()) {
    // The ask's figures are its deal's: a new deal's, or the deal's new word
    // (`log` has made them agree already; an import is the CRM's word).
    auto figures = DealFields::of(ask);
    auto deal = m_deals.find(account_id.value_or(0), ask.deal);
    if (!deal) {
      deal = m_deals.create(account_id.value_or(0), ask.deal, figures);
    } else if (auto change = m_deals.set_figures(now, *deal, figures); deal_changes && !change.summary.empty()) {
      deal_changes->push_back(change.summary);
    }
    deal_id = deal->id;
  }
  auto [cents, currency] = SqlSession::money_cells(ask.value);
  insert_row(tables::asks, {id, request_id, request_id, SqlSession::optional_cell(account_id), cents, currency, ask.stage,
                          ask.close_date, ask.rep, ask.source, ask.note, now,
                          import_key.empty() ? Cell(nullptr) : Cell(import_key), ask.deal,
                          std::string(to_string(ask.importance)), deal_id});
  record(now, request_id, account_id, "ask-added", "ask", "",
         fmt::format("#{} {}", id, describe_ask(described)));
  return id;
}

}  // namespace reqtriage
