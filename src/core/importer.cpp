#include "reqtriage/importer.hpp"

#include <fmt/format.h>

#include <map>
#include <optional>

#include "reqtriage/csv_reader.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

// Where each field's column sits in the file, if it has one.
using ColumnIndex = std::map<std::string, std::size_t>;

ColumnIndex locate_columns(const std::vector<std::string>& header, const std::string& source,
                           const ImportMap* map) {
  std::map<std::string, std::size_t> by_name;
  for (std::size_t i = 0; i < header.size(); ++i) by_name.emplace(fold_case(trim(header[i])), i);
  auto header_list = [&] {
    return fmt::format("\"{}\"", fmt::join(header, "\", \""));
  };
  ColumnIndex columns;
  if (map) {
    for (const auto& [field, name] : map->columns) {
      auto found = by_name.find(fold_case(trim(name)));
      if (found == by_name.end()) {
        throw InputError(fmt::format(
            "{}: the map '{}' takes {} from column \"{}\", which the header lacks; the header "
            "has {}",
            source, map->name, field, name, header_list()));
      }
      columns[field] = found->second;
    }
    return columns;
  }
  for (const auto& field : import_fields()) {
    for (const auto& alias : header_aliases(field)) {
      auto found = by_name.find(alias);
      if (found != by_name.end()) {
        columns[field] = found->second;
        break;
      }
    }
  }
  if (!columns.count("title")) {
    throw InputError(fmt::format(
        "{}: no column holds the title; name one \"title\", \"request\" or \"feature request\", "
        "or give --map with a map from the config; the header has {}",
        source, header_list()));
  }
  return columns;
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
  RowReader(const Config& config, const ImportMap* map, const ColumnIndex& columns,
            const std::vector<std::string>& header)
      : m_config(config), m_map(map), m_columns(columns), m_header(header) {}

  ImportRow read(std::size_t row, const std::vector<std::string>& fields) const {
    m_row = row;
    m_fields = &fields;
    ImportRow result;
    result.row = row;
    auto& request = result.request;
    auto& ask = result.ask;
    request.title = located("title", [&](auto at) { return parse_title(cell("title").value_or(""), at); });
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
      result.import_key = "id:" + located("id", [&](auto at) { return parse_name(*id, at); });
    } else {
      // Without a CRM id, a row is known by who asked for what, in whose words.
      result.import_key = "fp:" + fingerprint({result.title_key, fold_case(ask.account),
                                               ask.rep, ask.note});
    }
    return result;
  }

 private:
  const Config& m_config;
  const ImportMap* m_map;
  const ColumnIndex& m_columns;
  const std::vector<std::string>& m_header;
  mutable std::size_t m_row = 0;
  mutable const std::vector<std::string>* m_fields = nullptr;

  std::optional<std::string> cell(const std::string& field) const {
    auto found = m_columns.find(field);
    if (found == m_columns.end()) return std::nullopt;
    auto text = trim((*m_fields)[found->second]);
    if (text.empty()) return std::nullopt;
    return text;
  }

  std::string where(const std::string& field) const {
    return fmt::format("row {}, column \"{}\"", m_row, m_header[m_columns.at(field)]);
  }

  // Runs `parse` with an empty location and puts the row and column in front
  // of its message only if it fails: formatting them for every cell cost a
  // sixth of an import.
  template <typename Parse>
  auto located(const std::string& field, Parse&& parse) const -> decltype(parse(std::string_view())) {
    try {
      return parse(std::string_view());
    } catch (const InputError& error) {
      throw InputError(where(field) + error.what());
    }
  }

  // Parses the field's cell into `target` when the row has one.
  template <typename Target, typename Parse>
  void read_field(const std::string& field, Target& target, Parse&& parse) const {
    if (auto text = cell(field)) {
      target = located(field, [&](std::string_view at) { return parse(*text, at); });
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

  std::string read_date(const std::string& text, std::string_view at) const {
    auto order = m_map ? m_map->dates : DateOrder::iso;
    try {
      return parse_date(to_iso_date(text, order), at);
    } catch (const InputError&) {
      if (order == DateOrder::iso) throw;
      throw InputError(fmt::format("{}: invalid date '{}': expected {}", at, text,
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
  static const std::map<std::string, std::vector<std::string>> aliases{
      {"title", {"title", "request", "feature request", "feature", "request title", "request_title"}},
      {"description", {"description", "problem", "problem statement"}},
      {"area", {"area", "product area"}},
      {"tags", {"tags", "tag", "labels"}},
      {"effort", {"effort", "estimate"}},
      {"account", {"account", "account name", "customer", "company"}},
      {"value", {"value", "amount", "deal value", "deal size"}},
      {"currency", {"currency", "amount currency"}},
      {"stage", {"stage", "deal stage"}},
      {"close", {"close", "close date", "close_date", "expected close"}},
      {"rep", {"rep", "by", "sales rep", "owner", "opportunity owner"}},
      {"source", {"source"}},
      {"note", {"note", "notes", "verbatim", "comment"}},
      {"id", {"id", "external id", "crm id", "opportunity id", "ask_id"}},
  };
  static const std::vector<std::string> none;
  auto found = aliases.find(field);
  return found == aliases.end() ? none : found->second;
}

PreparedImport prepare_import(std::string_view text, const std::string& source,
                              const Config& config, const ImportMap* map, char delimiter) {
  if (delimiter == 0 && map) delimiter = map->delimiter;
  PreparedImport prepared;
  std::vector<std::string> header;
  ColumnIndex columns;
  std::optional<RowReader> reader;
  read_csv(text, source, delimiter, [&](std::size_t row, std::vector<std::string>& fields) {
    if (row == 1) {
      header = fields;
      columns = locate_columns(header, source, map);
      reader.emplace(config, map, columns, header);
      return;
    }
    ++prepared.data_rows;
    if (fields.size() != header.size()) {
      prepared.problems.push_back(
          {row, fmt::format("row {}: {} field{}, but the header has {}", row, fields.size(),
                            fields.size() == 1 ? "" : "s", header.size())});
      return;
    }
    try {
      prepared.rows.push_back(reader->read(row, fields));
    } catch (const InputError& error) {
      prepared.problems.push_back({row, error.what()});
    }
  });
  if (header.empty()) throw InputError(fmt::format("{}: the file is empty; expected a header row", source));
  return prepared;
}

}  // namespace reqtriage
