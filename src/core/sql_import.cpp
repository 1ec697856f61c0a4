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
    align_deals(now, "id >= ?", first_new, counts);
    for (auto id : m_updated_deal_asks) align_deals(now, "id = ?", id, counts);
    m_updated_deal_asks.clear();
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
  m_session.touch_all(touched, now);
}

auto SqlImport::prefetch(const std::vector<ImportRow>& rows) -> void {
  std::set<std::string> keys, titles;
  for (const auto& row : rows) {
    keys.insert(row.import_key);
    titles.insert(row.title_key);
  }
  for_each_chunk(keys, "SELECT import_key, id, request_id, value_cents, currency, stage, close_date, rep, note, "
                       "deal, importance, CASE WHEN deleted_at IS NULL THEN 0 ELSE 1 END FROM asks WHERE import_key IN ({})",
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
                   m_imported.emplace(found.getColumn(0).getString(), std::move(ask));
                 });
  // A title merged away lands on its survivor: the wording a CRM keeps
  // sending must not bring the duplicate back. Oldest first: a request of
  // that title wins over a survivor of one, an open one over a decided one.
  for_each_chunk(titles, "SELECT r.title_key, coalesce(s.id, r.id), CASE WHEN coalesce(s.status, r.status) IN "
                         "('declined', 'shipped') THEN 1 ELSE 0 END, CASE WHEN s.id IS NULL THEN 0 ELSE 1 END "
                         "FROM requests r LEFT JOIN requests s ON s.id = r.merged_into AND r.status = 'merged' "
                         "WHERE r.title_key IN ({}) AND (r.status <> 'merged' OR s.status <> 'merged') ORDER BY r.id",
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
    std::vector<std::pair<const char*, std::pair<std::string, std::string>>> changed;
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
    compare("deal", before.deal, row.ask.deal);
    compare("importance", std::string(to_string(before.importance)), std::string(to_string(row.ask.importance)));
    if (changed.empty()) {
      ++counts.unchanged;
      return std::nullopt;
    }
    // An ask added earlier in this import may still wait to be written.
    if (m_session.batching()) m_session.write_pending();
    update_imported_ask(now, before.id, before.request_id, row.ask, changed);
    remember(row, before.id, before.request_id);
    if (!row.ask.deal.empty()) m_updated_deal_asks.push_back(before.id);
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
  auto ask_id = m_requests.insert_ask(now, request_id, row.ask, row.import_key);
  remember(row, ask_id, request_id);
  ++counts.new_asks;
  return existing;
}

auto SqlImport::align_deals(const std::string& now, const char* imported, AskId id, ImportCounts& counts) -> void {
  // Per deal the file names, its latest ask from the file; then each other
  // live ask of that deal that says otherwise.
  Statement differing(
      m_db, fmt::format(
                "WITH fresh AS (SELECT coalesce(account_id, 0) AS account, deal, max(id) AS source FROM asks "
                "WHERE {} AND coalesce(deal, '') <> '' AND deleted_at IS NULL GROUP BY coalesce(account_id, 0), deal) "
                "SELECT s.id, s.value_cents, s.currency, s.stage, s.close_date, a.id, a.request_id, a.account_id, "
                "a.value_cents, a.currency, a.stage, a.close_date, s.deal, coalesce(c.name, '') "
                "FROM fresh f JOIN asks s ON s.id = f.source "
                "JOIN asks a ON coalesce(a.account_id, 0) = f.account AND a.deal = f.deal "
                "LEFT JOIN accounts c ON c.id = s.account_id "
                "WHERE a.deleted_at IS NULL AND a.id <> f.source AND (coalesce(a.value_cents, -1) <> "
                "coalesce(s.value_cents, -1) OR coalesce(a.currency, '') <> coalesce(s.currency, '') OR "
                "coalesce(a.stage, '') <> coalesce(s.stage, '') OR coalesce(a.close_date, '') <> "
                "coalesce(s.close_date, '')) ORDER BY s.id, a.id",
                imported));
  differing.bind(1, id);
  // The ask to change, and the file's word on its deal (the source ask's).
  struct Change {
    Ask ask;
    AskId source = 0;
    Ask says;
    std::string account_name;
  };
  std::vector<Change> changes;
  while (differing.executeStep()) {
    Change change;
    change.source = differing.getColumn(0).getInt64();
    read_money_into(change.says.value, differing.getColumn(1), differing.getColumn(2));
    change.says.stage = differing.getColumn(3).getString();
    change.says.close_date = differing.getColumn(4).getString();
    change.ask.id = differing.getColumn(5).getInt64();
    change.ask.request_id = differing.getColumn(6).getInt64();
    if (!differing.getColumn(7).isNull()) change.ask.account_id = differing.getColumn(7).getInt64();
    read_money_into(change.ask.value, differing.getColumn(8), differing.getColumn(9));
    change.ask.stage = differing.getColumn(10).getString();
    change.ask.close_date = differing.getColumn(11).getString();
    change.ask.deal = differing.getColumn(12).getString();
    change.account_name = differing.getColumn(13).getString();
    changes.push_back(std::move(change));
  }
  // The file is the CRM's word on its deals: every ask of a deal it names
  // takes the file's amount, stage and close date, recorded for --as-of.
  for (const auto& [ask, source, says, account_name] : changes) {
    m_requests.set_deal_fields(now, ask, DealFields::of(says));
    m_session.touch_all({ask.request_id}, now);
    counts.deals_aligned.push_back(fmt::format("deal {} of {}: ask #{} on #{} takes {}{}{} from the file (ask #{})",
                                               ask.deal, account_name.empty() ? "no account" : account_name, ask.id,
                                               ask.request_id, says.value ? format_money(*says.value) : "no value",
                                               says.stage.empty() ? "" : ", " + says.stage,
                                               says.close_date.empty() ? "" : ", closing " + says.close_date, source));
  }
}

auto SqlImport::remember(const ImportRow& row, AskId id, RequestId request_id) -> void {
  m_imported[row.import_key] = {id,          request_id,   row.ask.value, row.ask.stage,      row.ask.close_date,
                                     row.ask.rep, row.ask.note, row.ask.deal,  row.ask.importance, false};
}

auto SqlImport::update_imported_ask(const std::string& now, AskId id, RequestId request_id, const NewAsk& ask,
                         const std::vector<std::pair<const char*, std::pair<std::string, std::string>>>& changed) -> void {
  auto& update = cached(
      "UPDATE asks SET value_cents = ?, currency = ?, stage = ?, close_date = ?, rep = ?, "
      "note = ?, deal = ?, importance = ? WHERE id = ?");
  bind_money(update, 1, ask.value);
  update.bind(3, ask.stage);
  update.bind(4, ask.close_date);
  update.bind(5, ask.rep);
  update.bind(6, ask.note);
  update.bind(7, ask.deal);
  update.bind(8, std::string(to_string(ask.importance)));
  update.bind(9, id);
  update.exec();
  for (const auto& [field, values] : changed) {
    record(now, request_id, std::nullopt, "ask-changed", fmt::format("ask #{} {}", id, field),
           values.first, values.second);
  }
}

}  // namespace reqtriage
