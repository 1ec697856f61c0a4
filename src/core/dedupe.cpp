#include "reqtriage/dedupe.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "reqtriage/error.hpp"
#include "reqtriage/learning.hpp"

namespace reqtriage {

RequestId DuplicateScan::survivor(const DuplicateGroup& group,
                                  const std::function<int(RequestId)>& asks_of) const {
  RequestId best = 0;
  for (auto id : group.members) {
    if (is_decided(request(id).status)) return id;  // a group holds at most one
    if (best == 0 || asks_of(id) > asks_of(best) || (asks_of(id) == asks_of(best) && id < best)) best = id;
  }
  return best;
}

std::vector<DuplicateGroup> DuplicateScan::merge_plan(const std::function<int(RequestId)>& asks_of) const {
  // Union-find over the requests in groups, then over survivors that pair.
  std::map<RequestId, RequestId> parent;
  std::function<RequestId(RequestId)> root = [&](RequestId id) {
    auto& up = parent.at(id);
    if (up != id) up = root(up);
    return up;
  };
  for (const auto& group : groups) {
    for (auto id : group.members) parent.emplace(id, id);
    for (auto id : group.members) parent[root(id)] = root(group.center);
  }
  auto sets = [&] {
    std::map<RequestId, DuplicateGroup> by_root;
    for (const auto& [id, up] : parent) by_root[root(id)].members.push_back(id);
    return by_root;
  };
  auto decided_in = [&](const DuplicateGroup& set) {
    return std::count_if(set.members.begin(), set.members.end(),
                         [&](RequestId id) { return is_decided(request(id).status); });
  };
  // Pass after pass: a set joined in this pass has a new survivor, so it
  // waits for the next pass.
  for (bool joined = true; joined;) {
    joined = false;
    auto current = sets();
    std::map<RequestId, RequestId> survivor_of;  // root -> survivor
    for (const auto& [top, set] : current) survivor_of[top] = survivor(set, asks_of);
    std::set<RequestId> joined_roots;
    for (const auto& pair : pairs) {
      if (!parent.count(pair.a) || !parent.count(pair.b)) continue;
      auto ra = root(pair.a);
      auto rb = root(pair.b);
      if (ra == rb || joined_roots.count(ra) || joined_roots.count(rb)) continue;
      if (survivor_of[ra] != pair.a || survivor_of[rb] != pair.b) continue;
      if (decided_in(current[ra]) + decided_in(current[rb]) > 1) continue;
      parent[rb] = ra;
      joined_roots.insert({ra, rb});
      joined = true;
    }
  }
  std::map<std::pair<RequestId, RequestId>, double> similarity_of;
  for (const auto& pair : pairs) similarity_of[{pair.a, pair.b}] = pair.similarity;
  std::vector<DuplicateGroup> plan;
  for (auto& [top, set] : sets()) {
    DuplicateGroup group;
    group.center = survivor(set, asks_of);
    group.members.push_back(group.center);
    for (auto id : set.members) {
      if (id != group.center) group.members.push_back(id);
    }
    for (auto id : group.members) {
      double best = id == group.center ? 1.0 : 0.0;
      for (auto other : group.members) {
        if (other == id) continue;
        auto found = similarity_of.find({std::min(id, other), std::max(id, other)});
        if (found != similarity_of.end()) best = std::max(best, found->second);
      }
      group.similarity.push_back(best);
    }
    plan.push_back(std::move(group));
  }
  return plan;
}

const Request& DuplicateScan::request(RequestId id) const {
  auto found = std::lower_bound(requests.begin(), requests.end(), id,
                                [](const Request& r, RequestId wanted) { return r.id < wanted; });
  return *found;
}

namespace {

// Declined and shipped requests are candidates too, as merge targets: a
// new wording of a declined request finds its twin and its answer.
RequestFilter compared_requests() {
  RequestFilter candidates;
  candidates.statuses = {Status::new_, Status::triaged, Status::planned, Status::in_progress, Status::declined,
                         Status::shipped};
  return candidates;
}

// The config's settings with what the PM's merges and not-duplicate
// judgements teach (see learning.hpp).
DedupeSettings taught_settings(Store& store, const Config& config) {
  auto settings = config.dedupe;
  auto decisions = store.decision_titles();
  learn_from_decisions(settings, decisions.merges, decisions.not_duplicates);
  return settings;
}

}  // namespace

PairExplanation explain_pair(Store& store, const Config& config, RequestId a, RequestId b) {
  if (a == b) throw InputError(fmt::format("--explain: #{} is the same request twice", a));
  auto first_request = store.get_request(a);
  auto second_request = store.get_request(b);
  for (const auto* request : {&first_request, &second_request}) {
    if (request->status == Status::merged) {
      throw InputError(fmt::format("--explain: #{} is merged into #{}; compare that one", request->id,
                                   request->merged_into.value_or(0)));
    }
  }
  const Document* first = nullptr;
  const Document* second = nullptr;
  auto requests = store.list_requests(compared_requests());
  auto settings = taught_settings(store, config);
  auto documents = make_documents(requests, settings);
  auto rarity = rarity_of(documents);
  for (const auto& document : documents) {
    if (document.id == a) first = &document;
    if (document.id == b) second = &document;
  }
  PairExplanation explanation;
  explanation.threshold = size_aware_threshold(settings, requests.size());
  explanation.similarity = explain_similarity(*first, *second, rarity, settings);
  explanation.learned = learned_about(settings, first_request.title, second_request.title);
  for (const auto& pair : store.not_duplicates()) {
    if (pair == std::pair(std::min(a, b), std::max(a, b))) explanation.judged_not_duplicates = true;
  }
  explanation.both_decided = is_decided(first_request.status) && is_decided(second_request.status);
  return explanation;
}

DuplicateScan scan_for_duplicates(Store& store, const Config& config, double threshold, bool with_groups,
                                  const std::function<void(std::size_t done, std::size_t total)>& progress) {
  DuplicateScan scan;
  scan.requests = store.list_requests(compared_requests());
  auto settings = taught_settings(store, config);
  settings.threshold = threshold;
  auto documents = make_documents(scan.requests, settings);
  std::unordered_map<RequestId, std::size_t> index;
  for (std::size_t i = 0; i < documents.size(); ++i) index[documents[i].id] = i;
  auto rarity = rarity_of(documents);
  std::set<std::pair<RequestId, RequestId>> judged;
  for (const auto& pair : store.not_duplicates()) judged.insert(pair);
  // Two decided requests are two answers already given: never paired.
  auto both_decided = [&](RequestId a, RequestId b) {
    return is_decided(scan.request(a).status) && is_decided(scan.request(b).status);
  };
  scan.pairs = find_similar_pairs(documents, rarity, settings, [&](RequestId a, RequestId b) {
    return judged.count({a, b}) > 0 || both_decided(a, b);
  }, progress);
  if (!with_groups) return scan;
  scan.groups = group_pairs(
      scan.pairs,
      [&](RequestId a, RequestId b) {
        if (judged.count({std::min(a, b), std::max(a, b)}) || both_decided(a, b)) return 0.0;
        return similarity(documents[index.at(a)], documents[index.at(b)], rarity, settings);
      },
      threshold);
  return scan;
}

std::vector<LookAlike> look_alikes(Store& store, const Config& config, const std::string& title,
                                        std::size_t limit) {
  auto settings = taught_settings(store, config);
  Normalizer normalizer(settings);
  auto normalized = normalizer.tokens(title);
  // Stored title words are basic tokens: ask for those and for the phrases
  // the title's canonical words stand for ("2FA" finds "two-factor").
  std::set<std::string> words;
  for (auto& word : basic_tokens(title)) words.insert(word);
  for (auto& word : normalizer.expansions(normalized)) words.insert(word);

  auto documents_total = store.count_requests();
  WordRarity rarity(documents_total, [&](const std::string& word) { return store.title_word_frequency(word); });
  // The open requests sharing the most rarity-weighted words that mean something.
  // Words in thousands of titles find nothing the rarer ones would not, at
  // great cost; they are left out unless there is nothing else.
  constexpr std::size_t common = 2000;
  std::vector<std::pair<std::string, double>> probes;
  std::vector<std::pair<std::string, double>> common_words;
  for (const auto& word : words) {
    if (normalizer.is_stop_word(word)) continue;
    auto frequency = store.title_word_frequency(word);
    if (frequency == 0) continue;
    (frequency > common ? common_words : probes).emplace_back(word, rarity.idf(word));
  }
  if (probes.empty()) probes = common_words;
  constexpr std::size_t candidates = 50;
  auto mine = make_document(0, title, "", normalizer);
  auto threshold = size_aware_threshold(settings, documents_total);
  std::vector<LookAlike> found;
  for (auto& request : store.requests_sharing_title_words(probes, candidates)) {
    auto theirs = make_document(request.id, request.title, "", normalizer);
    double score = similarity(mine, theirs, rarity, settings);
    if (score >= threshold) found.push_back({std::move(request), score});
  }
  std::sort(found.begin(), found.end(), [](const LookAlike& a, const LookAlike& b) {
    return a.similarity != b.similarity ? a.similarity > b.similarity : a.request.id < b.request.id;
  });
  if (found.size() > limit) found.resize(limit);
  return found;
}

}  // namespace reqtriage
