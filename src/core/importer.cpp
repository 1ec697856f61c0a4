#include "reqtriage/importer.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "reqtriage/csv_reader.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

// Where each field's column sits in the file, if it has one.
using ColumnIndex = std::map<std::string, std::size_t>;

// Columns of reqtriage's own exports that an import leaves out on purpose
// (figures it computes, ids it gives): exported asks import back as they are.
bool is_own_derived_column(const std::string& folded) {
  static const std::set<std::string> derived{"request_id", "request_status", "created_at", "updated_at", "rank",
                                             "status", "reason", "accounts", "asks", "needs_estimate", "score",
                                             "soonest_close", "workaround"};
  if (derived.count(folded)) return true;
  for (const char* prefix : {"value_", "pipeline_", "arr_"}) {
    if (folded.starts_with(prefix) && folded.size() == std::string_view(prefix).size() + 3) return true;
  }
  return false;
}

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
    throw InputError(fmt::format(
        "{}: {} column{} match{} no field: {}; nothing was imported. Map them with --map (import "
        "--suggest-map NAME FILE writes a map), or leave them out with --ignore-column NAME or "
        "--ignore-unknown-columns",
        source, unknown.size(), unknown.size() == 1 ? "" : "s", unknown.size() == 1 ? "es" : "", quoted_list(unknown)));
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

// "12/31/2026" (us) or "31/12/2026", "31.12.2026" (eu) as "2026-12-31".
std::string to_iso_date(const std::string& text, DateOrder order) {
  if (order == DateOrder::iso) return text;
  auto separator = text.find_first_of("/.-");
  auto second = separator == std::string::npos ? std::string::npos
                                               : text.find_first_of("/.-", separator + 1);
  if (second == std::string::npos || text.size() - second - 1 != 4) return text;  // fails later
  auto first_part = text.substr(0, separator);
  auto second_part = text.substr(separator + 1, second - separator - 1);
  auto pad = [](const std::string& part) { return part.size() == 1 ? "0" + part : part; };
  auto month = pad(order == DateOrder::us ? first_part : second_part);
  auto day = pad(order == DateOrder::us ? second_part : first_part);
  return fmt::format("{}-{}-{}", text.substr(second + 1), month, day);
}

// "1.200,50" as "1,200.50": swaps the roles of '.' and ','.
std::string swap_decimal_marks(const std::string& text) {
  std::string out = text;
  for (auto& c : out) {
    if (c == '.') {
      c = ',';
    } else if (c == ',') {
      c = '.';
    }
  }
  return out;
}

// FNV-1a: a stable 64-bit fingerprint of a row's identity (not for security).
std::string fingerprint(const std::vector<std::string>& parts) {
  std::uint64_t hash = 14695981039346656037ULL;
  for (const auto& part : parts) {
    for (unsigned char c : part) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
    hash ^= 0x1f;  // a separator, so ("ab", "c") differs from ("a", "bc")
    hash *= 1099511628211ULL;
  }
  return fmt::format("{:016x}", hash);
}

class RowReader {
 public:
  RowReader(const Config& config, const ImportMap* map, const ColumnIndex& columns)
      : m_config(config), m_map(map), m_columns(columns) {}

  /// The row, or nothing when any of its cells is invalid: each invalid
  /// cell is one problem (field, message without location).
  std::optional<ImportRow> read(std::size_t row, const std::vector<std::string>& fields,
                                std::vector<std::pair<std::string, std::string>>& problems) const {
    m_row = row;
    m_fields = &fields;
    m_problems = &problems;
    ImportRow result;
    result.row = row;
    auto& request = result.request;
    auto& ask = result.ask;
    located("title", [&](auto at) {
      request.title = parse_title(cell("title").value_or(""), at);
      return 0;
    });
    result.title_key = normalize_title(request.title);
    read_field("description", request.description, parse_long_text);
    read_field("area", request.area, parse_tag);
    read_field("tags", request.tags, [this](const std::string& text, auto at) { return read_tags(text, at); });
    read_field("effort", request.effort, parse_effort);
    read_field("account", ask.account, parse_name);
    read_field("value", ask.value, [this](const std::string& text, auto at) { return read_value(text, at); });
    read_field("stage", ask.stage, [this](const std::string& text, auto at) { return read_stage(text, at); });
    read_field("close", ask.close_date, [this](const std::string& text, auto at) { return read_date(text, at); });
    read_field("rep", ask.rep, parse_name);
    read_field("source", ask.source, parse_name);
    read_field("note", ask.note, parse_long_text);
    if (auto id = cell("id")) {
      located("id", [&](auto at) {
        result.import_key = "id:" + parse_name(*id, at);
        return 0;
      });
    } else {
      // Without a CRM id, a row is known by who asked for what, in whose words.
      result.import_key = "fp:" + fingerprint({result.title_key, fold_case(ask.account),
                                               ask.rep, ask.note});
    }
    if (!problems.empty()) return std::nullopt;
    return result;
  }

 private:
  const Config& m_config;
  const ImportMap* m_map;
  const ColumnIndex& m_columns;
  mutable std::size_t m_row = 0;
  mutable const std::vector<std::string>* m_fields = nullptr;
  mutable std::vector<std::pair<std::string, std::string>>* m_problems = nullptr;

  std::optional<std::string> cell(const std::string& field) const {
    auto found = m_columns.find(field);
    if (found == m_columns.end()) return std::nullopt;
    auto text = trim((*m_fields)[found->second]);
    if (text.empty()) return std::nullopt;
    return text;
  }

  // Runs `parse` with an empty location; a failure is recorded as the
  // field's problem (the row and column are put in front only then:
  // formatting them for every cell cost a sixth of an import).
  template <typename Parse>
  void located(const std::string& field, Parse&& parse) const {
    try {
      parse(std::string_view());
    } catch (const InputError& error) {
      std::string_view reason = error.what();
      if (reason.starts_with(": ")) reason.remove_prefix(2);
      m_problems->emplace_back(field, std::string(reason));
    }
  }

  // Parses the field's cell into `target` when the row has one.
  template <typename Target, typename Parse>
  void read_field(const std::string& field, Target& target, Parse&& parse) const {
    if (auto text = cell(field)) {
      located(field, [&](std::string_view at) {
        target = parse(*text, at);
        return 0;
      });
    }
  }

  std::vector<std::string> read_tags(const std::string& text, std::string_view at) const {
    std::vector<std::string> tags;
    std::size_t start = 0;
    while (start <= text.size()) {
      auto end = text.find_first_of(",;", start);
      if (end == std::string::npos) end = text.size();
      auto piece = trim(text.substr(start, end - start));
      if (!piece.empty()) tags.push_back(parse_tag(piece, at));
      start = end + 1;
    }
    return tags;
  }

  Money read_value(const std::string& text, std::string_view at) const {
    auto typed = m_map && m_map->decimal_comma ? swap_decimal_marks(text) : text;
    return m_config.money(parse_amount(typed, at), cell("currency").value_or(""), at);
  }

  std::string read_date(const std::string& with_time, std::string_view at) const {
    auto order = m_map ? m_map->dates : DateOrder::iso;
    auto text = without_time(with_time);
    try {
      return parse_date(to_iso_date(text, order), at);
    } catch (const InputError&) {
      if (order == DateOrder::iso) throw;
      throw InputError(fmt::format("{}: invalid date '{}': expected {}", at, with_time,
                                   order == DateOrder::us ? "MM/DD/YYYY, such as 12/31/2026"
                                                          : "DD/MM/YYYY or DD.MM.YYYY, such as 31.12.2026"));
    }
  }

  std::string read_stage(const std::string& text, std::string_view at) const {
    if (m_map) {
      auto mapped = m_map->stages.find(fold_case(text));
      if (mapped != m_map->stages.end()) return mapped->second;
    }
    return m_config.stage(text, at);
  }
};

}  // namespace

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
  };
  static const std::vector<std::string> none;
  auto found = aliases.find(field);
  return found == aliases.end() ? none : found->second;
}

namespace {

// "unknown stage 'Qualification': expected one of ..." as the kind "unknown
// stage" and the value "Qualification".
std::pair<std::string, std::string> kind_and_value(const std::string& reason) {
  auto quote = reason.find('\'');
  auto close = quote == std::string::npos ? std::string::npos : reason.find('\'', quote + 1);
  if (close != std::string::npos) return {trim(reason.substr(0, quote)), reason.substr(quote + 1, close - quote - 1)};
  auto cut = std::min(reason.find(": "), reason.find("; "));
  return {reason.substr(0, cut), ""};
}

bool looks_like_slash_date(const std::string& value, bool& day_first) {
  int first = 0, second = 0, year = 0;
  char a = 0, b = 0;
  if (std::sscanf(value.c_str(), "%d%c%d%c%d", &first, &a, &second, &b, &year) != 5) return false;
  if (a != b || (a != '/' && a != '.') || year < 1000) return false;
  if (first > 12) day_first = true;
  return true;
}

}  // namespace

struct ImportReader::State {
  std::string source;
  const Config& config;
  ImportSettings settings;
  std::vector<std::string> header;
  ColumnIndex columns;
  std::optional<RowReader> reader;
  std::optional<CsvStream> csv;
  std::vector<ImportRow>* rows = nullptr;  // where complete rows go
  std::size_t data_rows = 0;
  std::size_t invalid_rows = 0;
  std::vector<std::string> first_problems;
  std::map<std::string, ProblemKind> kinds;
  // Each import key seen in this file (by a 64-bit hash: a million keys in
  // 40 MB, not 100): the first row, and how many rows had it.
  std::unordered_map<std::uint64_t, std::pair<std::size_t, std::size_t>> keys;
  std::vector<std::pair<std::string, std::string>> row_problems;

  State(std::string source_name, const Config& config_in, ImportSettings settings_in)
      : source(std::move(source_name)), config(config_in), settings(std::move(settings_in)) {}

  void problem(std::size_t row, const std::string& column, const std::string& reason) {
    auto message = column.empty() ? fmt::format("row {}: {}", row, reason)
                                  : fmt::format("row {}, column \"{}\": {}", row, column, reason);
    if (first_problems.size() < shown_problems) first_problems.push_back(message);
    auto [kind, value] = kind_and_value(reason);
    auto key = column.empty() ? kind : fmt::format("column \"{}\": {}", column, kind);
    auto& entry = kinds[key];
    if (entry.count++ == 0) {
      entry.kind = key;
      entry.first_row = row;
    }
    if (!value.empty() && entry.examples.size() < 3 &&
        std::find(entry.examples.begin(), entry.examples.end(), value) == entry.examples.end()) {
      entry.examples.push_back(value);
    }
  }

  void on_record(std::size_t row, std::vector<std::string>& fields) {
    if (row == 1) {
      header = fields;
      columns = locate_columns(header, source, settings);
      reader.emplace(config, settings.map, columns);
      return;
    }
    ++data_rows;
    if (fields.size() != header.size()) {
      ++invalid_rows;
      problem(row, "", fmt::format("{} field{}, but the header has {}", fields.size(), fields.size() == 1 ? "" : "s",
                                   header.size()));
      return;
    }
    row_problems.clear();
    auto read = reader->read(row, fields, row_problems);
    if (read) check_key(*read);
    if (!read || !row_problems.empty()) {
      ++invalid_rows;
      for (const auto& [field, reason] : row_problems) problem(row, field.empty() ? "" : header[columns.at(field)], reason);
      return;
    }
    rows->push_back(std::move(*read));
  }

  // Rows of one file are never merged silently: a fingerprint seen before in
  // this file gets the occurrence number, so both rows are kept (and a second
  // import of the same file still adds nothing); a CRM id seen before is an
  // error naming both rows.
  void check_key(ImportRow& row) {
    auto [slot, added] = keys.try_emplace(std::hash<std::string>{}(row.import_key), row.row, 0);
    auto& [first_row, count] = slot->second;
    ++count;
    if (added) return;
    if (row.import_key.starts_with("id:")) {
      row_problems.emplace_back("id", fmt::format("the id '{}' is also on row {}: an id names one ask, so one of "
                                                  "the two would be lost",
                                                  row.import_key.substr(3), first_row));
      return;
    }
    row.import_key += fmt::format("#{}", count);
  }
};

ImportReader::ImportReader(std::string source, const Config& config, ImportSettings settings)
    : m_state(std::make_unique<State>(std::move(source), config, std::move(settings))) {
  auto delimiter = m_state->settings.delimiter;
  if (delimiter == 0 && m_state->settings.map) delimiter = m_state->settings.map->delimiter;
  m_state->csv.emplace(m_state->source, delimiter,
                       [state = m_state.get()](std::size_t row, std::vector<std::string>& fields) {
                         state->on_record(row, fields);
                       });
}

ImportReader::~ImportReader() = default;

void ImportReader::feed(std::string_view piece, std::vector<ImportRow>& rows) {
  m_state->rows = &rows;
  m_state->csv->feed(piece);
}

void ImportReader::finish(std::vector<ImportRow>& rows) {
  m_state->rows = &rows;
  m_state->csv->finish();
  if (m_state->header.empty()) {
    throw InputError(fmt::format("{}: the file is empty; expected a header row", m_state->source));
  }
}

std::vector<std::pair<std::string, std::string>> ImportReader::mapping() const {
  std::vector<std::pair<std::string, std::string>> pairs;
  for (std::size_t i = 0; i < m_state->header.size(); ++i) {
    std::string field;
    for (const auto& [name, position] : m_state->columns) {
      if (position == i) field = name;
    }
    pairs.emplace_back(m_state->header[i], field);
  }
  return pairs;
}

std::size_t ImportReader::data_rows() const { return m_state->data_rows; }
std::size_t ImportReader::invalid_rows() const { return m_state->invalid_rows; }
const std::vector<std::string>& ImportReader::first_problems() const { return m_state->first_problems; }

std::vector<ProblemKind> ImportReader::problem_kinds() const {
  std::vector<ProblemKind> kinds;
  bool mapped = m_state->settings.map != nullptr;
  for (auto [key, kind] : m_state->kinds) {
    bool day_first = false;
    bool slash_dates = !kind.examples.empty();
    for (const auto& value : kind.examples) slash_dates = slash_dates && looks_like_slash_date(value, day_first);
    if (key.ends_with("invalid date") && slash_dates) {
      kind.hint = fmt::format("dates look like {}: {}dates = \"{}\"", day_first ? "D/M/YYYY" : "M/D/YYYY",
                              mapped ? "add to the map " : "give --map with a map that says ", day_first ? "eu" : "us");
    } else if (key.ends_with("unknown stage")) {
      kind.hint = "map the CRM's stages in [import.maps.NAME.stages] (import --suggest-map NAME FILE writes one)";
    } else if (key.ends_with("invalid amount") && !kind.examples.empty() &&
               kind.examples.front().find(',') != std::string::npos) {
      kind.hint = "amounts with a decimal comma (1.200,50) need decimal = \"comma\" in the map";
    }
    kinds.push_back(std::move(kind));
  }
  std::stable_sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) { return a.count > b.count; });
  return kinds;
}

std::string suggest_import_map(std::FILE* in, const std::string& source, const std::string& name,
                               const Config& config, char delimiter) {
  std::vector<std::string> header;
  std::vector<std::set<std::string>> values;  // a few distinct values per column
  std::set<std::string> stages;               // every distinct value of the stage column
  std::optional<std::size_t> stage_column;
  CsvStream csv(source, delimiter, [&](std::size_t row, std::vector<std::string>& fields) {
    if (row == 1) {
      header = fields;
      values.resize(header.size());
      for (std::size_t i = 0; i < header.size(); ++i) {
        for (const auto& alias : header_aliases("stage")) {
          if (fold_case(trim(header[i])) == alias) stage_column = i;
        }
      }
      return;
    }
    for (std::size_t i = 0; i < fields.size() && i < values.size(); ++i) {
      auto value = trim(fields[i]);
      if (value.empty()) continue;
      if (stage_column == i && stages.size() < 200) stages.insert(value);
      if (values[i].size() < 50) values[i].insert(value);
    }
  });
  std::array<char, 1 << 16> piece{};
  for (std::size_t got; (got = std::fread(piece.data(), 1, piece.size(), in)) > 0;) {
    csv.feed(std::string_view(piece.data(), got));
  }
  csv.finish();
  if (header.empty()) throw InputError(fmt::format("{}: the file is empty; expected a header row", source));

  std::string out = fmt::format("# Suggested by reqtriage import --suggest-map from {}; check it, then add it\n"
                                "# to the config (reqtriage.toml(5)).\n[import.maps.{}]\n", source, name);
  std::vector<std::string> unmapped;
  std::set<std::string> taken;
  std::optional<std::size_t> close_column, value_column;
  for (std::size_t i = 0; i < header.size(); ++i) {
    auto folded = fold_case(trim(header[i]));
    std::string field;
    for (const auto& candidate : import_fields()) {
      const auto& aliases = header_aliases(candidate);
      if (!taken.count(candidate) && std::find(aliases.begin(), aliases.end(), folded) != aliases.end()) field = candidate;
    }
    if (field.empty()) {
      unmapped.push_back(header[i]);
      continue;
    }
    taken.insert(field);
    if (field == "close") close_column = i;
    if (field == "value") value_column = i;
    out += fmt::format("{} = \"{}\"\n", field, header[i]);
  }
  if (!taken.count("title")) out += "# title = \"...\"  # no column looks like the feature's title: name the one that holds it\n";
  if (!unmapped.empty()) {
    out += fmt::format("# Not imported (map one with FIELD = \"Header\"): {}\n", quoted_list(unmapped));
  }
  if (close_column) {
    bool day_first = false;
    bool slash = false;
    for (const auto& value : values[*close_column]) slash = looks_like_slash_date(without_time(value), day_first) || slash;
    if (slash) out += fmt::format("dates = \"{}\"\n", day_first ? "eu" : "us");
  }
  if (value_column) {
    bool comma = std::any_of(values[*value_column].begin(), values[*value_column].end(), [](const std::string& v) {
      auto c = v.rfind(',');
      return c != std::string::npos && v.size() - c - 1 != 3 && v.size() - c - 1 <= 2;
    });
    if (comma) out += "decimal = \"comma\"\n";
  }
  if (csv.delimiter() != ',') out += fmt::format("delimiter = \"{}\"\n", csv.delimiter() == '\t' ? "tab" : ";");
  std::vector<std::string> unknown;
  for (const auto& stage : stages) {
    try {
      config.stage(stage, "");
    } catch (const InputError&) {
      unknown.push_back(stage);
    }
  }
  if (!unknown.empty()) {
    std::vector<std::string> names;
    for (const auto& stage : config.stages) names.push_back(stage.name);
    out += fmt::format("\n[import.maps.{}.stages]\n# Each CRM stage as one of: {}\n", name, fmt::join(names, ", "));
    for (const auto& stage : unknown) {
      auto folded = fold_case(stage);
      // A guess to check: won and lost by name, else the first open stage.
      auto open_stage = std::find_if(names.begin(), names.end(), [](const std::string& known) {
        return known.find("won") == std::string::npos && known.find("lost") == std::string::npos;
      });
      std::string guess = open_stage != names.end() ? *open_stage : names.empty() ? "" : names.front();
      for (const auto& known : names) {
        if (folded.find("won") != std::string::npos && known.find("won") != std::string::npos) guess = known;
        if (folded.find("lost") != std::string::npos && known.find("lost") != std::string::npos) guess = known;
      }
      out += fmt::format("\"{}\" = \"{}\"\n", stage, guess);
    }
  }
  return out;
}

bool read_batch(std::FILE* in, ImportReader& reader, std::vector<ImportRow>& batch, std::size_t want) {
  std::array<char, 1 << 16> piece{};
  while (batch.size() < want) {
    auto got = std::fread(piece.data(), 1, piece.size(), in);
    if (got > 0) reader.feed(std::string_view(piece.data(), got), batch);
    if (got < piece.size()) {
      if (std::ferror(in)) throw Error(ExitCode::failure, fmt::format("cannot read the input: {}", std::strerror(errno)));
      reader.finish(batch);
      return false;
    }
  }
  return true;
}

}  // namespace reqtriage
