// Matching account names: legal suffixes, spacing, case and typos.
#include "reqtriage/account_names.hpp"

#include <algorithm>
#include <array>

#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

bool is_legal_suffix(std::string word) {
  std::erase(word, '.');
  static constexpr std::array<std::string_view, 30> suffixes{
      "inc",  "incorporated", "llc", "ltd",  "limited", "gmbh", "ag",   "sa",   "sas",  "srl",
      "spa",  "bv",           "nv",  "plc",  "corp",    "corporation", "co", "company", "pty", "oy",
      "ab",   "kk",           "sarl", "lp",  "llp",     "pte",  "a/s",  "ohg",  "kg",   "sl"};
  return std::find(suffixes.begin(), suffixes.end(), word) != suffixes.end();
}

// Words that name no one on their own: a key is never left with only these.
bool is_article(const std::string& word) {
  static constexpr std::array<std::string_view, 10> articles{"the", "a", "an", "le", "la", "les", "der", "die", "das", "el"};
  return std::find(articles.begin(), articles.end(), word) != articles.end();
}

bool is_edge_punctuation(char c) { return c == ',' || c == '.' || c == ';' || c == ':' || c == '&' || c == '-'; }

std::vector<std::string> words_of(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (char c : text) {
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(std::move(word));
  return words;
}

void trim_punctuation(std::string& word) {
  while (!word.empty() && is_edge_punctuation(word.back())) word.pop_back();
}

// Edit distance, stopping early once past `limit`.
std::size_t distance(std::string_view a, std::string_view b, std::size_t limit) {
  if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > limit) return limit + 1;
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t best = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      best = std::min(best, row[j]);
    }
    if (best > limit) return limit + 1;
  }
  return row[b.size()];
}

std::string digits_of(std::string_view text) {
  std::string digits;
  for (char c : text) {
    if (c >= '0' && c <= '9') digits += c;
  }
  return digits;
}

}  // namespace

std::string account_key(std::string_view name) {
  auto words = words_of(fold_case(name));
  for (auto& word : words) trim_punctuation(word);
  std::erase(words, std::string());
  // "Acme Pty Ltd": suffixes come off one by one, but the name keeps a word
  // that names someone ("The Limited" and "Co Co" stay whole).
  auto names_someone = [](const std::vector<std::string>& kept) {
    return std::any_of(kept.begin(), kept.end(),
                       [](const std::string& word) { return !is_article(word) && !is_legal_suffix(word); });
  };
  while (words.size() > 1 && is_legal_suffix(words.back()) &&
         names_someone(std::vector<std::string>(words.begin(), words.end() - 1))) {
    words.pop_back();
    while (words.size() > 1 && words.back().empty()) words.pop_back();
  }
  std::string key;
  for (const auto& word : words) key += (key.empty() ? "" : " ") + word;
  return key;
}

namespace {

// How many edits a typo of a key this long may be: short names are too
// easily a letter apart to call that a typo.
std::size_t typo_limit(const std::string& key) { return key.size() < 4 ? 0 : key.size() >= 10 ? 2 : 1; }

}  // namespace

const Account* close_account(std::string_view name, const std::vector<Account>& accounts) {
  CloseNames names;
  for (std::size_t i = 0; i < accounts.size(); ++i) {
    if (accounts[i].merged_into) continue;
    names.add(accounts[i].name, std::to_string(i));
    for (const auto& alias : accounts[i].aliases) names.add(alias, std::to_string(i));
  }
  const auto* found = names.close(name);
  return found ? &accounts[std::stoul(*found)] : nullptr;
}

void CloseNames::add(std::string_view name, std::string label) {
  auto key = account_key(name);
  if (m_by_length.size() <= key.size()) m_by_length.resize(key.size() + 1);
  auto digits = digits_of(key);
  m_by_length[key.size()].push_back({std::move(key), std::move(digits), std::move(label)});
}

const std::string* CloseNames::close(std::string_view name) const {
  auto key = account_key(name);
  auto limit = typo_limit(key);
  if (limit == 0) return nullptr;
  // "Store 12" and "Store 13" are two customers, not a typo.
  auto digits = digits_of(key);
  const std::string* closest = nullptr;
  std::size_t best = limit + 1;
  auto shortest = key.size() > limit ? key.size() - limit : 0;
  for (auto length = shortest; length <= key.size() + limit && length < m_by_length.size(); ++length) {
    for (const auto& known : m_by_length[length]) {
      if (known.digits != digits) continue;
      auto d = distance(key, known.key, limit);
      if (d < best) {
        best = d;
        closest = &known.label;
      }
    }
  }
  return closest;
}

}  // namespace reqtriage
