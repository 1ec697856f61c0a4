#pragma once
/// Duplicate detection: text normalization, a similarity in [0, 1] that
/// weighs shared words by their rarity and forgives typos through character
/// trigrams, candidate generation through an inverted index (not all
/// pairs), and grouping that does not chain unrelated requests together.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "reqtriage/domain.hpp"

namespace reqtriage {

struct DedupeSettings {
  double threshold = 0.5;        ///< pairs at or above are candidates, when threshold_given
  /// Whether the config set `threshold`; else it grows with the store
  /// (size_aware_threshold).
  bool threshold_given = false;
  double auto_threshold = 0.85;  ///< `dedupe --auto` merges groups at or above
  double char_weight = 0.3;      ///< share of character trigrams in the similarity
  double description_weight = 0.25;  ///< description words count this much of title words
  std::vector<std::string> stop_words;
  /// Canonical word -> phrases that mean it ("sso" -> "single sign on").
  std::map<std::string, std::vector<std::string>> synonyms;
  /// Learned from the PM's decisions (see learning.hpp), in normalized
  /// form: a word -> the word it stands for, taught by merges...
  std::map<std::string, std::string> learned_same = {};
  /// ...and pairs of words (first < second) that tell two requests apart,
  /// taught by not-duplicate judgements: two requests whose titles differ
  /// by such a pair score `told_apart_factor` times as alike.
  std::set<std::pair<std::string, std::string>> learned_different = {};
  double told_apart_factor = 0.5;
};

DedupeSettings default_dedupe_settings();

/// The threshold for a store of `requests` compared requests: the config's,
/// or 0.5 up to 1,000 requests, 0.1 more for each tenfold more, at most 0.75.
/// In larger stores more unrelated pairs share words by chance, so the same
/// score means less (tuned: bench/dedupe_quality; best thresholds measured
/// 0.5 at 1,000, 0.6 at 10,000 and 0.7 at 40,000 requests).
double size_aware_threshold(const DedupeSettings& settings, std::size_t requests);

/// The shipped lexicon of B2B request vocabulary (SSO/SAML, 2FA/MFA/two-factor,
/// RBAC, dark/night mode, EU/residency, rate limits, allow-lists, ...):
/// canonical word -> phrases. default_dedupe_settings' synonyms.
const std::map<std::string, std::vector<std::string>>& default_lexicon();

/// Words as the title index stores them: case-folded (Unicode), hyphens and
/// apostrophes inside words dropped ("e-mail" is "email"), split on
/// everything else that is not a letter or digit, lightly stemmed. Stable
/// across versions: stored stores index titles by it.
std::vector<std::string> basic_tokens(std::string_view text);

/// Words as similarity compares them: case-folded, split on everything that
/// is not a letter or digit (hyphens too, so "two-factor" is "two factor"),
/// stemmed by Snowball's English stemmer ("compilation" is "compil", as is
/// "compile"); synonym phrases replaced by their canonical word; the parts of
/// a hyphenated word no phrase took joined again ("e-mail" is "email"); stop
/// words removed.
class Normalizer {
 public:
  explicit Normalizer(const DedupeSettings& settings);
  ~Normalizer();
  Normalizer(const Normalizer&) = delete;
  Normalizer& operator=(const Normalizer&) = delete;
  std::vector<std::string> tokens(std::string_view text) const;
  /// The phrase words (as basic_tokens gives them) a text's canonical words
  /// stand for: to find candidates in the title index either way.
  std::vector<std::string> expansions(const std::vector<std::string>& tokens) const;
  /// Whether a word (as basic_tokens gives it) is a stop word.
  bool is_stop_word(const std::string& basic_word) const;

 private:
  struct Word {
    std::string text;
    std::size_t compound = 0;  ///< the hyphenated word it came from (0: none)
  };
  std::vector<Word> stemmed_words(std::string_view text) const;
  std::string stemmed(const std::string& word) const;

  struct Stemmer;
  std::unique_ptr<Stemmer> m_stemmer;
  std::vector<std::pair<std::vector<std::string>, std::string>> m_phrases;  ///< longest first
  std::unordered_map<std::string, std::vector<std::size_t>> m_phrases_by_first_word;  ///< longest first
  std::map<std::string, std::vector<std::vector<std::string>>> m_by_canonical;  ///< basic_tokens forms
  std::vector<std::string> m_stop_words;  ///< stemmed, sorted
  std::vector<std::string> m_basic_stop_words;  ///< basic_tokens forms, sorted
  std::map<std::string, std::string> m_learned_same;
};

/// A request as similarity compares it.
struct Document {
  RequestId id = 0;
  std::vector<std::string> title_tokens;        ///< distinct
  std::vector<std::string> description_tokens;  ///< distinct, not in the title
  std::vector<std::uint32_t> trigrams;          ///< sorted, distinct
};

Document make_document(RequestId id, std::string_view title, std::string_view description,
                       const Normalizer& normalizer);

/// The documents of many requests, made on every core.
std::vector<Document> make_documents(const std::vector<Request>& requests, const DedupeSettings& settings);

/// Rarity of words across the store: idf(w) = log(1 + N / df(w)).
class WordRarity {
 public:
  WordRarity() = default;
  WordRarity(std::size_t documents, std::function<std::size_t(const std::string&)> frequency);
  double idf(const std::string& word) const;

 private:
  double m_documents = 1;
  std::function<std::size_t(const std::string&)> m_frequency;
  mutable std::unordered_map<std::string, double> m_cache;
};

/// Similarity in [0, 1]: (1 - char_weight) x cosine of rarity-weighted words
/// (description words scaled by description_weight) + char_weight x Dice of
/// title character trigrams; times told_apart_factor when told_apart.
/// Symmetric; identical texts give 1.
double similarity(const Document& a, const Document& b, const WordRarity& rarity,
                  const DedupeSettings& settings);

/// The learned pair of words that tells the two titles apart: a word only
/// `a`'s title has and a word only `b`'s has, judged to differ; none if
/// no such pair.
std::optional<std::pair<std::string, std::string>> told_apart(const Document& a, const Document& b,
                                                              const DedupeSettings& settings);

/// Why two documents are as alike as they are, for `dedupe --explain`.
struct SimilarityExplanation {
  struct Word {
    std::string word;
    double weight_a = 0;  ///< 0: not in a
    double weight_b = 0;
    bool title_a = false;  ///< in a's title (else its description)
    bool title_b = false;
  };
  std::vector<Word> words;  ///< every word of either, shared ones first, by weight
  double words_cosine = 0;
  double trigram_dice = 0;
  double similarity = 0;
};
SimilarityExplanation explain_similarity(const Document& a, const Document& b, const WordRarity& rarity,
                                         const DedupeSettings& settings);

struct SimilarPair {
  RequestId a = 0;  ///< a < b
  RequestId b = 0;
  double similarity = 0;
};

/// Every pair at or above the threshold, found through an inverted index
/// over words (and synonym expansions), highest similarity first; pairs for
/// which `excluded(a, b)` holds are left out.
std::vector<SimilarPair> find_similar_pairs(const std::vector<Document>& documents,
                                            const WordRarity& rarity,
                                            const DedupeSettings& settings,
                                            const std::function<bool(RequestId, RequestId)>& excluded,
                                            const std::function<void(std::size_t done, std::size_t total)>& progress = nullptr);

/// A candidate duplicate group: every member is at least the threshold
/// similar to the center, so groups never chain A~B~C when A and C differ.
struct DuplicateGroup {
  RequestId center = 0;
  std::vector<RequestId> members;       ///< the center first
  std::vector<double> similarity;       ///< of each member to the center (1 for it)
};

std::vector<DuplicateGroup> group_pairs(const std::vector<SimilarPair>& pairs,
                                        const std::function<double(RequestId, RequestId)>& similarity_of,
                                        double threshold);

/// The rarity table of a set of documents.
WordRarity rarity_of(const std::vector<Document>& documents);

}  // namespace reqtriage
