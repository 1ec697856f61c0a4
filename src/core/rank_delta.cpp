#include "reqtriage/rank_delta.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

#include "reqtriage/error.hpp"

namespace reqtriage {
namespace {

// The positions in `sequence` of one longest strictly increasing run
// (patience sorting, O(n log n)).
std::vector<std::size_t> longest_increasing_run(const std::vector<std::size_t>& sequence) {
  std::vector<std::size_t> tails;  // tails[k]: index of the smallest end of a run of length k + 1
  std::vector<std::size_t> previous(sequence.size(), SIZE_MAX);
  for (std::size_t i = 0; i < sequence.size(); ++i) {
    auto at = std::lower_bound(tails.begin(), tails.end(), sequence[i],
                               [&](std::size_t tail, std::size_t value) { return sequence[tail] < value; });
    if (at != tails.begin()) previous[i] = *(at - 1);
    if (at == tails.end()) {
      tails.push_back(i);
    } else {
      *at = i;
    }
  }
  std::vector<std::size_t> run;
  for (auto i = tails.empty() ? SIZE_MAX : tails.back(); i != SIZE_MAX; i = previous[i]) run.push_back(i);
  std::reverse(run.begin(), run.end());
  return run;
}

}  // namespace

std::vector<RankChange> rank_delta(const RankOrder& before, const RankOrder& after) {
  std::unordered_map<RequestId, std::size_t> position_before;
  position_before.reserve(before.size());
  for (std::size_t i = 0; i < before.size(); ++i) position_before.emplace(before[i], i);

  // The requests in both, in their order after, by where they stood before.
  std::vector<std::size_t> in_both;   // indexes into after
  std::vector<std::size_t> was_at;    // their positions before
  for (std::size_t i = 0; i < after.size(); ++i) {
    if (auto found = position_before.find(after[i]); found != position_before.end()) {
      in_both.push_back(i);
      was_at.push_back(found->second);
    }
  }
  std::vector<bool> kept(after.size(), false);
  for (auto k : longest_increasing_run(was_at)) kept[in_both[k]] = true;

  std::vector<RankChange> delta;
  std::unordered_set<RequestId> still_ranked(after.begin(), after.end());
  for (auto id : before) {
    if (!still_ranked.count(id)) delta.emplace_back(id, 0);
  }
  for (std::size_t i = 0; i < after.size(); ++i) {
    if (!kept[i]) delta.emplace_back(after[i], static_cast<int>(i + 1));
  }
  return delta;
}

RankOrder apply_rank_delta(const RankOrder& before, const std::vector<RankChange>& delta) {
  std::unordered_set<RequestId> changed;
  std::size_t placed = 0;
  for (const auto& [id, rank] : delta) {
    if (!changed.insert(id).second) throw Error(ExitCode::failure, fmt::format("a ranking snapshot lists #{} twice", id));
    if (rank > 0) ++placed;
  }
  std::size_t kept = 0;
  for (auto id : before) kept += changed.count(id) ? 0 : 1;

  RankOrder after(kept + placed, 0);
  std::vector<bool> taken(after.size(), false);
  for (const auto& [id, rank] : delta) {
    if (rank <= 0) continue;
    auto at = static_cast<std::size_t>(rank - 1);
    if (at >= after.size() || taken[at]) {
      throw Error(ExitCode::failure, fmt::format("a ranking snapshot puts #{} at rank {}, which does not fit", id, rank));
    }
    after[at] = id;
    taken[at] = true;
  }
  // The others keep their order, in the places left.
  std::size_t next = 0;
  for (auto id : before) {
    if (changed.count(id)) continue;
    while (taken[next]) ++next;
    after[next++] = id;
  }
  return after;
}

}  // namespace reqtriage
