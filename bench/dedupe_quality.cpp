// Duplicate detection quality and the data for its speed benchmark.
//
//   dedupe_quality quality [LABELLED.tsv]   pairwise precision, recall and F1 at
//                                           the default threshold on generated
//                                           requests with known duplicates, and
//                                           on the hand-labelled set
//   dedupe_quality sweep [LABELLED.tsv]     the same at thresholds from 0.3 to 0.7
//   dedupe_quality csv N                    N generated requests as an import CSV
//   dedupe_quality gold REQUESTS.csv GOLD.csv [THRESHOLD ...]
//                                           the same on ../shared/data/gen_requests.py
//                                           output (title and description) and its gold
//                                           duplicate pairs (row,dup_of; rows from 1)
#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "reqtriage/csv_reader.hpp"
#include "reqtriage/similarity.hpp"

using namespace reqtriage;

namespace {

struct Labelled {
  std::string title;
  std::size_t cluster;
  std::string description = {};
};

const std::vector<std::string> actions{"Export", "Import", "Sync", "Bulk edit", "Archive", "Search",
                                       "Schedule", "Share", "Filter", "Tag", "Approve", "Duplicate"};
const std::vector<std::string> objects{
    "invoices",    "audit logs", "user accounts",  "projects",  "dashboards", "contracts",
    "tickets",     "reports",    "purchase orders", "timesheets", "leads",     "expenses",
    "inventory",   "campaigns",  "shipments",      "surveys",   "calendars", "documents",
    "payroll",     "assets",     "vendors",        "budgets",   "forecasts", "quotes"};
const std::vector<std::string> qualifiers{
    "to CSV",          "with Salesforce", "in the admin console", "on mobile",     "via the API",
    "by email",        "with SSO",        "for EU customers",     "in bulk",       "with two factor auth",
    "from Excel",      "to Slack",        "per team",             "with Jira",     "to PDF",
    "in real time",    "with webhooks",   "by region",            "for auditors",  "offline"};
const std::vector<std::string> fillers{"Please add", "Customer wants", "Need to", "Can we",
                                       "Requested:", "Big deal:", "ASAP"};
const std::map<std::string, std::string> rewordings{
    {"with SSO", "with single sign-on"},   {"with two factor auth", "with 2FA"},
    {"to CSV", "as comma separated file"}, {"via the API", "through the REST API"},
    {"Bulk edit", "Bulk-edit"},            {"Export", "Exporting"}};

std::string typo(std::string text, std::mt19937& random) {
  for (int attempt = 0; attempt < 10; ++attempt) {
    std::size_t at = random() % (text.size() - 1);
    if (std::isalpha(static_cast<unsigned char>(text[at])) && std::isalpha(static_cast<unsigned char>(text[at + 1]))) {
      std::swap(text[at], text[at + 1]);
      return text;
    }
  }
  return text;
}

std::string shuffle_order(const std::string& action, const std::string& object, const std::string& qualifier) {
  return fmt::format("{} {} {}", object, qualifier, action);  // "invoices to CSV export"
}

// One variant of a base request, the way another sales rep would say it.
std::string variant(const std::string& action, const std::string& object, const std::string& qualifier,
                    std::mt19937& random) {
  std::string a = action;
  std::string q = qualifier;
  switch (random() % 6) {
    case 0: return typo(fmt::format("{} {} {}", a, object, q), random);
    case 1:
      if (rewordings.count(q)) q = rewordings.at(q);
      if (rewordings.count(a)) a = rewordings.at(a);
      return fmt::format("{} {} {}", a, object, q);
    case 2: return shuffle_order(a, object, q);
    case 3: return fmt::format("{} {} {} {}", fillers[random() % fillers.size()], a, object, q);
    case 4: return fmt::format("{} {} {} please", a, object, q);
    default: return fmt::format("{} {} {}", a, object, q);
  }
}

// A made-up product noun ("kolvat"): distinct needs differ in their nouns.
std::string noun(std::mt19937& random) {
  static const std::string consonants = "bcdfghklmnprstvz";
  static const std::string vowels = "aeiou";
  std::string word;
  for (int syllable = 0; syllable < 2 + static_cast<int>(random() % 2); ++syllable) {
    word += consonants[random() % consonants.size()];
    word += vowels[random() % vowels.size()];
  }
  return word + consonants[random() % consonants.size()];
}

std::vector<Labelled> generate(std::size_t count, std::mt19937& random) {
  std::vector<Labelled> requests;
  std::size_t cluster = 0;
  while (requests.size() < count) {
    const auto& action = actions[random() % actions.size()];
    auto object = fmt::format("{} {}", objects[random() % objects.size()], noun(random));
    const auto& qualifier = qualifiers[random() % qualifiers.size()];
    std::size_t copies = 1 + random() % 4;  // some needs are asked once, some up to four times
    for (std::size_t i = 0; i < copies && requests.size() < count; ++i) {
      auto title = i == 0 ? fmt::format("{} {} {}", action, object, qualifier)
                          : variant(action, object, qualifier, random);
      requests.push_back({title, cluster});
    }
    ++cluster;
  }
  return requests;
}

std::vector<Labelled> read_labelled(const std::string& path) {
  std::ifstream file(path);
  std::vector<Labelled> requests;
  std::map<std::string, std::size_t> clusters;
  std::string line;
  while (std::getline(file, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto tab = line.find('\t');
    auto group = line.substr(0, tab);
    auto id = clusters.emplace(group, clusters.size()).first->second;
    requests.push_back({line.substr(tab + 1), id});
  }
  return requests;
}

// Pairwise precision, recall and F1 of the pairs found at `threshold`.
void report(const std::string& name, const std::vector<Labelled>& requests, double threshold) {
  auto settings = default_dedupe_settings();
  settings.threshold = threshold;
  Normalizer normalizer(settings);
  std::vector<Document> documents;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    documents.push_back(
        make_document(static_cast<RequestId>(i + 1), requests[i].title, requests[i].description, normalizer));
  }
  auto rarity = rarity_of(documents);
  auto pairs = find_similar_pairs(documents, rarity, settings, nullptr);
  std::size_t true_pairs = 0;
  std::map<std::size_t, std::size_t> sizes;
  for (const auto& request : requests) ++sizes[request.cluster];
  for (const auto& [cluster, size] : sizes) true_pairs += size * (size - 1) / 2;
  std::size_t hits = 0;
  for (const auto& pair : pairs) {
    if (requests[pair.a - 1].cluster == requests[pair.b - 1].cluster) ++hits;
  }
  double precision = pairs.empty() ? 1 : static_cast<double>(hits) / static_cast<double>(pairs.size());
  double recall = true_pairs == 0 ? 1 : static_cast<double>(hits) / static_cast<double>(true_pairs);
  double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
  fmt::print("{}: {} requests, {} true pairs, {} found at threshold {:.2f}: precision {:.3f}, recall {:.3f}, F1 {:.3f}\n",
             name, requests.size(), true_pairs, pairs.size(), threshold, precision, recall, f1);
}

// gen_requests.py output: each row a request; the gold file's pairs join
// rows into clusters.
std::vector<Labelled> read_generated(const std::string& requests_path, const std::string& gold_path) {
  auto slurp = [](const std::string& path) {
    std::ifstream file(path);
    std::stringstream text;
    text << file.rdbuf();
    return text.str();
  };
  std::vector<Labelled> requests;
  std::size_t title_at = 0;
  std::size_t description_at = 0;
  read_csv(slurp(requests_path), requests_path, ',', [&](std::size_t row, std::vector<std::string>& fields) {
    if (row == 1) {
      for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i] == "title") title_at = i;
        if (fields[i] == "description") description_at = i;
      }
      return;
    }
    requests.push_back({fields.at(title_at), requests.size(), fields.at(description_at)});
  });
  std::vector<std::size_t> parent(requests.size());
  for (std::size_t i = 0; i < parent.size(); ++i) parent[i] = i;
  std::function<std::size_t(std::size_t)> root = [&](std::size_t i) {
    return parent[i] == i ? i : parent[i] = root(parent[i]);
  };
  read_csv(slurp(gold_path), gold_path, ',', [&](std::size_t row, std::vector<std::string>& fields) {
    if (row == 1) return;
    auto a = std::stoul(fields.at(0)) - 1;
    auto b = std::stoul(fields.at(1)) - 1;
    parent[root(a)] = root(b);
  });
  for (std::size_t i = 0; i < requests.size(); ++i) requests[i].cluster = root(i);
  return requests;
}

}  // namespace

int main(int argc, char** argv) {
  std::string mode = argc > 1 ? argv[1] : "quality";
  std::mt19937 random(20261127);
  if (mode == "csv" && argc > 2) {
    auto count = static_cast<std::size_t>(std::stoul(argv[2]));
    fmt::print("title,account,value\n");
    for (const auto& request : generate(count, random)) {
      fmt::print("\"{}\",Account {},{}\n", request.title, random() % 2000, 1000 + random() % 100000);
    }
    return 0;
  }
  if (mode == "quality" || mode == "sweep") {
    auto generated = generate(5000, random);
    auto labelled = argc > 2 ? read_labelled(argv[2]) : std::vector<Labelled>{};
    if (mode == "quality") {
      // Each at the default threshold for its size.
      auto defaults = default_dedupe_settings();
      report("generated", generated, size_aware_threshold(defaults, generated.size()));
      if (!labelled.empty()) report("hand-labelled", labelled, size_aware_threshold(defaults, labelled.size()));
      return 0;
    }
    for (double threshold : {0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7}) {
      report("generated", generated, threshold);
      if (!labelled.empty()) report("hand-labelled", labelled, threshold);
    }
    return 0;
  }
  if (mode == "gold" && argc > 3) {
    auto requests = read_generated(argv[2], argv[3]);
    std::vector<double> thresholds{size_aware_threshold(default_dedupe_settings(), requests.size())};
    if (argc > 4) thresholds.clear();
    for (int i = 4; i < argc; ++i) thresholds.push_back(std::stod(argv[i]));
    for (double threshold : thresholds) report("gen_requests.py", requests, threshold);
    return 0;
  }
  std::cerr << "usage: dedupe_quality quality [LABELLED.tsv] | sweep [LABELLED.tsv] | csv N | gold REQUESTS.csv GOLD.csv [T ...]\n";
  return 2;
}
