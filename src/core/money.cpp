// The money rules (see money.hpp): deals counted once, stage kinds, the
// account policy.
#include "reqtriage/money.hpp"

#include <fmt/format.h>

#include <algorithm>
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
  double amount = 0;            ///< base currency
  StageKind kind = StageKind::open;
  double weight = 0;
  bool counted = true;  ///< false when the account policy left it out
  /// The account it counts for: its own, or, without one, a slot of its own.
  std::int64_t account_slot() const { return latest->account_id != 0 ? latest->account_id : -latest->id; }
};

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
      deal.importance = std::max(deal.importance, config.scoring.importance.of(ask->importance));
    }
    double unknown_weight = config.stage_weight("");
    for (auto& deal : m_deals) {
      const Ask& latest = *deal.latest;
      deal.amount = latest.value ? config.to_base(*latest.value) : 0;
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

// Keeps, of one account's deals of one kind on a request, those the policy counts.
void apply_policy(std::vector<Deal*>& deals, AccountPolicy policy) {
  if (policy == AccountPolicy::sum || deals.size() < 2) return;
  auto better = [&](const Deal* a, const Deal* b) {
    if (policy == AccountPolicy::max && a->amount != b->amount) return a->amount > b->amount;
    return is_later(*a->latest, *b->latest);
  };
  Deal* kept = *std::min_element(deals.begin(), deals.end(), better);
  for (Deal* deal : deals) deal->counted = deal == kept;
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
  for (auto id : ids) {
    if (auto found = accounts.find(id); found != accounts.end()) figures.arr += found->second.arr;
  }
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

void add_deal(Figures& figures, const Deal& deal) {
  switch (deal.kind) {
    case StageKind::open:
      figures.value += deal.amount;
      figures.weighted += deal.amount * deal.weight;
      figures.pipeline += deal.amount * deal.weight * deal.importance;
      break;
    case StageKind::won:
      figures.won += deal.amount;
      break;
    case StageKind::lost:
      figures.lost += deal.amount;
      break;
  }
}

void add_soonest_close(Figures& figures, const Deal& deal) {
  const auto& close = deal.latest->close_date;
  if (deal.kind != StageKind::open || close.empty()) return;
  if (figures.soonest_close.empty() || close < figures.soonest_close) figures.soonest_close = close;
}

}  // namespace

AccountIndex index_accounts(const std::vector<Account>& accounts, const Config& config) {
  AccountIndex index;
  for (const auto& account : accounts) {
    index[account.id] = {fold_case(account.name), fold_case(account.segment),
                         account.arr ? config.to_base(*account.arr) : 0.0};
  }
  return index;
}

Figures request_figures(const std::vector<const Ask*>& asks, const AccountIndex& accounts,
                        const Config& config, std::vector<AskContribution>* explain) {
  Figures figures;
  add_asks(figures, asks);
  add_accounts(figures, asks, accounts);
  Deals deals(asks, config);
  figures.deals = static_cast<int>(deals.all().size());
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
  std::vector<Deal*> group;
  for (std::size_t start = 0; start < grouped.size();) {
    auto end = start;
    group.clear();
    while (end < grouped.size() && group_of(grouped[end]) == group_of(grouped[start])) group.push_back(grouped[end++]);
    apply_policy(group, config.scoring.account_policy);
    double counted_value = 0;
    for (const Deal* deal : group) {
      if (!deal->counted) continue;
      add_deal(figures, *deal);
      counted_value += deal->amount;
    }
    if (grouped[start]->kind == StageKind::open) {
      figures.largest_account = std::max(figures.largest_account, counted_value);
    }
    start = end;
  }
  for (const auto& deal : deals.all()) add_soonest_close(figures, deal);
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
      part.amount = ask.value ? config.to_base(*ask.value) : 0;
      if (deal.latest != &ask) {
        part.counted_elsewhere = fmt::format("deal {} counts once, as its latest ask #{}", ask.deal, deal.latest->id);
      } else if (!deal.counted) {
        part.counted_elsewhere = fmt::format("account_policy {}: another deal of {} counts",
                                             to_string(config.scoring.account_policy),
                                             ask.account.empty() ? "this account" : ask.account);
      } else {
        part.adds_value = deal.amount;
        if (deal.kind == StageKind::open) part.adds_pipeline = deal.amount * deal.weight * deal.importance;
      }
      explain->push_back(std::move(part));
    }
  }
  return figures;
}

namespace {

// A deal's part in figures that span requests.
void add_spanning_deal(Figures& figures, std::unordered_map<std::int64_t, double>& open_by_account,
                       const Deal& deal) {
  add_deal(figures, deal);
  add_soonest_close(figures, deal);
  if (deal.kind == StageKind::open) open_by_account[deal.account_slot()] += deal.amount;
}

Deal deal_of(const Ask& latest, double importance, const Config& config) {
  Deal deal;
  deal.latest = &latest;
  deal.importance = importance;
  deal.amount = latest.value ? config.to_base(*latest.value) : 0;
  auto stage = stage_facts(config, latest.stage, config.stage_weight(""));
  deal.kind = stage.kind;
  deal.weight = stage.weight;
  return deal;
}

}  // namespace

void FiguresTally::add(const Ask& ask) {
  add_ask(m_figures, ask);
  if (ask.account_id != 0) {
    auto at = std::lower_bound(m_account_ids.begin(), m_account_ids.end(), ask.account_id);
    if (at == m_account_ids.end() || *at != ask.account_id) m_account_ids.insert(at, ask.account_id);
  }
  double importance = m_config.scoring.importance.of(ask.importance);
  if (ask.deal.empty()) {
    ++m_figures.deals;
    add_spanning_deal(m_figures, m_open_by_account, deal_of(ask, importance, m_config));
    return;
  }
  auto [slot, fresh] = m_keyed.try_emplace({ask.account_id, ask.deal});
  auto& deal = slot->second;
  if (fresh || is_later(ask, deal.latest)) deal.latest = ask;
  deal.importance = fresh ? importance : std::max(deal.importance, importance);
}

Figures FiguresTally::figures() const {
  Figures figures = m_figures;
  auto open_by_account = m_open_by_account;
  for (const auto& [key, keyed] : m_keyed) {
    ++figures.deals;
    add_spanning_deal(figures, open_by_account, deal_of(keyed.latest, keyed.importance, m_config));
  }
  for (const auto& [account, value] : open_by_account) {
    figures.largest_account = std::max(figures.largest_account, value);
  }
  add_account_ids(figures, m_account_ids, m_accounts);
  return figures;
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

std::vector<const Ask*> pointers_to(const std::vector<Ask>& asks) {
  std::vector<const Ask*> pointers;
  pointers.reserve(asks.size());
  for (const auto& ask : asks) pointers.push_back(&ask);
  return pointers;
}

}  // namespace reqtriage
