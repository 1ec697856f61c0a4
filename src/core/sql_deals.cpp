// Deals as records: found, made, changed (reaching every ask of the deal),
// and moved with their accounts.
#include "sql_deals.hpp"

namespace reqtriage {

auto SqlDeals::Record::with(const DealFields& fields) const -> Record {
  Record changed = *this;
  if (fields.value) changed.value = *fields.value;
  if (fields.stage) changed.stage = *fields.stage;
  if (fields.close_date) changed.close_date = *fields.close_date;
  return changed;
}

auto SqlDeals::query(const char* where, std::int64_t number, const std::string& key) -> std::optional<Record> {
  auto& found = cached(fmt::format(
      "SELECT id, coalesce(account_id, 0), deal_key, value_cents, currency, stage, close_date FROM deals WHERE {}",
      where));
  found.bind(1, number);
  if (!key.empty()) found.bind(2, key);
  std::optional<Record> record;
  if (found.executeStep()) {
    record.emplace();
    record->id = found.getColumn(0).getInt64();
    record->account_id = found.getColumn(1).getInt64();
    record->key = found.getColumn(2).getString();
    read_money_into(record->value, found.getColumn(3), found.getColumn(4));
    record->stage = found.getColumn(5).getString();
    record->close_date = found.getColumn(6).getString();
  }
  found.reset();
  return record;
}

auto SqlDeals::memo() -> std::map<std::pair<std::int64_t, std::string>, Record>& {
  if (m_memo_transaction != m_session.transaction_number()) {
    m_known.clear();
    m_memo_transaction = m_session.transaction_number();
  }
  return m_known;
}

auto SqlDeals::find(std::int64_t account_id, const std::string& key) -> std::optional<Record> {
  // An import asks about the same deals row after row, and a deal it made
  // may still wait to be written with the batch.
  auto& known = memo();
  if (auto found = known.find({account_id, key}); found != known.end()) return found->second;
  auto record = query("coalesce(account_id, 0) = ? AND deal_key = ?", account_id, key);
  if (record) known.emplace(std::pair(account_id, key), *record);
  return record;
}

auto SqlDeals::create(std::int64_t account_id, const std::string& key, const DealFields& figures) -> Record {
  Record record = Record{}.with(figures);
  record.id = next_id(tables::deals);
  record.account_id = account_id;
  record.key = key;
  auto [cents, currency] = SqlSession::money_cells(record.value);
  insert_row(tables::deals, {record.id, account_id ? Cell(account_id) : Cell(nullptr), key, cents, currency,
                             record.stage, record.close_date});
  memo().emplace(std::pair(account_id, key), record);
  return record;
}

auto SqlDeals::set_figures(const std::string& now, const Record& deal, const DealFields& fields) -> Change {
  auto after = deal.with(fields);
  if (after.same_figures(deal)) return {};
  if (m_session.batching()) m_session.write_pending();
  std::vector<std::pair<AskId, RequestId>> asks;
  Statement of_deal(m_db, "SELECT id, request_id FROM asks WHERE deal_id = ? ORDER BY id");
  of_deal.bind(1, deal.id);
  while (of_deal.executeStep()) asks.emplace_back(of_deal.getColumn(0).getInt64(), of_deal.getColumn(1).getInt64());
  // The schema's trigger gives every ask of the deal its new figures.
  auto& update = cached("UPDATE deals SET value_cents = ?, currency = ?, stage = ?, close_date = ? WHERE id = ?");
  bind_money(update, 1, after.value);
  update.bind(3, after.stage);
  update.bind(4, after.close_date);
  update.bind(5, deal.id);
  update.exec();
  memo()[{deal.account_id, deal.key}] = after;

  Change change;
  std::optional<std::int64_t> account = deal.account_id ? std::optional(deal.account_id) : std::nullopt;
  std::vector<std::string> said, requests;
  auto note = [&](const char* field, const std::string& old, const std::string& now_is) {
    if (old == now_is) return;
    said.push_back(fmt::format("{} {} -> {}", field, old.empty() ? "unset" : old, now_is.empty() ? "unset" : now_is));
    for (const auto& [ask, request] : asks) {
      change.recorded.push_back(
          record(now, request, account, "ask-changed", fmt::format("ask #{} {}", ask, field), old, now_is));
    }
  };
  note("value", money_text(deal.value), money_text(after.value));
  note("stage", deal.stage, after.stage);
  note("close_date", deal.close_date, after.close_date);
  std::set<RequestId> touched;
  for (const auto& [ask, request] : asks) touched.insert(request);
  for (auto request : touched) requests.push_back(fmt::format("#{}", request));
  m_session.touch_all({touched.begin(), touched.end()}, now);
  std::string account_name = "no account";
  if (account) {
    Statement name(m_db, "SELECT name FROM accounts WHERE id = ?");
    name.bind(1, *account);
    if (name.executeStep()) account_name = name.getColumn(0).getString();
  }
  change.summary = fmt::format("deal {} of {}: {}{}", deal.key, account_name, fmt::join(said, ", "),
                               requests.empty() ? "" : fmt::format(", on {}", fmt::join(requests, ", ")));
  return change;
}

auto SqlDeals::live_asks(std::int64_t deal_id) -> std::pair<std::size_t, AskId> {
  auto& count = cached("SELECT count(*), coalesce(max(id), 0) FROM asks WHERE deal_id = ? AND deleted_at IS NULL");
  count.bind(1, deal_id);
  count.executeStep();
  std::pair<std::size_t, AskId> live{static_cast<std::size_t>(count.getColumn(0).getInt64()),
                                     count.getColumn(1).getInt64()};
  count.reset();
  return live;
}

auto SqlDeals::drop_if_unused(std::int64_t deal_id) -> void {
  m_known.clear();
  execute("DELETE FROM deals WHERE id = ? AND NOT EXISTS (SELECT 1 FROM asks WHERE deal_id = ?)", deal_id, deal_id);
}

auto SqlDeals::deal_for_account(std::int64_t deal_id, std::int64_t to_account, std::size_t leaving) -> std::int64_t {
  auto deal = query("id = ?", deal_id, "");
  if (!deal) throw std::logic_error(fmt::format("deal record {} is missing", deal_id));
  if (auto there = find(to_account, deal->key)) return there->id;
  auto& count = cached("SELECT count(*) FROM asks WHERE deal_id = ?");
  count.bind(1, deal_id);
  count.executeStep();
  auto asks = static_cast<std::size_t>(count.getColumn(0).getInt64());
  count.reset();
  if (asks == leaving) {
    m_known.clear();
    Statement move(m_db, "UPDATE deals SET account_id = ? WHERE id = ?");
    if (to_account) {
      move.bind(1, to_account);
    } else {
      move.bind(1);
    }
    move.bind(2, deal_id);
    move.exec();
    return deal_id;
  }
  return create(to_account, deal->key, deal->figures()).id;
}

auto SqlDeals::refuse_shared_keys(std::int64_t account_id, const std::string& name, std::int64_t survivor_id,
                                  const std::string& survivor_name) -> void {
  Statement shared(m_db,
                   "SELECT d.deal_key, (SELECT min(a.id) FROM asks a WHERE a.deal_id = d.id) FROM deals d "
                   "JOIN deals s ON s.deal_key = d.deal_key AND s.account_id = ? WHERE d.account_id = ? "
                   "ORDER BY d.deal_key");
  shared.bind(1, survivor_id);
  shared.bind(2, account_id);
  if (!shared.executeStep()) return;
  auto key = shared.getColumn(0).getString();
  auto ask = shared.getColumn(1).getInt64();
  throw InputError(fmt::format(
      "'{}' and '{}' each have a deal '{}': merging them would make two deals one; if they are two "
      "opportunities, give {}'s another key first: `reqtriage ask {} --deal '{} {}'` (and its other asks of {})",
      name, survivor_name, key, name, ask, key, name, key));
}

auto SqlDeals::move_all(std::int64_t from_account, std::int64_t to_account) -> void {
  m_known.clear();
  execute("UPDATE deals SET account_id = ? WHERE account_id = ?", to_account, from_account);
}

}  // namespace reqtriage
