#pragma once
/// What the PM's decisions teach duplicate detection. A merge says the
/// words that differ between the two titles mean the same ("Night theme"
/// merged into "Dark mode": night and theme stand for darkmode); a
/// not-duplicate judgement says they tell requests apart ("Export invoices
/// to CSV" is not "Export invoices to PDF": csv and pdf differ). Learned
/// from the store each time, so an unmerge unlearns.
#include <string>
#include <utility>
#include <vector>

#include "reqtriage/similarity.hpp"

namespace reqtriage {

/// Two titles, as a decision paired them: the merged one and its survivor,
/// or the two judged not duplicates.
using TitlePair = std::pair<std::string, std::string>;

/// Adds to `settings.learned_same` and `learned_different` what the
/// decisions teach. Only titles that differ by one or two words on each
/// side teach anything: beyond that, which word stands for which is a
/// guess. Words learned the same form groups of at most four; a link that
/// would grow one past that is left out, so one careless merge cannot
/// chain unrelated words together.
void learn_from_decisions(DedupeSettings& settings, const std::vector<TitlePair>& merges,
                          const std::vector<TitlePair>& not_duplicates);

/// In words, what was learned that bears on two titles: each word read as
/// another, and the pair of words that tells them apart.
std::vector<std::string> learned_about(const DedupeSettings& settings, const std::string& title_a,
                                       const std::string& title_b);

}  // namespace reqtriage
