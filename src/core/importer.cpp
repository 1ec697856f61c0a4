#include "reqtriage/importer.hpp"

#include "reqtriage/account_names.hpp"
#include "reqtriage/table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "import_columns.hpp"
#include "reqtriage/csv_reader.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {


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
    read_field("deal", ask.deal, parse_deal);
    read_field("importance", ask.importance, [](const std::string& text, auto at) {
      return text.empty() ? Importance::unset : parse_importance(fold_case(text), at);
    });
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
    // The apostrophe an export put before text a spreadsheet would run as a
    // formula comes off again, so exported rows import as they were.
    if (text.size() >= 2 && text[0] == '\'' && neutralized(text.substr(1)) != text.substr(1)) text.erase(0, 1);
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

// "unknown stage 'Qualification': expected one of ..." as the kind "unknown
// stage" and the value "Qualification".
std::pair<std::string, std::string> kind_and_value(const std::string& reason) {
  auto quote = reason.find('\'');
  auto close = quote == std::string::npos ? std::string::npos : reason.find('\'', quote + 1);
  if (close != std::string::npos) return {trim(reason.substr(0, quote)), reason.substr(quote + 1, close - quote - 1)};
  auto cut = std::min(reason.find(": "), reason.find("; "));
  return {reason.substr(0, cut), ""};
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
  // Each deal (account key and deal key) in this file: the first row that
  // names it, and what that row says of it. A deal has one amount, stage and
  // close date, so a file saying two is refused before anything is written.
  struct DealSays {
    std::size_t row;
    std::optional<Money> value;
    std::string stage;
    std::string close_date;
  };
  std::map<std::pair<std::string, std::string>, DealSays> deals;
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
    if (read && row_problems.empty()) check_deal(*read);
    if (!read || !row_problems.empty()) {
      ++invalid_rows;
      for (const auto& [field, reason] : row_problems) problem(row, field.empty() ? "" : header[columns.at(field)], reason);
      return;
    }
    rows->push_back(std::move(*read));
  }

  void check_deal(const ImportRow& row) {
    const auto& ask = row.ask;
    if (ask.deal.empty()) return;
    auto [slot, added] = deals.try_emplace({account_key(ask.account), ask.deal},
                                           DealSays{row.row, ask.value, ask.stage, ask.close_date});
    if (added) return;
    const auto& first = slot->second;
    auto differs = [&](const char* field, const std::string& there, const std::string& here) {
      row_problems.emplace_back(field, fmt::format("deal {} of {} is {} on row {} but {} here: a deal has one {}; "
                                                   "correct the file",
                                                   ask.deal, ask.account, there.empty() ? "unset" : there, first.row,
                                                   here.empty() ? "unset" : here, field));
    };
    if (first.value != ask.value) {
      differs("value", first.value ? format_money(*first.value) : "", ask.value ? format_money(*ask.value) : "");
    } else if (first.stage != ask.stage) {
      differs("stage", first.stage, ask.stage);
    } else if (first.close_date != ask.close_date) {
      differs("close", first.close_date, ask.close_date);
    }
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

bool read_batch(std::FILE* in, ImportReader& reader, std::vector<ImportRow>& batch, std::size_t want) {
  std::string piece;
  while (batch.size() < want) {
    if (!read_piece(in, piece)) {
      reader.finish(batch);
      return false;
    }
    reader.feed(piece, batch);
  }
  return true;
}

}  // namespace reqtriage
