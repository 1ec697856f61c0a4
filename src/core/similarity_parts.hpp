#pragma once
// The pieces of the similarity that the pair search (pair_search.cpp)
// shares with similarity.cpp, so both compute the same score.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "reqtriage/similarity.hpp"

namespace reqtriage {

/// A document's words with their weights, sorted by word: title words by
/// rarity, description words scaled by `description_weight`.
using WordWeights = std::vector<std::pair<std::string, double>>;
WordWeights weights_of(const Document& document, const WordRarity& rarity, double description_weight);

/// Dice coefficient of two sorted, distinct trigram lists.
double dice(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b);

}  // namespace reqtriage
