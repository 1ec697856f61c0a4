#include "reqtriage/scoring.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <limits>
#include <memory>
#include <unordered_map>

#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

std::chrono::sys_days parse_day(const std::string& text) {
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  if (text.size() >= 10) {
    std::from_chars(text.data(), text.data() + 4, y);
    std::from_chars(text.data() + 5, text.data() + 7, m);
    std::from_chars(text.data() + 8, text.data() + 10, d);
  }
  return std::chrono::sys_days{std::chrono::year{y} / std::chrono::month{m} / std::chrono::day{d}};
}

bool any_of(const std::vector<std::string>& wanted, const std::string& have) {
  return std::find(wanted.begin(), wanted.end(), have) != wanted.end();
}

bool rule_matches(const Rule& rule, const Request& request, const std::vector<const Ask*>& asks,
                  const AccountIndex& accounts, const Quantities& q) {
  if (!rule.tags.empty() && std::none_of(request.tags.begin(), request.tags.end(),
                                         [&](const std::string& tag) { return any_of(rule.tags, tag); })) {
    return false;
  }
  if (!rule.areas.empty() && !any_of(rule.areas, request.area)) return false;
  if (!rule.statuses.empty() &&
      std::find(rule.statuses.begin(), rule.statuses.end(), request.status) == rule.statuses.end()) {
    return false;
  }
  auto some_ask = [&](auto&& predicate) { return std::any_of(asks.begin(), asks.end(), predicate); };
  auto facts_of = [&](const Ask* ask) -> const AccountFacts* {
    auto found = accounts.find(ask->account_id);
    return found == accounts.end() ? nullptr : &found->second;
  };
  if (!rule.accounts.empty() && !some_ask([&](const Ask* ask) {
        const auto* facts = facts_of(ask);
        return facts && any_of(rule.accounts, facts->folded_name);
      })) {
    return false;
  }
  if (!rule.segments.empty() && !some_ask([&](const Ask* ask) {
        const auto* facts = facts_of(ask);
        return facts && any_of(rule.segments, facts->folded_segment);
      })) {
    return false;
  }
  if (!rule.stages.empty() &&
      !some_ask([&](const Ask* ask) { return any_of(rule.stages, ask->stage); })) {
    return false;
  }
  if (rule.min_value && q[Quantity::value] < *rule.min_value) return false;
  if (rule.needs_estimate && *rule.needs_estimate != q.needs_estimate) return false;
  return true;
}

}  // namespace

double rounded_score(double score) { return std::round(score * 100) / 100; }

std::string format_score(double score, bool grouped) {
  auto text = fmt::format("{:.2f}", rounded_score(score));
  if (text == "-0.00") text = "0.00";
  if (!grouped) return text;
  auto digits_begin = text.find_first_of("0123456789");
  auto point = text.find('.');
  for (auto at = point; at > digits_begin + 3;) {
    at -= 3;
    text.insert(at, ",");
  }
  return text;
}

void use_company_ranks(std::vector<Score>& view, const std::vector<Score>& company) {
  std::unordered_map<RequestId, int> rank_of;
  rank_of.reserve(company.size());
  for (const auto& score : company) rank_of.emplace(score.request->id, score.rank);
  for (auto& score : view) {
    score.view_rank = score.rank;
    auto found = rank_of.find(score.request->id);
    score.rank = found == rank_of.end() ? 0 : found->second;
  }
}

double days_between(const std::string& from, const std::string& to) {
  return static_cast<double>((parse_day(to) - parse_day(from)).count());
}

Quantities compute_quantities(const Request& request, const std::vector<const Ask*>& asks,
                              const AccountIndex& accounts, const Config& config,
                              const std::string& today) {
  auto figures = request_figures(asks, accounts, config);
  Quantities q;
  q[Quantity::value] = figures.value;
  q[Quantity::pipeline] = figures.pipeline;
  q[Quantity::won] = figures.won;
  q[Quantity::lost] = figures.lost;
  q[Quantity::arr] = figures.arr;
  q[Quantity::accounts] = figures.accounts;
  q[Quantity::asks] = figures.asks;
  q[Quantity::deals] = figures.deals;
  q[Quantity::importance] = figures.importance();
  q[Quantity::concentration] = figures.value > 0 ? figures.largest_account / figures.value : 0;
  q[Quantity::confidence] = figures.confidence();
  q.needs_estimate = !request.effort;
  q[Quantity::effort] = request.effort.value_or(config.default_effort);
  q.soonest_close = figures.soonest_close;
  q[Quantity::days_to_close] = figures.soonest_close.empty()
                                   ? config.scoring.no_close_days
                                   : std::max(0.0, days_between(today, figures.soonest_close));
  auto first_at = figures.first_ask_at.empty() || request.created_at < figures.first_ask_at ? request.created_at
                                                                                            : figures.first_ask_at;
  auto last_at = figures.last_ask_at.empty() ? request.created_at : figures.last_ask_at;
  q[Quantity::days_since_last_ask] = std::max(0.0, days_between(last_at, today));
  q[Quantity::age_days] = std::max(0.0, days_between(first_at, today));
  return q;
}

Score score_request(const Request& request, const std::vector<const Ask*>& asks,
                    const AccountIndex& accounts, const Config& config, const Profile& profile,
                    const std::string& today) {
  Score score;
  score.request = &request;
  score.quantities = compute_quantities(request, asks, accounts, config, today);
  score.base = profile.formula.evaluate(score.quantities.values);
  score.score = score.base;
  for (const auto& rule : config.scoring.rules) {
    if (!rule_matches(rule, request, asks, accounts, score.quantities)) continue;
    RuleEffect effect{&rule, score.score, score.score * rule.multiply + rule.add};
    score.score = effect.after;
    score.effects.push_back(effect);
  }
  score.concentrated = score.quantities[Quantity::accounts] > 1 &&
                       score.quantities[Quantity::concentration] > config.scoring.concentration_flag;
  return score;
}

std::vector<Score> rank_requests(const std::vector<Request>& requests,
                                 const std::vector<Ask>& asks, const AccountIndex& accounts,
                                 const Config& config, const Profile& profile,
                                 const std::string& today) {
  // Group the asks by request: sorted pointers, then one contiguous run each.
  std::vector<const Ask*> sorted;
  sorted.reserve(asks.size());
  for (const auto& ask : asks) sorted.push_back(&ask);
  std::stable_sort(sorted.begin(), sorted.end(), [](const Ask* a, const Ask* b) {
    return a->request_id < b->request_id;
  });
  const auto& ranked = config.scoring.statuses;
  std::vector<Score> scores;
  scores.reserve(requests.size());
  std::vector<const Ask*> own;
  for (const auto& request : requests) {
    if (std::find(ranked.begin(), ranked.end(), request.status) == ranked.end()) continue;
    auto first = std::lower_bound(sorted.begin(), sorted.end(), request.id,
                                  [](const Ask* ask, RequestId id) { return ask->request_id < id; });
    own.clear();
    for (auto it = first; it != sorted.end() && (*it)->request_id == request.id; ++it) own.push_back(*it);
    scores.push_back(score_request(request, own, accounts, config, profile, today));
  }
  sort_into_ranks(scores, ranked);
  return scores;
}

bool ranks_before(const Score& a, const Score& b) {
  if (a.score != b.score) return a.score > b.score;
  double va = a.quantities[Quantity::value];
  double vb = b.quantities[Quantity::value];
  if (va != vb) return va > vb;
  return a.request->id < b.request->id;
}

void sort_into_ranks(std::vector<Score>& scores, const std::vector<Status>& ranked) {
  auto unranked = std::stable_partition(scores.begin(), scores.end(), [&](const Score& score) {
    return std::find(ranked.begin(), ranked.end(), score.request->status) != ranked.end();
  });
  // Sorted as positions, then moved once: a Score is large to swap.
  std::vector<std::size_t> order(static_cast<std::size_t>(unranked - scores.begin()));
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return ranks_before(scores[a], scores[b]); });
  // Position i takes the score now at order[i], following each cycle once.
  for (std::size_t start = 0; start < order.size(); ++start) {
    if (order[start] == start) continue;
    Score held = std::move(scores[start]);
    std::size_t at = start;
    while (order[at] != start) {
      auto from = order[at];
      scores[at] = std::move(scores[from]);
      order[at] = at;
      at = from;
    }
    scores[at] = std::move(held);
    order[at] = at;
  }
  for (std::size_t i = 0; i < scores.size(); ++i) {
    scores[i].rank = scores.begin() + static_cast<long>(i) < unranked ? static_cast<int>(i + 1) : 0;
  }
}

std::vector<double> rank_positions(const std::vector<const Score*>& scores, Quantity quantity) {
  std::vector<std::size_t> order(scores.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
    return scores[a]->quantities[quantity] < scores[b]->quantities[quantity];
  });
  std::vector<double> position(scores.size(), 0.5);
  if (order.size() < 2) return position;
  for (std::size_t first = 0; first < order.size();) {
    std::size_t last = first;
    double value = scores[order[first]]->quantities[quantity];
    while (last + 1 < order.size() && scores[order[last + 1]]->quantities[quantity] == value) ++last;
    double place = (static_cast<double>(first + last) / 2) / static_cast<double>(order.size() - 1);
    for (std::size_t i = first; i <= last; ++i) position[order[i]] = place;
    first = last + 1;
  }
  return position;
}

RankSnapshot snapshot_of(const std::vector<Score>& scores, const std::string& profile,
                         const std::string& taken_at) {
  RankSnapshot snapshot;
  snapshot.taken_at = taken_at;
  snapshot.profile = profile;
  for (const auto& score : scores) {
    if (score.rank > 0) snapshot.ranks[score.request->id] = score.rank;
  }
  return snapshot;
}

Ranking rank_store(Store& store, const Config& config, const Profile& profile,
                   const RequestFilter& filter, const std::string& today) {
  Ranking ranking;
  ranking.accounts = index_accounts(store.list_accounts(), config);
  store.for_each_request_with_deals(filter, [&](const Request& request, const std::vector<const Ask*>& asks) {
    ranking.requests.push_back(request);
    ranking.scores.push_back(score_request(request, asks, ranking.accounts, config, profile, today));
  });
  // The requests have stopped moving: each score points at its own.
  for (std::size_t i = 0; i < ranking.scores.size(); ++i) ranking.scores[i].request = &ranking.requests[i];
  sort_into_ranks(ranking.scores, config.scoring.statuses);
  return ranking;
}

Ranking rank_store_top(Store& store, const Config& config, const Profile& profile,
                       const RequestFilter& filter, const std::string& today, std::size_t top) {
  Ranking ranking;
  ranking.accounts = index_accounts(store.list_accounts(), config);
  const auto& ranked = config.scoring.statuses;
  // The best `top` so far, the one ranking last on top of the heap; each
  // kept request has its own place, so its score's pointer stays valid.
  struct Kept {
    Request request;
    Score score;
  };
  std::vector<std::unique_ptr<Kept>> kept;
  auto last_on_top = [](const std::unique_ptr<Kept>& a, const std::unique_ptr<Kept>& b) {
    return ranks_before(a->score, b->score);
  };
  store.for_each_request_with_deals(filter, [&](const Request& request, const std::vector<const Ask*>& asks) {
    if (top == 0 || std::find(ranked.begin(), ranked.end(), request.status) == ranked.end()) return;
    auto score = score_request(request, asks, ranking.accounts, config, profile, today);
    if (kept.size() == top) {
      if (!ranks_before(score, kept.front()->score)) return;
      std::pop_heap(kept.begin(), kept.end(), last_on_top);
      kept.pop_back();
    }
    kept.push_back(std::make_unique<Kept>(Kept{request, std::move(score)}));
    kept.back()->score.request = &kept.back()->request;
    std::push_heap(kept.begin(), kept.end(), last_on_top);
  });
  ranking.requests.reserve(kept.size());
  for (auto& one : kept) ranking.requests.push_back(std::move(one->request));
  for (std::size_t i = 0; i < kept.size(); ++i) {
    ranking.scores.push_back(std::move(kept[i]->score));
    ranking.scores.back().request = &ranking.requests[i];
  }
  sort_into_ranks(ranking.scores, ranked);
  return ranking;
}

}  // namespace reqtriage
