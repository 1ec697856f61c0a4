#include "reqtriage/similarity.hpp"

#include <algorithm>
#include <cmath>
#include <memory>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include <libstemmer.h>

#include "reqtriage/text.hpp"
#include "similarity_parts.hpp"

namespace reqtriage {
namespace {

bool is_word_byte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

bool ends_with(const std::string& word, std::string_view suffix) {
  return word.size() >= suffix.size() && word.compare(word.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Light English stemming: enough that "exports", "exporting" and "exported"
// meet "export", without a dictionary.
std::string stem(std::string word) {
  if (word.size() > 4 && ends_with(word, "ies")) return word.substr(0, word.size() - 3) + "y";
  if (word.size() > 5 && ends_with(word, "ing")) return word.substr(0, word.size() - 3);
  if (word.size() > 4 && ends_with(word, "ed")) return word.substr(0, word.size() - 2);
  if (word.size() > 4 && ends_with(word, "sses")) return word.substr(0, word.size() - 2);
  if (word.size() > 3 && ends_with(word, "s") && !ends_with(word, "ss") && !ends_with(word, "us") &&
      !ends_with(word, "is")) {
    return word.substr(0, word.size() - 1);
  }
  return word;
}

std::vector<std::string> distinct(std::vector<std::string> words) {
  std::sort(words.begin(), words.end());
  words.erase(std::unique(words.begin(), words.end()), words.end());
  return words;
}

std::vector<std::uint32_t> trigrams_of(const std::vector<std::string>& tokens) {
  std::string text = " ";
  for (const auto& token : tokens) text += token + " ";
  std::vector<std::uint32_t> grams;
  for (std::size_t i = 0; i + 3 <= text.size(); ++i) {
    grams.push_back(static_cast<std::uint32_t>(static_cast<unsigned char>(text[i])) << 16 |
                    static_cast<std::uint32_t>(static_cast<unsigned char>(text[i + 1])) << 8 |
                    static_cast<std::uint32_t>(static_cast<unsigned char>(text[i + 2])));
  }
  std::sort(grams.begin(), grams.end());
  grams.erase(std::unique(grams.begin(), grams.end()), grams.end());
  return grams;
}

double cosine(const WordWeights& a, const WordWeights& b) {
  double dot = 0;
  double norm_a = 0;
  double norm_b = 0;
  for (const auto& [word, weight] : a) norm_a += weight * weight;
  for (const auto& [word, weight] : b) norm_b += weight * weight;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i].first == b[j].first) {
      dot += a[i].second * b[j].second;
      ++i;
      ++j;
    } else if (a[i].first < b[j].first) {
      ++i;
    } else {
      ++j;
    }
  }
  if (norm_a == 0 || norm_b == 0) return 0;
  return std::min(1.0, dot / std::sqrt(norm_a * norm_b));
}

}  // namespace

double dice(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b) {
  if (a.empty() && b.empty()) return 0;
  // Branch-free merge: the comparisons are unpredictable, and this runs for
  // every candidate pair.
  std::size_t shared = 0;
  for (std::size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    auto x = a[i];
    auto y = b[j];
    shared += x == y;
    i += x <= y;
    j += y <= x;
  }
  return 2.0 * static_cast<double>(shared) / static_cast<double>(a.size() + b.size());
}

WordWeights weights_of(const Document& document, const WordRarity& rarity, double description_weight) {
  WordWeights weights;
  for (const auto& word : document.title_tokens) weights.emplace_back(word, rarity.idf(word));
  for (const auto& word : document.description_tokens) {
    weights.emplace_back(word, description_weight * rarity.idf(word));
  }
  std::sort(weights.begin(), weights.end());
  return weights;
}

DedupeSettings default_dedupe_settings() {
  DedupeSettings settings;
  settings.stop_words = {"a",     "an",    "the",   "and",    "or",     "of",      "to",
                         "in",    "on",    "for",   "with",   "by",     "at",      "from",
                         "as",    "is",    "are",   "be",     "it",     "its",     "we",
                         "our",   "us",    "they",  "their",  "please", "need",    "want",
                         "would", "like",  "can",   "could",  "should", "add",     "support",
                         "allow", "ability", "able", "option", "feature", "request", "via",
                         "using", "use",   "new",   "better", "more",   "have",    "get"};
  settings.synonyms = default_lexicon();
  return settings;
}

double size_aware_threshold(const DedupeSettings& settings, std::size_t requests) {
  if (settings.threshold_given) return settings.threshold;
  double tenfolds = std::log10(std::max<double>(1000, static_cast<double>(requests)) / 1000);
  return std::min(0.75, settings.threshold + 0.1 * tenfolds);
}

std::vector<std::string> basic_tokens(std::string_view text) {
  std::string folded = fold_case(text);
  std::vector<std::string> tokens;
  std::string word;
  for (std::size_t i = 0; i < folded.size(); ++i) {
    auto c = static_cast<unsigned char>(folded[i]);
    if (is_word_byte(c)) {
      word += folded[i];
      continue;
    }
    bool joiner = (c == '-' || c == '\'') && !word.empty() && i + 1 < folded.size() &&
                  is_word_byte(static_cast<unsigned char>(folded[i + 1]));
    if (joiner) continue;
    if (!word.empty()) tokens.push_back(stem(std::move(word)));
    word.clear();
  }
  if (!word.empty()) tokens.push_back(stem(std::move(word)));
  return tokens;
}

// Not thread-safe, as sb_stemmer is not: one Normalizer per thread.
struct Normalizer::Stemmer {
  sb_stemmer* stemmer = sb_stemmer_new("english", "UTF_8");
  std::unordered_map<std::string, std::string> stems;
  ~Stemmer() {
    if (stemmer) sb_stemmer_delete(stemmer);
  }
};

Normalizer::Normalizer(const DedupeSettings& settings)
    : m_stemmer(std::make_unique<Stemmer>()), m_learned_same(settings.learned_same) {
  if (!m_stemmer->stemmer) throw std::bad_alloc();
  for (const auto& [canonical, phrases] : settings.synonyms) {
    // One word, as written but folded ("Dark mode" as a key is "darkmode"),
    // which the key itself, written in a request, also stands for.
    std::string word;
    for (char c : fold_case(canonical)) {
      if (is_word_byte(static_cast<unsigned char>(c))) word += c;
    }
    if (word.empty()) continue;
    std::vector<std::string> own;
    for (auto& part : stemmed_words(canonical)) own.push_back(std::move(part.text));
    m_phrases.emplace_back(own, word);
    for (const auto& phrase : phrases) {
      std::vector<std::string> words;
      for (auto& part : stemmed_words(phrase)) words.push_back(std::move(part.text));
      if (words.empty()) continue;
      m_phrases.emplace_back(words, word);
      auto basic = basic_tokens(phrase);
      if (!basic.empty()) m_by_canonical[word].push_back(std::move(basic));
    }
  }
  std::stable_sort(m_phrases.begin(), m_phrases.end(),
                   [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  for (std::size_t p = 0; p < m_phrases.size(); ++p) {
    if (!m_phrases[p].first.empty()) m_phrases_by_first_word[m_phrases[p].first.front()].push_back(p);
  }
  for (const auto& stop : settings.stop_words) {
    for (auto& word : stemmed_words(stop)) m_stop_words.push_back(std::move(word.text));
    for (auto& word : basic_tokens(stop)) m_basic_stop_words.push_back(std::move(word));
  }
  std::sort(m_stop_words.begin(), m_stop_words.end());
  std::sort(m_basic_stop_words.begin(), m_basic_stop_words.end());
}

Normalizer::~Normalizer() = default;

std::string Normalizer::stemmed(const std::string& word) const {
  // Words with digits ("2fa", "i18n", "v2") are names, not English.
  if (std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) return word;
  // Requests repeat their words: each is stemmed once.
  auto known = m_stemmer->stems.find(word);
  if (known != m_stemmer->stems.end()) return known->second;
  const auto* stem = sb_stemmer_stem(m_stemmer->stemmer, reinterpret_cast<const sb_symbol*>(word.data()),
                                     static_cast<int>(word.size()));
  if (!stem) return word;
  std::string stemmed(reinterpret_cast<const char*>(stem),
                      static_cast<std::size_t>(sb_stemmer_length(m_stemmer->stemmer)));
  if (m_stemmer->stems.size() < 100'000) m_stemmer->stems.emplace(word, stemmed);
  return stemmed;
}

std::vector<Normalizer::Word> Normalizer::stemmed_words(std::string_view text) const {
  std::string folded = fold_case(text);
  std::vector<Word> words;
  std::string word;
  std::size_t compound = 0;
  std::size_t compounds = 0;
  bool in_compound = false;
  auto flush = [&] {
    if (!word.empty()) words.push_back({stemmed(word), in_compound ? compound : 0});
    word.clear();
  };
  for (std::size_t i = 0; i < folded.size(); ++i) {
    auto c = static_cast<unsigned char>(folded[i]);
    if (is_word_byte(c)) {
      word += folded[i];
      continue;
    }
    bool between_words = !word.empty() && i + 1 < folded.size() &&
                         is_word_byte(static_cast<unsigned char>(folded[i + 1]));
    if (c == '\'' && between_words) continue;  // "don't" is "dont"
    if (c == '-' && between_words) {
      if (!in_compound) compound = ++compounds;
      in_compound = true;
      flush();
      continue;
    }
    flush();
    in_compound = false;
  }
  flush();
  return words;
}

std::vector<std::string> Normalizer::tokens(std::string_view text) const {
  static const std::vector<std::size_t> no_phrases;
  auto words = stemmed_words(text);
  std::vector<std::string> out;
  std::size_t open_compound = 0;  // the hyphenated word whose parts `out` is joining
  for (std::size_t i = 0; i < words.size();) {
    bool replaced = false;
    auto starting_here = m_phrases_by_first_word.find(words[i].text);
    const auto& candidates = starting_here == m_phrases_by_first_word.end() ? no_phrases : starting_here->second;
    for (auto p : candidates) {
      const auto& [phrase, canonical] = m_phrases[p];
      if (i + phrase.size() <= words.size() &&
          std::equal(phrase.begin(), phrase.end(), words.begin() + static_cast<std::ptrdiff_t>(i),
                     [](const std::string& a, const Word& b) { return a == b.text; })) {
        out.push_back(canonical);
        i += phrase.size();
        replaced = true;
        open_compound = 0;
        break;
      }
    }
    if (replaced) continue;
    const auto& word = words[i];
    if (word.compound != 0 && word.compound == open_compound && !out.empty()) {
      out.back() = stemmed(out.back() + word.text);  // "e-mail" is "email"
    } else if (word.compound != 0) {
      out.push_back(word.text);
      open_compound = word.compound;
    } else {
      out.push_back(word.text);
      open_compound = 0;
    }
    ++i;
  }
  for (auto& word : out) {
    auto learned = m_learned_same.find(word);
    if (learned != m_learned_same.end()) word = learned->second;
  }
  out.erase(std::remove_if(out.begin(), out.end(),
                           [&](const std::string& word) {
                             return std::binary_search(m_stop_words.begin(), m_stop_words.end(), word);
                           }),
            out.end());
  return out;
}

std::vector<std::string> Normalizer::expansions(const std::vector<std::string>& tokens) const {
  std::vector<std::string> extra;
  for (const auto& token : tokens) {
    auto found = m_by_canonical.find(token);
    if (found == m_by_canonical.end()) continue;
    for (const auto& phrase : found->second) extra.insert(extra.end(), phrase.begin(), phrase.end());
  }
  return extra;
}

bool Normalizer::is_stop_word(const std::string& basic_word) const {
  return std::binary_search(m_basic_stop_words.begin(), m_basic_stop_words.end(), basic_word);
}

Document make_document(RequestId id, std::string_view title, std::string_view description,
                       const Normalizer& normalizer) {
  Document document;
  document.id = id;
  auto title_words = normalizer.tokens(title);
  document.trigrams = trigrams_of(title_words);
  document.title_tokens = distinct(title_words);
  for (auto& word : distinct(normalizer.tokens(description))) {
    if (!std::binary_search(document.title_tokens.begin(), document.title_tokens.end(), word)) {
      document.description_tokens.push_back(std::move(word));
    }
  }
  return document;
}

WordRarity::WordRarity(std::size_t documents, std::function<std::size_t(const std::string&)> frequency)
    : m_documents(static_cast<double>(std::max<std::size_t>(documents, 1))),
      m_frequency(std::move(frequency)) {}

double WordRarity::idf(const std::string& word) const {
  auto cached = m_cache.find(word);
  if (cached != m_cache.end()) return cached->second;
  double frequency = m_frequency ? static_cast<double>(m_frequency(word)) : 0.0;
  double weight = std::log(1 + m_documents / std::max(1.0, frequency));
  m_cache.emplace(word, weight);
  return weight;
}

std::optional<std::pair<std::string, std::string>> told_apart(const Document& a, const Document& b,
                                                              const DedupeSettings& settings) {
  if (settings.learned_different.empty()) return std::nullopt;
  auto only_in = [](const Document& one, const Document& other) {
    std::vector<std::string> words;
    std::set_difference(one.title_tokens.begin(), one.title_tokens.end(), other.title_tokens.begin(),
                        other.title_tokens.end(), std::back_inserter(words));
    return words;
  };
  for (const auto& x : only_in(a, b)) {
    for (const auto& y : only_in(b, a)) {
      auto pair = x < y ? std::pair(x, y) : std::pair(y, x);
      if (settings.learned_different.count(pair)) return std::pair(x, y);
    }
  }
  return std::nullopt;
}

double similarity(const Document& a, const Document& b, const WordRarity& rarity,
                  const DedupeSettings& settings) {
  double words = cosine(weights_of(a, rarity, settings.description_weight),
                        weights_of(b, rarity, settings.description_weight));
  double chars = dice(a.trigrams, b.trigrams);
  double score = (1 - settings.char_weight) * words + settings.char_weight * chars;
  return told_apart(a, b, settings) ? settings.told_apart_factor * score : score;
}

SimilarityExplanation explain_similarity(const Document& a, const Document& b, const WordRarity& rarity,
                                         const DedupeSettings& settings) {
  SimilarityExplanation explanation;
  std::map<std::string, SimilarityExplanation::Word> words;
  auto add = [&](const Document& document, bool is_a) {
    for (const auto& [word, weight] : weights_of(document, rarity, settings.description_weight)) {
      auto& entry = words[word];
      entry.word = word;
      bool in_title = std::binary_search(document.title_tokens.begin(), document.title_tokens.end(), word);
      (is_a ? entry.weight_a : entry.weight_b) = weight;
      (is_a ? entry.title_a : entry.title_b) = in_title;
    }
  };
  add(a, true);
  add(b, false);
  for (auto& [word, entry] : words) explanation.words.push_back(std::move(entry));
  auto shared = [](const SimilarityExplanation::Word& word) { return word.weight_a > 0 && word.weight_b > 0; };
  std::stable_sort(explanation.words.begin(), explanation.words.end(), [&](const auto& x, const auto& y) {
    if (shared(x) != shared(y)) return shared(x);
    return std::max(x.weight_a, x.weight_b) > std::max(y.weight_a, y.weight_b);
  });
  explanation.words_cosine = cosine(weights_of(a, rarity, settings.description_weight),
                                    weights_of(b, rarity, settings.description_weight));
  explanation.trigram_dice = dice(a.trigrams, b.trigrams);
  explanation.similarity = similarity(a, b, rarity, settings);
  return explanation;
}

WordRarity rarity_of(const std::vector<Document>& documents) {
  auto frequencies = std::make_shared<std::unordered_map<std::string, std::size_t>>();
  for (const auto& document : documents) {
    for (const auto& word : document.title_tokens) ++(*frequencies)[word];
    for (const auto& word : document.description_tokens) ++(*frequencies)[word];
  }
  return WordRarity(documents.size(), [frequencies](const std::string& word) {
    auto found = frequencies->find(word);
    return found == frequencies->end() ? std::size_t{0} : found->second;
  });
}

std::vector<DuplicateGroup> group_pairs(const std::vector<SimilarPair>& pairs,
                                        const std::function<double(RequestId, RequestId)>& similarity_of,
                                        double threshold) {
  std::vector<DuplicateGroup> groups;
  std::unordered_map<RequestId, std::size_t> group_of;
  auto join = [&](std::size_t index, RequestId id) {
    auto& group = groups[index];
    double score = similarity_of(group.center, id);
    if (score < threshold) return;
    group.members.push_back(id);
    group.similarity.push_back(score);
    group_of[id] = index;
  };
  for (const auto& pair : pairs) {
    auto in_a = group_of.find(pair.a);
    auto in_b = group_of.find(pair.b);
    if (in_a == group_of.end() && in_b == group_of.end()) {
      group_of[pair.a] = group_of[pair.b] = groups.size();
      groups.push_back({pair.a, {pair.a, pair.b}, {1.0, pair.similarity}});
    } else if (in_b == group_of.end()) {
      join(in_a->second, pair.b);
    } else if (in_a == group_of.end()) {
      join(in_b->second, pair.a);
    }
  }
  return groups;
}

}  // namespace reqtriage
