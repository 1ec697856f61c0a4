#include "reqtriage/learning.hpp"

#include <algorithm>
#include <map>

#include <fmt/format.h>

namespace reqtriage {
namespace {

constexpr std::size_t most_words_told = 2;  // on each side of a decision
constexpr std::size_t largest_group = 4;

// The settings without learned words: decisions, and what was learned from
// them, are read as the lexicon and the config read words.
DedupeSettings unlearned(DedupeSettings settings) {
  settings.learned_same.clear();
  return settings;
}

std::vector<std::string> distinct_tokens(const Normalizer& normalizer, const std::string& title) {
  auto words = normalizer.tokens(title);
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

// What a pair of titles can teach.
enum class Teaching {
  same,      // a merge: the titles must be otherwise alike
  different  // a not-duplicate judgement
};

// The words only the first title has and those only the second has, when
// each side has one or two.
std::optional<std::pair<std::vector<std::string>, std::vector<std::string>>> differing_words(
    const Normalizer& normalizer, const TitlePair& titles, Teaching teaching) {
  auto a = distinct_tokens(normalizer, titles.first);
  auto b = distinct_tokens(normalizer, titles.second);
  std::vector<std::string> only_a;
  std::vector<std::string> only_b;
  std::set_difference(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(only_a));
  std::set_difference(b.begin(), b.end(), a.begin(), a.end(), std::back_inserter(only_b));
  auto tells = [](const std::vector<std::string>& words) {
    return !words.empty() && words.size() <= most_words_told;
  };
  if (!tells(only_a) || !tells(only_b)) return std::nullopt;
  // One careless merge must not teach that unrelated words mean the same:
  // a merge teaches only when its titles are otherwise alike, sharing at
  // least as many words as either has of its own ("Export invoices to PDF"
  // into "Import invoices from Excel" shares one word against two: nothing).
  auto shared = a.size() - only_a.size();
  if (teaching == Teaching::same && shared < std::max(only_a.size(), only_b.size())) return std::nullopt;
  return std::pair(only_a, only_b);
}

// Groups of words learned the same, each named by its first word.
class WordGroups {
 public:
  std::string group_of(const std::string& word) {
    auto found = m_parent.find(word);
    if (found == m_parent.end()) return word;
    if (found->second == word) return word;
    return found->second = group_of(found->second);
  }
  void join(const std::string& x, const std::string& y) {
    auto gx = group_of(x);
    auto gy = group_of(y);
    if (gx == gy || size(gx) + size(gy) > largest_group) return;
    if (gy < gx) std::swap(gx, gy);
    m_parent[gx] = gx;
    m_parent[gy] = gx;
    m_size[gx] = size(gx) + size(gy);
  }
  std::map<std::string, std::string> canonical() {
    std::map<std::string, std::string> words;
    std::vector<std::string> keys;
    for (const auto& [word, parent] : m_parent) keys.push_back(word);
    for (const auto& word : keys) {
      auto group = group_of(word);
      if (group != word) words[word] = group;
    }
    return words;
  }

 private:
  std::size_t size(const std::string& group) const {
    auto found = m_size.find(group);
    return found == m_size.end() ? 1 : found->second;
  }
  std::map<std::string, std::string> m_parent;
  std::map<std::string, std::size_t> m_size;
};

}  // namespace

void learn_from_decisions(DedupeSettings& settings, const std::vector<TitlePair>& merges,
                          const std::vector<TitlePair>& not_duplicates) {
  if (merges.empty() && not_duplicates.empty()) return;
  // What was learned before does not feed on itself.
  Normalizer normalizer(unlearned(settings));
  WordGroups groups;
  for (const auto& [word, canonical] : settings.learned_same) groups.join(word, canonical);
  for (const auto& titles : merges) {
    auto words = differing_words(normalizer, titles, Teaching::same);
    if (!words) continue;
    for (const auto& x : words->first) {
      for (const auto& y : words->second) groups.join(x, y);
    }
  }
  settings.learned_same = groups.canonical();
  for (const auto& titles : not_duplicates) {
    auto words = differing_words(normalizer, titles, Teaching::different);
    if (!words) continue;
    for (const auto& x : words->first) {
      for (const auto& y : words->second) {
        auto canonical = [&](const std::string& word) {
          auto found = settings.learned_same.find(word);
          return found == settings.learned_same.end() ? word : found->second;
        };
        auto first = canonical(x);
        auto second = canonical(y);
        if (second < first) std::swap(first, second);
        // Words a merge said are the same cannot also tell requests apart.
        if (first != second) settings.learned_different.insert({first, second});
      }
    }
  }
}

std::vector<std::string> learned_about(const DedupeSettings& settings, const std::string& title_a,
                                       const std::string& title_b) {
  Normalizer normalizer(unlearned(settings));
  std::vector<std::string> lines;
  std::vector<std::string> seen;
  for (const auto* title : {&title_a, &title_b}) {
    for (const auto& word : distinct_tokens(normalizer, *title)) {
      auto found = settings.learned_same.find(word);
      if (found == settings.learned_same.end() || std::count(seen.begin(), seen.end(), word)) continue;
      seen.push_back(word);
      lines.push_back(fmt::format("'{}' stands for '{}' (learned from merges)", word, found->second));
    }
  }
  Normalizer learned(settings);
  auto a = make_document(0, title_a, "", learned);
  auto b = make_document(0, title_b, "", learned);
  if (auto pair = told_apart(a, b, settings)) {
    lines.push_back(fmt::format("'{}' and '{}' tell them apart (learned from a not-duplicate judgement): "
                                "similarity x {}",
                                pair->first, pair->second, settings.told_apart_factor));
  }
  return lines;
}

}  // namespace reqtriage
