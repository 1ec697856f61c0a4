// The money rules (see money.hpp): deals counted once, stage kinds, the
// account policy.
#include "reqtriage/money.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <set>
#include <string_view>
#include <tuple>
#include <unordered_map>

#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

// A stage's kind and weight; one not configured (or none) is open and
// weighs `unknown_weight`.
struct StageFacts {
  StageKind kind = StageKind::open;
  double weight = 0;
  bool known = false;
};
StageFacts stage_facts(const Config& config, const std::string& name, double unknown_weight) {
  const Stage* stage = config.find_stage(name);
  return stage ? StageFacts{stage->kind, stage->probability, true} : StageFacts{StageKind::open, unknown_weight, false};
}

bool is_later(const Ask& a, const Ask& b) {
  return a.created_at != b.created_at ? a.created_at > b.created_at : a.id > b.id;
}

// One deal as the asks in view report it.
struct Deal {
  const Ask* latest = nullptr;  ///< its amount and stage are the deal's
  double importance = 0;        ///< the highest multiplier among its asks
  AskId importance_from = 0;    ///< the ask that multiplier came from
  std::int64_t amount = 0;      ///< cents of the base currency
  StageKind kind = StageKind::open;
  double weight = 0;
  bool counted = true;  ///< false when the account policy left it out
  /// The account it counts for: its own, or, without one, a slot of its own.
  std::int64_t account_slot() const { return latest->account_id != 0 ? latest->account_id : -latest->id; }
};

std::int64_t amount_of(const Ask& ask, const Config& config) {
  return ask.value ? to_cents(config.to_base(*ask.value)) : 0;
}

bool same_deal(const Ask& a, const Ask& b) {
  if (a.account_id != b.account_id) return false;
  // An ask without a deal key is a deal of its own.
  return a.deal.empty() ? a.id == b.id : a.deal == b.deal;
}

// The deals of the asks, in the order each first appears. A request has a
// few asks: a linear search beats hashing; an account's thousands are hashed.
class Deals {
 public:
  Deals(const std::vector<const Ask*>& asks, const Config& config) {
    m_deal_of.reserve(asks.size());
    bool hashed = asks.size() > 32;
    for (const Ask* ask : asks) {
      auto index = hashed ? hashed_index(*ask) : linear_index(*ask);
      if (index == m_deals.size()) m_deals.emplace_back();
      auto& deal = m_deals[index];
      m_deal_of.push_back(index);
      if (!deal.latest || is_later(*ask, *deal.latest)) deal.latest = ask;
      double importance = config.scoring.importance.of(ask->importance);
      if (importance > deal.importance) {
        deal.importance = importance;
        deal.importance_from = ask->id;
      }
    }
    double unknown_weight = config.stage_weight("");
    for (auto& deal : m_deals) {
      const Ask& latest = *deal.latest;
      deal.amount = amount_of(latest, config);
      auto stage = stage_facts(config, latest.stage, unknown_weight);
      deal.kind = stage.kind;
      deal.weight = stage.weight;
    }
  }

  std::vector<Deal>& all() { return m_deals; }
  const Deal& of_ask(std::size_t index) const { return m_deals[m_deal_of[index]]; }

 private:
  std::vector<Deal> m_deals;
  std::vector<std::size_t> m_deal_of;  ///< by the ask's position
  std::vector<const Ask*> m_first_asks;  ///< by deal: the ask that opened it
  using Key = std::tuple<std::int64_t, AskId, std::string_view>;
  std::map<Key, std::size_t> m_index;

  std::size_t linear_index(const Ask& ask) {
    for (std::size_t i = 0; i < m_first_asks.size(); ++i) {
      if (same_deal(*m_first_asks[i], ask)) return i;
    }
    m_first_asks.push_back(&ask);
    return m_first_asks.size() - 1;
  }

  std::size_t hashed_index(const Ask& ask) {
    Key key{ask.account_id, ask.deal.empty() ? ask.id : 0, ask.deal};
    return m_index.try_emplace(key, m_index.size()).first->second;
  }
};

// Which of one account's deals of one kind on one request max or latest
// keeps, of `count`: `amount(i)` and `later(i, j)` describe them.
template <typename Amount, typename Later>
std::size_t policy_choice(std::size_t count, AccountPolicy policy, Amount amount, Later later) {
  std::size_t kept = 0;
  for (std::size_t i = 1; i < count; ++i) {
    bool better = policy == AccountPolicy::max && amount(i) != amount(kept) ? amount(i) > amount(kept) : later(i, kept);
    if (better) kept = i;
  }
  return kept;
}

// Keeps, of one account's deals of one kind on a request, those the policy counts.
void apply_policy(std::vector<Deal*>& deals, AccountPolicy policy) {
  if (policy == AccountPolicy::sum || deals.size() < 2) return;
  auto kept = policy_choice(
      deals.size(), policy, [&](std::size_t i) { return deals[i]->amount; },
      [&](std::size_t a, std::size_t b) { return is_later(*deals[a]->latest, *deals[b]->latest); });
  for (std::size_t i = 0; i < deals.size(); ++i) deals[i]->counted = i == kept;
}

void add_ask(Figures& figures, const Ask& ask) {
  ++figures.asks;
  if (figures.first_ask_at.empty() || ask.created_at < figures.first_ask_at) figures.first_ask_at = ask.created_at;
  if (ask.created_at > figures.last_ask_at) figures.last_ask_at = ask.created_at;
}

void add_asks(Figures& figures, const std::vector<const Ask*>& asks) {
  for (const Ask* ask : asks) add_ask(figures, *ask);
}

// The accounts asking (ids sorted, each once): their count and ARR.
void add_account_ids(Figures& figures, const std::vector<std::int64_t>& ids, const AccountIndex& accounts) {
  std::int64_t arr = 0;
  for (auto id : ids) {
    if (auto found = accounts.find(id); found != accounts.end()) arr += to_cents(found->second.arr);
  }
  figures.arr = from_cents(arr);
  figures.accounts = static_cast<int>(ids.size());
}

void add_accounts(Figures& figures, const std::vector<const Ask*>& asks, const AccountIndex& accounts) {
  std::vector<std::int64_t> ids;
  ids.reserve(asks.size());
  for (const Ask* ask : asks) {
    if (ask->account_id != 0) ids.push_back(ask->account_id);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  add_account_ids(figures, ids, accounts);
}

// Money added up in whole cents, then handed out as Figures.
struct Ledger {
  std::int64_t value = 0;
  std::int64_t pipeline = 0;
  std::int64_t won = 0;
  std::int64_t lost = 0;
  double prioritized = 0;  ///< cents, not rounded: it only divides
  std::int64_t largest_account = 0;  ///< the open value of the largest account, as the caller finds it

  void add(std::int64_t amount, StageKind kind, double weight, double importance) {
    switch (kind) {
      case StageKind::open: {
        auto weighted = std::llround(static_cast<double>(amount) * weight);
        value += amount;
        pipeline += weighted;
        prioritized += static_cast<double>(weighted) * importance;
        break;
      }
      case StageKind::won:
        won += amount;
        break;
      case StageKind::lost:
        lost += amount;
        break;
    }
  }

  void fill(Figures& figures) const {
    figures.value = from_cents(value);
    figures.pipeline = from_cents(pipeline);
    figures.won = from_cents(won);
    figures.lost = from_cents(lost);
    figures.prioritized = prioritized / 100;
    figures.largest_account = from_cents(largest_account);
  }
};

void add_soonest_close(Figures& figures, StageKind kind, const std::string& close) {
  if (kind != StageKind::open || close.empty()) return;
  if (figures.soonest_close.empty() || close < figures.soonest_close) figures.soonest_close = close;
}

}  // namespace

AccountIndex index_accounts(const std::vector<Account>& accounts, const Config& config) {
  AccountIndex index;
  std::unordered_map<std::int64_t, std::int64_t> merged_into;
  for (const auto& account : accounts) {
    index[account.id] = {fold_case(account.name), fold_case(account.segment),
                         account.arr ? config.to_base(*account.arr) : 0.0};
    if (account.merged_into) merged_into[account.id] = *account.merged_into;
  }
  // A merged account's ARR is its survivor's too (its asks are): kept on the
  // account, added where it was merged, back on its own after an unmerge.
  for (const auto& account : accounts) {
    if (!account.merged_into || !account.arr) continue;
    auto survivor = *account.merged_into;
    for (std::size_t hops = 0; merged_into.count(survivor) && hops < accounts.size(); ++hops) {
      survivor = merged_into[survivor];
    }
    if (auto found = index.find(survivor); found != index.end()) found->second.arr += config.to_base(*account.arr);
  }
  return index;
}

Figures request_figures(const std::vector<const Ask*>& asks, const AccountIndex& accounts,
                        const Config& config, std::vector<AskContribution>* explain) {
  Figures figures;
  add_asks(figures, asks);
  add_accounts(figures, asks, accounts);
  Deals deals(asks, config);
  figures.deals_asking = static_cast<int>(deals.all().size());
  // One account's deals of each kind, combined by the policy; deals without
  // an account each stand alone.
  std::vector<Deal*> grouped;
  grouped.reserve(deals.all().size());
  for (auto& deal : deals.all()) grouped.push_back(&deal);
  auto group_of = [](const Deal* deal) { return std::pair(deal->account_slot(), deal->kind); };
  // Deals are in order of first appearance in memory: the address breaks ties stably.
  std::sort(grouped.begin(), grouped.end(), [&](const Deal* a, const Deal* b) {
    return std::tuple(group_of(a), a) < std::tuple(group_of(b), b);
  });
  Ledger ledger;
  std::vector<Deal*> group;
  for (std::size_t start = 0; start < grouped.size();) {
    auto end = start;
    group.clear();
    while (end < grouped.size() && group_of(grouped[end]) == group_of(grouped[start])) group.push_back(grouped[end++]);
    apply_policy(group, config.scoring.account_policy);
    std::int64_t counted_value = 0;
    for (const Deal* deal : group) {
      if (!deal->counted) continue;
      ++figures.deals;
      ledger.add(deal->amount, deal->kind, deal->weight, deal->importance);
      counted_value += deal->amount;
    }
    if (grouped[start]->kind == StageKind::open) {
      ledger.largest_account = std::max(ledger.largest_account, counted_value);
    }
    start = end;
  }
  ledger.fill(figures);
  for (const auto& deal : deals.all()) add_soonest_close(figures, deal.kind, deal.latest->close_date);
  if (explain) {
    explain->clear();
    for (std::size_t i = 0; i < asks.size(); ++i) {
      const Ask& ask = *asks[i];
      const Deal& deal = deals.of_ask(i);
      AskContribution part;
      part.ask = &ask;
      auto stage = stage_facts(config, ask.stage, config.stage_weight(""));
      part.kind = stage.kind;
      part.stage_known = stage.known;
      part.weight = stage.weight;
      part.importance = config.scoring.importance.of(ask.importance);
      part.deal_importance = deal.importance;
      part.importance_from = deal.importance_from;
      part.amount = from_cents(amount_of(ask, config));
      if (deal.latest != &ask) {
        part.counted_elsewhere = fmt::format("deal {} counts once, as its latest ask #{}", ask.deal, deal.latest->id);
      } else if (!deal.counted) {
        part.counted_elsewhere = fmt::format("account_policy {}: another deal of {} counts",
                                             to_string(config.scoring.account_policy),
                                             ask.account.empty() ? "this account" : ask.account);
      } else {
        part.adds_value = from_cents(deal.amount);
        if (deal.kind == StageKind::open) {
          part.adds_pipeline = from_cents(std::llround(static_cast<double>(deal.amount) * deal.weight));
        }
      }
      explain->push_back(std::move(part));
    }
  }
  return figures;
}

// What FiguresTally keeps of one deal, compactly (a year of asks may pass):
// what its latest ask says, and the requests it asks for with their rows.
struct FiguresTally::Deals {
  struct Entry {
    std::int64_t account_slot = 0;
    std::int64_t amount = 0;
    double weight = 0;
    double importance = 0;
    std::int64_t latest_at = 0;  ///< the latest ask's timestamp as digits, YYYYMMDDHHMMSS
    AskId latest_id = 0;
    // A request it asks for: its row, and the deal's latest ask there (the
    // account policy's "latest" is the latest on the request, as the
    // request's own figures see it).
    struct On {
      RequestId request = 0;
      int row = 0;
      std::int64_t latest_at = 0;
      AskId latest_id = 0;
    };
    On first_request;
    std::vector<On> more_requests;  ///< keyed deals only
    std::int32_t close_date = 0;  ///< YYYYMMDD, 0 when none
    StageKind kind = StageKind::open;

    template <typename Visit>
    void for_each_request(Visit visit) const {
      visit(first_request);
      for (const auto& on : more_requests) visit(on);
    }
    On& on_request(RequestId request, int row) {
      if (first_request.request == request) return first_request;
      for (auto& on : more_requests) {
        if (on.request == request) return on;
      }
      return more_requests.emplace_back(On{request, row, 0, 0});
    }
  };
  // The asks and accounts of each row.
  struct Row {
    Figures figures;
    std::vector<std::int64_t> account_ids;  ///< sorted, each once
  };
  std::deque<Entry> entries;  ///< a deque: no copies as it grows
  std::map<std::pair<std::int64_t, std::string>, std::size_t> keyed;  ///< by account and deal key
  std::map<int, Row> rows;
};

namespace {

// "2026-11-27T13:45:00Z" as 20261127134500, "2026-12-31" as 20261231: the
// digits in order compare as the text does.
std::int64_t digits_key(std::string_view text) {
  std::int64_t key = 0;
  for (char c : text) {
    if (c >= '0' && c <= '9') key = key * 10 + (c - '0');
  }
  return key;
}

std::string close_text(std::int32_t close) {
  return close == 0 ? std::string() : fmt::format("{:04}-{:02}-{:02}", close / 10000, close / 100 % 100, close % 100);
}

}  // namespace

// One row's (or the total's) deals as they are counted.
struct FiguresTally::Counted {
  Figures figures;
  Ledger ledger;
  std::int32_t soonest_close = 0;  ///< YYYYMMDD

  void finish() {
    ledger.fill(figures);
    figures.soonest_close = close_text(soonest_close);
  }
};

namespace {

void insert_sorted_once(std::vector<std::int64_t>& ids, std::int64_t id) {
  auto at = std::lower_bound(ids.begin(), ids.end(), id);
  if (at == ids.end() || *at != id) ids.insert(at, id);
}

}  // namespace

FiguresTally::FiguresTally(const AccountIndex& accounts, const Config& config)
    : m_accounts(&accounts), m_config(&config), m_deals(std::make_unique<Deals>()) {}
FiguresTally::~FiguresTally() = default;
FiguresTally::FiguresTally(FiguresTally&&) noexcept = default;

void FiguresTally::add(const Ask& ask, int row) {
  auto& state = m_deals->rows[row];
  add_ask(state.figures, ask);
  if (ask.account_id != 0) insert_sorted_once(state.account_ids, ask.account_id);
  std::size_t index = m_deals->entries.size();
  bool fresh = true;
  if (!ask.deal.empty()) {
    auto [slot, inserted] = m_deals->keyed.try_emplace({ask.account_id, ask.deal}, index);
    index = slot->second;
    fresh = inserted;
  }
  if (fresh) m_deals->entries.emplace_back();
  auto& deal = m_deals->entries[index];
  auto created = digits_key(ask.created_at);
  if (fresh) deal.first_request = {ask.request_id, row, 0, 0};
  auto& on = deal.on_request(ask.request_id, row);
  if (std::pair(created, ask.id) > std::pair(on.latest_at, on.latest_id)) {
    on.latest_at = created;
    on.latest_id = ask.id;
  }
  if (fresh || created > deal.latest_at || (created == deal.latest_at && ask.id > deal.latest_id)) {
    auto stage = stage_facts(*m_config, ask.stage, m_config->stage_weight(""));
    deal.account_slot = ask.account_id != 0 ? ask.account_id : -ask.id;
    deal.amount = amount_of(ask, *m_config);
    deal.kind = stage.kind;
    deal.weight = stage.weight;
    deal.close_date = static_cast<std::int32_t>(digits_key(ask.close_date));
    deal.latest_at = created;
    deal.latest_id = ask.id;
  }
  deal.importance = std::max(deal.importance, m_config->scoring.importance.of(ask.importance));
}

namespace {

// The row each deal counts in: the lowest row among the requests where the
// account policy keeps it, or none (-1) when it counts on none.
template <typename Entries>
std::vector<int> counted_rows(const Entries& entries, AccountPolicy policy) {
  struct OnRequest {
    std::int64_t account_slot;
    RequestId request;
    StageKind kind;
    std::size_t deal;
    int row;
    std::pair<std::int64_t, AskId> latest;  ///< the deal's latest ask on this request
  };
  std::vector<OnRequest> on;
  on.reserve(entries.size());
  for (std::size_t d = 0; d < entries.size(); ++d) {
    entries[d].for_each_request([&](const auto& at) {
      on.push_back({entries[d].account_slot, at.request, entries[d].kind, d, at.row, {at.latest_at, at.latest_id}});
    });
  }
  auto group_of = [](const OnRequest& o) { return std::tuple(o.account_slot, o.request, o.kind); };
  std::sort(on.begin(), on.end(), [&](const OnRequest& a, const OnRequest& b) {
    return std::tuple(group_of(a), a.deal) < std::tuple(group_of(b), b.deal);
  });
  std::vector<int> rows(entries.size(), -1);
  auto count_in = [&](const OnRequest& o) {
    if (rows[o.deal] < 0 || o.row < rows[o.deal]) rows[o.deal] = o.row;
  };
  for (std::size_t start = 0; start < on.size();) {
    auto end = start;
    while (end < on.size() && group_of(on[end]) == group_of(on[start])) ++end;
    if (policy == AccountPolicy::sum || end - start == 1) {
      for (auto i = start; i < end; ++i) count_in(on[i]);
    } else {
      auto kept = start + policy_choice(
                              end - start, policy, [&](std::size_t i) { return entries[on[start + i].deal].amount; },
                              [&](std::size_t a, std::size_t b) { return on[start + a].latest > on[start + b].latest; });
      count_in(on[kept]);
    }
    start = end;
  }
  return rows;
}

}  // namespace

void FiguresTally::count_deals(const std::function<Counted&(int row)>& counted_in) const {
  auto rows = counted_rows(m_deals->entries, m_config->scoring.account_policy);
  for (std::size_t d = 0; d < m_deals->entries.size(); ++d) {
    const auto& deal = m_deals->entries[d];
    if (rows[d] < 0) continue;
    auto& counted = counted_in(rows[d]);
    ++counted.figures.deals;
    counted.ledger.add(deal.amount, deal.kind, deal.weight, deal.importance);
    if (deal.kind == StageKind::open && deal.close_date != 0 &&
        (counted.soonest_close == 0 || deal.close_date < counted.soonest_close)) {
      counted.soonest_close = deal.close_date;
    }
  }
}

std::map<int, Figures> FiguresTally::figures_by_row() const {
  std::map<int, Counted> counted;
  for (const auto& [row, state] : m_deals->rows) counted[row].figures = state.figures;
  count_deals([&](int row) -> Counted& { return counted[row]; });
  std::map<int, Figures> result;
  for (auto& [row, entry] : counted) {
    entry.finish();
    const auto& state = m_deals->rows.at(row);
    add_account_ids(entry.figures, state.account_ids, *m_accounts);
    result[row] = std::move(entry.figures);
  }
  return result;
}

Figures FiguresTally::figures() const {
  Counted total;
  std::vector<std::int64_t> account_ids;
  for (const auto& [row, state] : m_deals->rows) {
    auto& figures = total.figures;
    figures.asks += state.figures.asks;
    if (figures.first_ask_at.empty() || state.figures.first_ask_at < figures.first_ask_at) {
      figures.first_ask_at = state.figures.first_ask_at;
    }
    figures.last_ask_at = std::max(figures.last_ask_at, state.figures.last_ask_at);
    account_ids.insert(account_ids.end(), state.account_ids.begin(), state.account_ids.end());
  }
  std::sort(account_ids.begin(), account_ids.end());
  account_ids.erase(std::unique(account_ids.begin(), account_ids.end()), account_ids.end());
  count_deals([&](int) -> Counted& { return total; });
  total.finish();
  add_account_ids(total.figures, account_ids, *m_accounts);
  return total.figures;
}

Figures total_figures(const std::vector<const Ask*>& asks, const AccountIndex& accounts,
                      const Config& config) {
  FiguresTally tally(accounts, config);
  for (const Ask* ask : asks) tally.add(*ask);
  return tally.figures();
}

std::vector<AccountFigures> figures_by_account(const std::vector<Account>& accounts, const std::vector<Ask>& asks,
                                               const AccountIndex& index, const Config& config) {
  std::map<std::int64_t, std::vector<const Ask*>> asks_of;
  for (const auto& ask : asks) {
    if (ask.account_id != 0) asks_of[ask.account_id].push_back(&ask);
  }
  std::vector<AccountFigures> result;
  for (const auto& account : accounts) {
    if (account.merged_into) continue;
    AccountFigures entry;
    entry.account = &account;
    if (auto found = asks_of.find(account.id); found != asks_of.end()) {
      entry.figures = total_figures(found->second, index, config);
      std::set<RequestId> requests;
      for (const Ask* ask : found->second) requests.insert(ask->request_id);
      entry.requests = static_cast<int>(requests.size());
    }
    result.push_back(std::move(entry));
  }
  return result;
}

std::vector<LikelySameDeal> likely_same_deals(const std::vector<const Ask*>& request_asks, const Config& config) {
  std::vector<LikelySameDeal> found;
  for (const Ask* unkeyed : request_asks) {
    if (!unkeyed->deal.empty() || unkeyed->account_id == 0 || !unkeyed->value) continue;
    for (const Ask* keyed : request_asks) {
      if (keyed->deal.empty() || keyed->account_id != unkeyed->account_id || !keyed->value) continue;
      if (config.stage_kind(keyed->stage) != config.stage_kind(unkeyed->stage)) continue;
      auto a = to_cents(config.to_base(*unkeyed->value));
      auto b = to_cents(config.to_base(*keyed->value));
      if (std::llabs(a - b) * 10 > std::max(a, b)) continue;
      found.push_back({unkeyed->id, keyed->id, keyed->deal, unkeyed->account});
      break;
    }
  }
  return found;
}

int furthest_first(Status status) {
  switch (status) {
    case Status::shipped: return 0;
    case Status::in_progress: return 1;
    case Status::planned: return 2;
    case Status::triaged: return 3;
    case Status::new_: return 4;
    case Status::declined: return 5;
    case Status::merged: return 6;
  }
  return 6;
}

std::int64_t to_cents(double amount) { return std::llround(amount * 100); }
double from_cents(std::int64_t cents) { return static_cast<double>(cents) / 100; }

std::vector<const Ask*> pointers_to(const std::vector<Ask>& asks) {
  std::vector<const Ask*> pointers;
  pointers.reserve(asks.size());
  for (const auto& ask : asks) pointers.push_back(&ask);
  return pointers;
}

}  // namespace reqtriage
