#include "import_columns.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <optional>
#include <set>

#include "reqtriage/error.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {

const std::vector<std::string>& header_aliases(const std::string& field) {
  // reqtriage's own names, then Salesforce, HubSpot, Pipedrive ("Deal - ...")
  // and Dynamics 365 export headers. A deal's name is not a feature's title:
  // it is left for a map to choose.
  static const std::map<std::string, std::vector<std::string>> aliases{
      {"title", {"title", "request", "feature request", "feature", "request title", "request_title", "feature name",
                 "requested feature", "product gap"}},
      {"description", {"description", "problem", "problem statement", "feature description"}},
      {"area", {"area", "product area", "product", "component"}},
      {"tags", {"tags", "tag", "labels"}},
      {"effort", {"effort", "estimate"}},
      {"account", {"account", "account name", "customer", "company", "company name", "associated company",
                   "organization", "deal - organization", "organization - name", "potential customer"}},
      {"value", {"value", "amount", "deal value", "deal size", "deal - value", "est. revenue", "estimated revenue",
                 "amount (converted)"}},
      {"currency", {"currency", "amount currency", "deal - currency", "opportunity currency"}},
      {"stage", {"stage", "deal stage", "deal - stage", "sales stage", "pipeline phase"}},
      {"close", {"close", "close date", "close_date", "expected close", "expected close date",
                 "deal - expected close date", "est. close date", "estimated close date"}},
      {"rep", {"rep", "by", "sales rep", "owner", "opportunity owner", "deal owner", "deal - owner", "account owner"}},
      {"source", {"source", "lead source", "deal source"}},
      {"note", {"note", "notes", "verbatim", "comment", "comments", "next step"}},
      {"id", {"id", "external id", "crm id", "opportunity id", "ask_id", "record id", "deal - id"}},
      {"deal", {"deal", "deal key", "deal id", "opportunity"}},
      {"importance", {"importance", "priority to customer", "customer priority"}},
  };
  static const std::vector<std::string> none;
  auto found = aliases.find(field);
  return found == aliases.end() ? none : found->second;
}

namespace {

// Columns of reqtriage's own exports that an import leaves out on purpose
// (figures it computes, ids it gives): exported asks import back as they are.
bool is_own_derived_column(const std::string& folded) {
  static const std::set<std::string> derived{"request_id", "request_status", "created_at", "updated_at", "rank",
                                             "status", "reason", "accounts", "asks", "needs_estimate", "score",
                                             "soonest_close", "workaround", "stage_kind", "deals"};
  if (derived.count(folded)) return true;
  for (const char* prefix : {"value_", "pipeline_", "arr_", "won_", "lost_"}) {
    if (folded.starts_with(prefix) && folded.size() == std::string_view(prefix).size() + 3) return true;
  }
  return false;
}

}  // namespace

std::string quoted_list(const std::vector<std::string>& names) {
  return fmt::format("\"{}\"", fmt::join(names, "\", \""));
}

// Where each field's column sits. With a map, the columns it names; without
// one, the columns whose headers name a field: any other column must be
// ignored by name (or all of them), or nothing is imported.
ColumnIndex locate_columns(const std::vector<std::string>& header, const std::string& source,
                           const ImportSettings& settings) {
  std::map<std::string, std::size_t> by_name;
  for (std::size_t i = 0; i < header.size(); ++i) by_name.emplace(fold_case(trim(header[i])), i);
  auto position_of = [&](const std::string& name) -> std::optional<std::size_t> {
    auto key = fold_case(trim(name));
    auto found = by_name.find(key);
    if (found == by_name.end()) return std::nullopt;
    for (std::size_t i = found->second + 1; i < header.size(); ++i) {
      if (fold_case(trim(header[i])) == key) {
        throw InputError(fmt::format("{}: columns {} and {} are both named \"{}\"; rename one so it is clear "
                                     "which to import",
                                     source, found->second + 1, i + 1, header[i]));
      }
    }
    return found->second;
  };
  ColumnIndex columns;
  if (const auto* map = settings.map) {
    for (const auto& [field, name] : map->columns) {
      auto found = position_of(name);
      if (!found) {
        throw InputError(fmt::format(
            "{}: the map '{}' takes {} from column \"{}\", which the header lacks; the header "
            "has {}",
            source, map->name, field, name, quoted_list(header)));
      }
      columns[field] = *found;
    }
    return columns;
  }
  for (const auto& field : import_fields()) {
    for (const auto& alias : header_aliases(field)) {
      if (auto found = position_of(alias)) {
        columns[field] = *found;
        break;
      }
    }
  }
  if (!columns.count("title")) {
    throw InputError(fmt::format(
        "{}: no column holds the title; name one \"title\", \"request\" or \"feature request\", "
        "or give --map with a map from the config (import --suggest-map NAME FILE writes one); the "
        "header has {}",
        source, quoted_list(header)));
  }
  std::vector<std::string> unknown;
  for (std::size_t i = 0; i < header.size(); ++i) {
    bool used = std::any_of(columns.begin(), columns.end(), [&](const auto& entry) { return entry.second == i; });
    bool ignored = std::any_of(settings.ignored_columns.begin(), settings.ignored_columns.end(),
                               [&](const std::string& name) { return fold_case(trim(name)) == fold_case(trim(header[i])); });
    bool own = is_own_derived_column(fold_case(trim(header[i])));
    if (!used && !ignored && !own && !trim(header[i]).empty()) unknown.push_back(header[i]);
  }
  if (!unknown.empty() && !settings.ignore_unknown_columns) {
    // A header of thousands of columns is named by its first few.
    constexpr std::size_t named = 20;
    auto count = unknown.size();
    if (count > named) {
      unknown.resize(named);
      unknown.push_back(fmt::format("and {} more", count - named));
    }
    throw InputError(fmt::format(
        "{}: {} column{} match{} no field: {}; nothing was imported. Map them with --map (import "
        "--suggest-map NAME FILE writes a map), or leave them out with --ignore-column NAME or "
        "--ignore-unknown-columns",
        source, count, count == 1 ? "" : "s", count == 1 ? "es" : "", quoted_list(unknown)));
  }
  return columns;
}

// "2027-01-15 00:00", "2027-01-15T00:00:00Z", "12/31/2026 09:30" as the date
// alone: a CRM's close date often carries a time of day.
std::string without_time(const std::string& text) {
  auto cut = text.find_first_of(" T");
  if (cut == std::string::npos || cut < 8) return text;
  auto time = std::string_view(text).substr(cut + 1);
  bool looks_like_time = time.size() >= 4 && std::isdigit(static_cast<unsigned char>(time[0])) &&
                         time.find(':') != std::string_view::npos &&
                         time.find_first_not_of("0123456789:.+-Z ") == std::string_view::npos;
  return looks_like_time ? text.substr(0, cut) : text;
}

bool looks_like_slash_date(const std::string& value, bool& day_first) {
  int first = 0, second = 0, year = 0;
  char a = 0, b = 0;
  if (std::sscanf(value.c_str(), "%d%c%d%c%d", &first, &a, &second, &b, &year) != 5) return false;
  if (a != b || (a != '/' && a != '.') || year < 1000) return false;
  if (first > 12) day_first = true;
  return true;
}

}  // namespace reqtriage
