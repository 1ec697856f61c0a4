#pragma once
// Review snapshots stored as what changed: a week's ranking mostly keeps its
// order, though one new request shifts every rank below it, so a snapshot
// stores only the requests that left, entered or moved against the others.
#include <utility>
#include <vector>

#include "reqtriage/domain.hpp"

namespace reqtriage {

/// The ranked requests in rank order: the first is rank 1.
using RankOrder = std::vector<RequestId>;

/// One row of a delta: a request and its new rank, or 0 when it left the ranking.
using RankChange = std::pair<RequestId, int>;

/// The fewest changes that turn `before` into `after`: every request of
/// `after` not in the longest run of requests kept in the same relative
/// order (new ones too) with its rank, and every request that left with 0.
std::vector<RankChange> rank_delta(const RankOrder& before, const RankOrder& after);

/// `before` with the delta applied: the inverse of rank_delta. Throws
/// Error when the delta does not fit (a rank past the end, a request twice).
RankOrder apply_rank_delta(const RankOrder& before, const std::vector<RankChange>& delta);

}  // namespace reqtriage
