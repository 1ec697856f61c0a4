#pragma once
/// Finding duplicates in the store: every candidate group for `dedupe`, and
/// the open requests that look like a new title for the warning of `log`.
#include <functional>
#include <string>
#include <vector>

#include "reqtriage/config.hpp"
#include "reqtriage/similarity.hpp"
#include "reqtriage/store.hpp"

namespace reqtriage {

struct DuplicateScan {
  std::vector<Request> requests;  ///< open, declined and shipped requests, by id
  std::vector<SimilarPair> pairs;
  std::vector<DuplicateGroup> groups;
  const Request& request(RequestId id) const;
  /// The member the others merge into: the declined or shipped one (never
  /// merged away: its answer stands), else the one with most asks, then the
  /// oldest.
  RequestId survivor(const DuplicateGroup& group, const std::function<int(RequestId)>& asks_of) const;
  /// What `dedupe --auto` merges: the groups, joined while the survivors of
  /// two of them are a pair at the threshold (never two decided requests in
  /// one), so that a second run right after finds nothing more. Each group's
  /// center is its survivor; a member's similarity is its best pair inside
  /// the group.
  std::vector<DuplicateGroup> merge_plan(const std::function<int(RequestId)>& asks_of) const;
};

/// Compares the open, declined and shipped requests (title and
/// description), leaving out pairs judged not duplicates and pairs of two
/// decided requests, at `threshold`; groups them too when `with_groups`
/// (a list of pairs needs none). `progress` is told how many of how many
/// requests it has compared.
DuplicateScan scan_for_duplicates(Store& store, const Config& config, double threshold, bool with_groups,
                                  const std::function<void(std::size_t done, std::size_t total)>& progress = nullptr);

/// Two requests compared as `dedupe` compares them (words weighted by their
/// rarity across the open, declined and shipped requests), and whether
/// dedupe would ever pair them.
struct PairExplanation {
  SimilarityExplanation similarity;
  double threshold = 0;
  bool judged_not_duplicates = false;
  bool both_decided = false;
  /// What the PM's decisions taught that bears on the pair, in words.
  std::vector<std::string> learned = {};
};
/// Throws NotFoundError for a missing request and InputError for a merged
/// one or the same request twice.
PairExplanation explain_pair(Store& store, const Config& config, RequestId a, RequestId b);

struct LookAlike {
  Request request;
  double similarity = 0;
};

/// The requests (open, declined or shipped) whose titles are at least the
/// dedupe threshold similar to `title`, most similar first, at most
/// `limit`; compares only the 50 requests sharing the most title words, so
/// it stays fast on a large store. A declined or shipped one is the answer
/// sales already has.
std::vector<LookAlike> look_alikes(Store& store, const Config& config, const std::string& title,
                                        std::size_t limit);

}  // namespace reqtriage
