// find_similar_pairs: every pair at or above the threshold without scoring
// all pairs (prefix filtering, as in Bayardo et al.'s All-Pairs). Words are
// integer ids with precomputed weights and norms; an inverted index over
// each document's rarer words finds the candidates; bounds that never
// undercut the full score skip the rest; the requests are shared out among
// the cores.
#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>
#include <limits>
#include <memory>
#include <unordered_map>

#include "similarity_parts.hpp"

namespace reqtriage {
namespace {

using WordId = std::uint32_t;
using Index = std::uint32_t;  // a document's place in `documents`
using Weighted = std::vector<std::pair<WordId, double>>;  // sorted by word

// Rounding slack for comparisons of bounds against the threshold: a bound
// may only ever be too generous.
constexpr double slack = 1e-9;

// What the search reads of each document, side by side in memory: the
// inner loop touches thousands of documents per search.
struct Searched {
  double norm = 0;
  double unindexed_norm = 0;  ///< of the words left out of the index
  std::uint32_t begin = 0;    ///< its words: SearchIndex::words[begin, end)
  std::uint32_t end = 0;
  std::uint32_t trigrams = 0;  ///< how many
  /// The rank of its first indexed word: the words it left out rank lower.
  std::uint32_t cut_rank = 0;
};

struct SearchIndex {
  std::vector<Searched> documents;
  /// Every document's words, each document's most common first (one order
  /// for the whole store).
  std::vector<std::pair<WordId, double>> words;
  /// Word -> the documents that indexed it, with their weights, in document order.
  std::vector<std::vector<std::pair<Index, double>>> postings;
  /// What each document's words whose postings were dropped could add to a
  /// dot product at most.
  std::vector<double> capped;
  std::vector<std::uint32_t> rank;  ///< word -> its place in the order, most common first
  std::size_t vocabulary = 0;
};

// Every document's words as ids, then the index. All documents put their
// words in one order, most common first, and each leaves its first words
// out of the index while their norm stays under the cosine the threshold
// needs. A search probes the index with all its words, so a pair reaching
// that cosine is always found through a word its later document indexed:
// the words that document left out add at most |x| times their norm
// (Cauchy-Schwarz), which is less. Common words have the longest postings;
// leaving them out is where the time goes. The one order lets the search
// bound those words by its own words ranked below the cut (Searcher::score).
SearchIndex build_index(const std::vector<Document>& documents, const WordRarity& rarity,
                        const DedupeSettings& settings, double needed_cosine) {
  SearchIndex index;
  std::unordered_map<std::string, WordId> ids;
  index.documents.resize(documents.size());
  for (std::size_t i = 0; i < documents.size(); ++i) {
    auto& searched = index.documents[i];
    searched.begin = static_cast<std::uint32_t>(index.words.size());
    for (const auto& [word, weight] : weights_of(documents[i], rarity, settings.description_weight)) {
      if (weight <= 0) continue;  // adds nothing to any dot product
      auto id = ids.try_emplace(word, static_cast<WordId>(ids.size())).first->second;
      index.words.emplace_back(id, weight);
    }
    searched.end = static_cast<std::uint32_t>(index.words.size());
    searched.trigrams = static_cast<std::uint32_t>(documents[i].trigrams.size());
  }
  index.vocabulary = ids.size();
  std::vector<std::size_t> frequency(ids.size(), 0);
  std::vector<double> top_weight(ids.size(), 0.0);
  for (const auto& [word, weight] : index.words) {
    ++frequency[word];
    top_weight[word] = std::max(top_weight[word], weight);
  }
  std::vector<WordId> order(ids.size());
  for (WordId word = 0; word < ids.size(); ++word) order[word] = word;
  std::sort(order.begin(), order.end(), [&](WordId x, WordId y) {
    return frequency[x] != frequency[y] ? frequency[x] > frequency[y] : x < y;
  });
  index.rank.resize(ids.size());
  for (std::uint32_t place = 0; place < order.size(); ++place) index.rank[order[place]] = place;
  auto more_common = [&](const auto& x, const auto& y) { return index.rank[x.first] < index.rank[y.first]; };
  index.postings.resize(ids.size());
  for (Index i = 0; i < documents.size(); ++i) {
    auto& searched = index.documents[i];
    auto first = index.words.begin() + searched.begin;
    auto last = index.words.begin() + searched.end;
    std::sort(first, last, more_common);
    double squared = 0;
    for (auto it = first; it != last; ++it) squared += it->second * it->second;
    searched.norm = std::sqrt(squared);
    double limit = needed_cosine * searched.norm;
    double left_out = 0;  // squared norm
    auto cut = first;
    for (; cut != last && std::sqrt(left_out + cut->second * cut->second) < limit - slack; ++cut) {
      left_out += cut->second * cut->second;
    }
    searched.unindexed_norm = std::sqrt(left_out);
    searched.cut_rank = cut == last ? std::numeric_limits<std::uint32_t>::max() : index.rank[cut->first];
    for (; cut != last; ++cut) index.postings[cut->first].emplace_back(i, cut->second);
  }
  // Words indexed by very many requests say little and cost much: past this
  // many, a word finds no candidates (stores under 200,000 requests search
  // every word under 1,000 uses, and small stores in full). The one place
  // the search may miss a pair: one alike only through such words.
  const std::size_t posting_cap = std::max<std::size_t>(1000, documents.size() / 200);
  std::vector<bool> dropped(ids.size(), false);
  for (WordId word = 0; word < ids.size(); ++word) {
    if (index.postings[word].size() <= posting_cap) continue;
    index.postings[word] = {};
    dropped[word] = true;
  }
  index.capped.assign(documents.size(), 0.0);
  for (Index i = 0; i < documents.size(); ++i) {
    const auto& searched = index.documents[i];
    for (auto k = searched.begin; k < searched.end; ++k) {
      auto [word, weight] = index.words[k];
      if (dropped[word]) index.capped[i] += weight * top_weight[word];
    }
  }
  return index;
}

// The pairs of one document with the documents after it.
class Searcher {
 public:
  Searcher(const std::vector<Document>& documents, const SearchIndex& index, const DedupeSettings& settings,
           const std::function<bool(RequestId, RequestId)>& excluded)
      : m_documents(documents), m_index(index), m_settings(settings), m_excluded(excluded),
        m_dot(documents.size(), 0.0), m_seen(documents.size(), 0), m_probe(index.vocabulary, 0.0) {}

  void search(Index i) {
    ++m_stamp;
    m_touched.clear();
    const auto& searched = m_index.documents[i];
    m_ranks.clear();
    m_squares.assign(1, 0.0);
    for (auto k = searched.begin; k < searched.end; ++k) {
      auto [word, weight] = m_index.words[k];
      m_probe[word] = weight;
      m_ranks.push_back(m_index.rank[word]);
      m_squares.push_back(m_squares.back() + weight * weight);
    }
    for (auto k = searched.begin; k < searched.end; ++k) {
      auto [word, mine] = m_index.words[k];
      const auto& list = m_index.postings[word];
      // Lists are in document order: the pairs with a higher index start past i.
      auto first = std::upper_bound(list.begin(), list.end(), i,
                                    [](Index index, const auto& entry) { return index < entry.first; });
      for (auto it = first; it != list.end(); ++it) {
        auto j = it->first;
        if (m_seen[j] != m_stamp) {
          m_seen[j] = m_stamp;
          m_dot[j] = 0;
          m_touched.push_back(j);
        }
        m_dot[j] += mine * it->second;
      }
    }
    for (auto j : m_touched) score(i, j);
    for (auto k = searched.begin; k < searched.end; ++k) m_probe[m_index.words[k].first] = 0;
  }

  std::vector<SimilarPair> pairs;

 private:
  void score(Index i, Index j) {
    const auto& mine = m_index.documents[i];
    const auto& theirs = m_index.documents[j];
    double scale = mine.norm * theirs.norm;
    if (scale == 0) return;
    double most_dice = mine.trigrams + theirs.trigrams == 0 ? 0.0
                       : 2.0 * std::min(mine.trigrams, theirs.trigrams) / (mine.trigrams + theirs.trigrams);
    double words_weight = 1 - m_settings.char_weight;
    double threshold = m_settings.threshold - slack;
    auto reachable = [&](double cosine) {
      return words_weight * std::min(1.0, cosine) + m_settings.char_weight * most_dice >= threshold;
    };
    // The dot product summed every word the other document indexed (but
    // dropped postings). Its words left out of the index rank below its
    // cut, so they add at most my norm over my words ranked there times
    // their norm (Cauchy-Schwarz).
    auto below_cut = std::lower_bound(m_ranks.begin(), m_ranks.end(), theirs.cut_rank) - m_ranks.begin();
    double missing = std::sqrt(m_squares[static_cast<std::size_t>(below_cut)]) * theirs.unindexed_norm + m_index.capped[i];
    if (!reachable((m_dot[j] + missing) / scale)) return;
    double dot = 0;
    for (auto k = theirs.begin; k < theirs.end; ++k) dot += m_probe[m_index.words[k].first] * m_index.words[k].second;
    double cosine = std::min(1.0, dot / scale);
    if (!reachable(cosine)) return;
    double similarity = words_weight * cosine + m_settings.char_weight * dice(m_documents[i].trigrams, m_documents[j].trigrams);
    if (similarity < m_settings.threshold) return;
    // Learned differences only ever lower the score, so the bounds hold.
    if (told_apart(m_documents[i], m_documents[j], m_settings)) similarity *= m_settings.told_apart_factor;
    if (similarity < m_settings.threshold) return;
    auto low = std::min(m_documents[i].id, m_documents[j].id);
    auto high = std::max(m_documents[i].id, m_documents[j].id);
    if (m_excluded && m_excluded(low, high)) return;
    pairs.push_back({low, high, similarity});
  }

  const std::vector<Document>& m_documents;
  const SearchIndex& m_index;
  const DedupeSettings& m_settings;
  const std::function<bool(RequestId, RequestId)>& m_excluded;
  std::vector<double> m_dot;
  std::vector<std::uint32_t> m_seen;  ///< m_stamp when m_dot holds this search's sum
  std::uint32_t m_stamp = 0;
  std::vector<Index> m_touched;
  std::vector<double> m_probe;  ///< the searched document's weight of each word, else 0
  std::vector<std::uint32_t> m_ranks;  ///< the ranks of its words, ascending
  std::vector<double> m_squares;       ///< the squared norm of its first k words, for each k
};

// Work shared out among the cores: [0, total) in chunks, taken in turn
// by `workers` threads (this one included, which reports progress).
// `work(worker, begin, end)`; the first exception stops every worker and
// is thrown here.
void in_chunks(std::size_t total, unsigned workers,
               const std::function<void(unsigned worker, std::size_t begin, std::size_t end)>& work,
               const std::function<void(std::size_t done, std::size_t total)>& progress) {
  constexpr std::size_t chunk = 256;
  std::atomic<std::size_t> next{0};
  std::atomic<std::size_t> done{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  auto run = [&](unsigned worker) {
    try {
      for (std::size_t begin; (begin = next.fetch_add(chunk)) < total;) {
        auto end = std::min(total, begin + chunk);
        work(worker, begin, end);
        done += end - begin;
        if (worker == 0 && progress) progress(done.load(), total);
      }
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = total;  // the others stop too
    }
  };
  std::vector<std::thread> helpers;
  for (unsigned worker = 1; worker < workers; ++worker) helpers.emplace_back(run, worker);
  run(0);
  for (auto& helper : helpers) helper.join();
  if (failure) std::rethrow_exception(failure);
}

unsigned worker_count(std::size_t items) {
  if (items < 1000) return 1;  // not worth a thread
  return std::clamp<unsigned>(std::thread::hardware_concurrency(), 1, 8);
}

}  // namespace

std::vector<Document> make_documents(const std::vector<Request>& requests, const DedupeSettings& settings) {
  std::vector<Document> documents(requests.size());
  auto workers = worker_count(requests.size());
  // sb_stemmer is not thread-safe: a normalizer per thread.
  std::vector<std::unique_ptr<Normalizer>> normalizers;
  for (unsigned t = 0; t < workers; ++t) normalizers.push_back(std::make_unique<Normalizer>(settings));
  in_chunks(requests.size(), workers, [&](unsigned worker, std::size_t begin, std::size_t end) {
    for (auto i = begin; i < end; ++i) {
      documents[i] = make_document(requests[i].id, requests[i].title, requests[i].description, *normalizers[worker]);
    }
  }, nullptr);
  return documents;
}

std::vector<SimilarPair> find_similar_pairs(const std::vector<Document>& documents,
                                            const WordRarity& rarity,
                                            const DedupeSettings& settings,
                                            const std::function<bool(RequestId, RequestId)>& excluded,
                                            const std::function<void(std::size_t done, std::size_t total)>& progress) {
  // The word part is (1 - char_weight) x cosine and the trigram part at
  // most char_weight: a pair needs at least this cosine.
  const double needed_cosine =
      std::max(0.0, (settings.threshold - settings.char_weight) / (1 - settings.char_weight));
  const auto index = build_index(documents, rarity, settings, needed_cosine);

  auto workers = worker_count(documents.size());
  std::vector<Searcher> searchers;
  searchers.reserve(workers);
  for (unsigned t = 0; t < workers; ++t) searchers.emplace_back(documents, index, settings, excluded);
  in_chunks(documents.size(), workers, [&](unsigned worker, std::size_t begin, std::size_t end) {
    for (auto i = begin; i < end; ++i) searchers[worker].search(static_cast<Index>(i));
  }, progress);
  // Each searcher's pairs freed as soon as copied: a low threshold on a
  // large store finds millions.
  std::size_t found = 0;
  for (const auto& searcher : searchers) found += searcher.pairs.size();
  std::vector<SimilarPair> pairs;
  pairs.reserve(found);
  for (auto& searcher : searchers) {
    pairs.insert(pairs.end(), searcher.pairs.begin(), searcher.pairs.end());
    std::vector<SimilarPair>().swap(searcher.pairs);
  }
  std::sort(pairs.begin(), pairs.end(), [](const SimilarPair& x, const SimilarPair& y) {
    if (x.similarity != y.similarity) return x.similarity > y.similarity;
    return std::pair(x.a, x.b) < std::pair(y.a, y.b);
  });
  return pairs;
}

}  // namespace reqtriage
