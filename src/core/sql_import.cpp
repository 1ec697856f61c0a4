// Imports, batch by batch: rows matched by import key, title and account.
#include "sql_import.hpp"

namespace reqtriage {

auto SqlImport::import_rows(const ImportBatches& next_batch, bool dry_run,
                         const std::function<void(std::size_t)>& progress) -> ImportCounts {
  auto import = [&] {
    auto now = now_utc();
    ImportCounts counts;
    AskId first_new = 1;
    {
      Statement last(m_db, "SELECT coalesce(max(id), 0) FROM asks");
      if (last.executeStep()) first_new = last.getColumn(0).getInt64() + 1;
    }
    std::vector<ImportRow> batch;
    std::size_t done = 0;
    for (bool more = true; more;) {
      batch.clear();
      more = next_batch(batch);
      import_batch(now, batch, counts);
      done += batch.size();
      if (progress) progress(done);
    }
    // A new ask with a deal key beside an unkeyed ask of its account that
    // was there before: perhaps the rep's relay of the same opportunity.
    Statement pairs(m_db,
                    "SELECT u.id, k.id FROM asks k JOIN asks u ON u.request_id = k.request_id "
                    "AND u.account_id = k.account_id WHERE k.id >= ? AND coalesce(k.deal, '') <> '' "
                    "AND k.deleted_at IS NULL AND coalesce(u.deal, '') = '' AND u.deleted_at IS NULL AND u.id < ? "
                    "ORDER BY k.id, u.id");
    pairs.bind(1, first_new);
    pairs.bind(2, first_new);
    while (pairs.executeStep()) {
      counts.unkeyed_beside_new_keyed.emplace_back(pairs.getColumn(0).getInt64(), pairs.getColumn(1).getInt64());
    }
    return counts;
  };
  // A stream read once cannot be run again: no retry on a conflict.
  return m_session.transaction(import, !dry_run, false);
}

auto SqlImport::import_batch(const std::string& now, const std::vector<ImportRow>& rows, ImportCounts& counts) -> void {
  m_titles.clear();
  m_imported.clear();
  if (rows.empty()) return;
  prefetch(rows);
  m_session.start_batching();
  std::vector<RequestId> touched;  // updated once each at the end, not once per row
  for (const auto& row : rows) {
    if (auto request_id = import_row(now, row, counts)) touched.push_back(*request_id);
  }
  m_session.stop_batching();
  m_deals.forget();
  m_session.touch_all(touched, now);
}

auto SqlImport::prefetch(const std::vector<ImportRow>& rows) -> void {
  std::set<std::string> keys, titles;
  for (const auto& row : rows) {
    keys.insert(row.import_key);
    titles.insert(row.title_key);
  }
  for_each_chunk(keys, "SELECT import_key, id, request_id, value_cents, currency, stage, close_date, rep, note, "
                       "deal, importance, CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END, coalesce(account_id, 0) "
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
                   ask.deal = found.getColumn(9).getString();
                   ask.importance = read_importance(found.getColumn(10));
                   ask.deleted = found.getColumn(11).getInt64() != 0;
                   ask.account_id = found.getColumn(12).getInt64();
                   m_imported.emplace(found.getColumn(0).getString(), std::move(ask));
                 });
  // A title merged away lands on its survivor: the wording a CRM keeps
  // sending must not bring the duplicate back. Oldest first: a request of
  // that title wins over a survivor of one, an open one over a decided one.
  for_each_chunk(titles, "SELECT r.title_key, coalesce(s.id, r.id), CASE WHEN coalesce(s.status, r.status) IN "
                         "('declined', 'shipped') THEN 1 ELSE 0 END, CASE WHEN s.id IS NULL THEN 0 ELSE 1 END "
                         "FROM requests r LEFT JOIN requests s ON s.id = r.merged_into AND r.status = 'merged' "
                         "WHERE r.title_key IN ({}) AND (r.status <> 'merged' OR s.status <> 'merged') "
                         "AND coalesce(s.deleted_at, r.deleted_at) IS NULL ORDER BY r.id",
                 [&](Statement& found) {
                   TitleTarget target{found.getColumn(1).getInt64(), found.getColumn(2).getInt64() != 0,
                                      found.getColumn(3).getInt64() != 0};
                   auto [slot, fresh] = m_titles.try_emplace(found.getColumn(0).getString(), target);
                   auto rank = [](const TitleTarget& t) { return std::pair(t.merged_away, t.decided); };
                   if (!fresh && rank(target) < rank(slot->second)) slot->second = target;
                 });
  m_accounts.load_keys();
}

auto SqlImport::import_row(const std::string& now, const ImportRow& row, ImportCounts& counts) -> std::optional<RequestId> {
  if (auto known = m_imported.find(row.import_key); known != m_imported.end()) {
    auto& before = known->second;
    if (before.deleted) {
      ++counts.deleted;
      return std::nullopt;
    }
    bool changed = before.value != row.ask.value || before.stage != row.ask.stage ||
                   before.close_date != row.ask.close_date || before.rep != row.ask.rep ||
                   before.note != row.ask.note || before.deal != row.ask.deal ||
                   before.importance != row.ask.importance;
    if (!changed) {
      ++counts.unchanged;
      return std::nullopt;
    }
    // An ask added earlier in this import may still wait to be written.
    if (m_session.batching()) m_session.write_pending();
    update_imported_ask(now, before, row.ask, counts);
    remember(row, before.id, before.request_id);
    ++counts.updated;
    return before.request_id;
  }
  // The prefetch found every request (not merged) with one of the file's titles.
  std::optional<RequestId> existing;
  if (auto found = m_titles.find(row.title_key); found != m_titles.end()) {
    existing = found->second.id;
    if (found->second.decided) ++counts.on_decided;
  }
  RequestId request_id = existing ? *existing : m_requests.insert_request(now, row.request, row.title_key);
  if (existing) {
    ++counts.attached;
  } else {
    ++counts.new_requests;
    m_titles.emplace(row.title_key, TitleTarget{request_id, false});
  }
  auto ask_id = m_requests.insert_ask(now, request_id, row.ask, row.import_key, &counts.deals_aligned);
  remember(row, ask_id, request_id);
  ++counts.new_asks;
  return existing;
}

auto SqlImport::remember(const ImportRow& row, AskId id, RequestId request_id) -> void {
  auto account = row.ask.account.empty() ? std::nullopt : m_accounts.resolve(row.ask.account);
  m_imported[row.import_key] = {id,           request_id,    account ? account->id : 0,
                                row.ask.value, row.ask.stage, row.ask.close_date,
                                row.ask.rep,   row.ask.note,  row.ask.deal,
                                row.ask.importance, false};
}

auto SqlImport::update_imported_ask(const std::string& now, const ImportedAsk& before, const NewAsk& ask,
                                    ImportCounts& counts) -> void {
  Ask was;
  was.id = before.id;
  was.request_id = before.request_id;
  was.account_id = before.account_id;
  was.value = before.value;
  was.stage = before.stage;
  was.close_date = before.close_date;
  was.deal = before.deal;
  m_requests.place_in_deal(now, was, {before.account_id, "", ask.deal}, DealFields::of(ask), true,
                           &counts.deals_aligned);
  auto set_text = [&](const char* field, const std::string& old, const std::string& now_is) {
    if (old == now_is) return;
    execute(fmt::format("UPDATE asks SET {} = ? WHERE id = ?", field), now_is, before.id);
    record(now, before.request_id, std::nullopt, "ask-changed", fmt::format("ask #{} {}", before.id, field), old,
           now_is);
  };
  set_text("rep", before.rep, ask.rep);
  set_text("note", before.note, ask.note);
  set_text("importance", std::string(to_string(before.importance)), std::string(to_string(ask.importance)));
}

}  // namespace reqtriage
