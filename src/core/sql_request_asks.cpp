// Asks as they enter a request and their deal: adding one, placing one in a
// deal (a correction, an import), and taking a known deal's figures.
#include "sql_requests.hpp"

namespace reqtriage {

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
  // (Not a structured binding: the lambda below captures them.)
  auto live_asks = m_deals.live_asks(deal->id);
  auto live = live_asks.first;
  AskId mate = live_asks.second;
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
