#include "reqtriage/table.hpp"

#include <csv.h>
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "reqtriage/error.hpp"
#include "reqtriage/html.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

constexpr std::size_t column_gap = 2;
constexpr std::size_t min_shrunk_width = 12;

const char* status_color(std::string_view status) {
  static const std::map<std::string_view, const char*> colors{
      {"new", "\033[36m"},     {"triaged", "\033[34m"},  {"planned", "\033[35m"},
      {"in-progress", "\033[33m"}, {"shipped", "\033[32m"}, {"declined", "\033[31m"},
      {"merged", "\033[2m"}};
  auto found = colors.find(status);
  return found == colors.end() ? nullptr : found->second;
}

// A table cell shows on one line, and nothing in it acts on the terminal.
std::string one_line(std::string_view text) {
  std::string out(text);
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\n' || c == '\t'; }, ' ');
  return escape_for_terminal(out);
}

std::vector<std::size_t> fit_widths(const Table& table, std::size_t terminal_width) {
  std::vector<std::size_t> widths;
  for (const auto& column : table.columns) widths.push_back(display_width(column.name));
  for (const auto& row : table.rows) {
    for (std::size_t i = 0; i < row.size() && i < widths.size(); ++i) {
      widths[i] = std::max(widths[i], display_width(one_line(row[i])));
    }
  }
  if (terminal_width == 0) return widths;
  auto total = [&] {
    std::size_t sum = widths.empty() ? 0 : column_gap * (widths.size() - 1);
    for (auto w : widths) sum += w;
    return sum;
  };
  // Shrink the widest shrinkable column one step at a time until the table fits.
  while (total() > terminal_width) {
    std::size_t widest = widths.size();
    for (std::size_t i = 0; i < widths.size(); ++i) {
      if (table.columns[i].shrinkable && widths[i] > min_shrunk_width &&
          (widest == widths.size() || widths[i] > widths[widest])) {
        widest = i;
      }
    }
    if (widest == widths.size()) break;
    widths[widest] -= std::min(widths[widest] - min_shrunk_width, total() - terminal_width);
  }
  return widths;
}

void write_aligned(std::FILE* out, const Table& table, const TableStyle& style) {
  auto widths = fit_widths(table, style.width);
  auto write_row = [&](const std::vector<std::string>& cells, bool header) {
    std::string line;
    for (std::size_t i = 0; i < widths.size(); ++i) {
      std::string cell = i < cells.size() ? truncate_to_width(one_line(cells[i]), widths[i]) : "";
      bool last = i + 1 == widths.size();
      std::size_t pad = widths[i] - display_width(cell);
      const char* color = nullptr;
      if (style.color && header) color = "\033[1m";
      if (style.color && !header && static_cast<int>(i) == table.status_column) {
        color = status_color(cell);
      }
      std::string shown = color ? fmt::format("{}{}\033[0m", color, cell) : cell;
      if (table.columns[i].kind == Kind::number) {
        line += std::string(pad, ' ') + shown;
      } else {
        line += shown;
        if (!last) line += std::string(pad, ' ');
      }
      if (!last) line += std::string(column_gap, ' ');
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    fmt::print(out, "{}\n", line);
  };
  std::vector<std::string> header;
  for (const auto& column : table.columns) header.push_back(column.name);
  write_row(header, true);
  for (const auto& row : table.rows) write_row(row, false);
}

// The cells as written to a file for spreadsheets: typed by kind, text
// neutralised if asked.
std::vector<std::string> spreadsheet_cells(const Table& table, const std::vector<std::string>& row,
                                           const TableStyle& style) {
  std::vector<std::string> cells = row;
  for (std::size_t i = 0; i < cells.size() && i < table.columns.size(); ++i) {
    auto kind = table.columns[i].kind;
    if (kind == Kind::text || kind == Kind::link) {
      if (style.neutralize) cells[i] = neutralized(cells[i]);
    } else {
      cells[i] = spreadsheet_value(cells[i], kind);
    }
  }
  return cells;
}

void write_csv_row(std::FILE* out, const std::vector<std::string>& cells, const TableStyle& style) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) std::fputc(style.delimiter, out);
    csv_fwrite(out, cells[i].data(), cells[i].size());
  }
  std::fputs(style.excel ? "\r\n" : "\n", out);
}

Json row_object(const Table& table, const std::vector<std::string>& row) {
  Json object = Json::object();
  std::string currency;
  for (std::size_t i = 0; i < table.columns.size() && i < row.size(); ++i) {
    const auto& column = table.columns[i];
    const auto& cell = row[i];
    auto& field = object[column.json_name.empty() ? column.name : column.json_name];
    if (!column.currency.empty()) currency = column.currency;
    if (column.list_separator) {
      field = cell.empty() ? Json::array() : Json(split_list(cell, column.list_separator));
    } else if (cell.empty()) {
      field = nullptr;
    } else if (column.kind == Kind::boolean) {
      field = cell == "true";
    } else if (column.kind == Kind::number) {
      double number = std::strtod(cell.c_str(), nullptr);  // never throws, as stod did on a denormal
      bool whole = number == std::floor(number) && std::fabs(number) < 1e15;
      if (whole) {
        field = static_cast<std::int64_t>(number);
      } else {
        field = number;
      }
    } else {
      field = cell;
    }
  }
  if (!currency.empty() && !object.contains("currency")) object["currency"] = currency;
  return object;
}

// A TSV field: as it is, or quoted as in CSV when it holds what would end
// it (a tab, a line break) or a double quote, which import reads back.
std::string tsv_field(std::string_view text) {
  if (text.find_first_of("\t\n\r\"") == std::string_view::npos) return std::string(text);
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

void write_tsv_row(std::FILE* out, const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += '\t';
    line += tsv_field(cells[i]);
  }
  fmt::print(out, "{}\n", line);
}

}  // namespace

namespace {

bool starts_formula(std::string_view cell) {
  if (cell.empty()) return false;
  char first = cell.front();
  return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r';
}

}  // namespace

std::string neutralized(const std::string& cell) {
  // A typed apostrophe before a formula gets one more, since import takes
  // one off: "'=1+1" goes out as "''=1+1" and comes back as typed.
  bool quoted_formula = cell.size() >= 2 && cell.front() == '\'' && starts_formula(std::string_view(cell).substr(1));
  return starts_formula(cell) || quoted_formula ? "'" + cell : cell;
}

std::string spreadsheet_value(std::string_view cell, Kind kind) {
  if (kind == Kind::boolean) return cell.empty() ? "" : cell == "true" ? "TRUE" : "FALSE";
  if (kind == Kind::timestamp && cell.size() == 20 && cell[10] == 'T' && cell[19] == 'Z') {
    return fmt::format("{} {}", cell.substr(0, 10), cell.substr(11, 8));
  }
  return std::string(cell);
}

namespace {

// "www." at `at`, in any case: where GitHub's Markdown starts a link.
bool www_at(std::string_view text, std::size_t at) {
  if (at + 4 > text.size()) return false;
  for (std::size_t i = 0; i < 3; ++i) {
    if ((text[at + i] | 0x20) != 'w') return false;
  }
  return text[at + 3] == '.';
}

}  // namespace

std::string markdown_text(std::string_view text) {
  auto shown = escape_for_terminal(text, true);
  if (shown.find_first_of("|\\`*_[]~<>&\n\r/@.") == std::string::npos) return shown;
  std::string out;
  out.reserve(shown.size() + 16);
  for (std::size_t i = 0; i < shown.size(); ++i) {
    char c = shown[i];
    // Text never becomes a live link: renderers that link bare URLs
    // ("https://...", "www.", "name@host") see them broken by escapes.
    if ((c == '/' && i > 0 && (shown[i - 1] == ':' || shown[i - 1] == '/')) || c == '@' ||
        (c == '.' && i >= 3 && www_at(shown, i - 3))) {
      out += '\\';
      out += c;
      continue;
    }
    switch (c) {
      case '|': case '\\': case '`': case '*': case '_': case '[': case ']': case '~':
        out += '\\';
        out += c;
        break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '\n': out += "<br>"; break;
      case '\r': break;
      default: out += c;
    }
  }
  return out;
}

Format parse_format(std::string_view text) {
  for (auto format : {Format::table, Format::csv, Format::tsv, Format::json, Format::jsonl, Format::md, Format::html,
                      Format::svg}) {
    if (to_string(format) == text) return format;
  }
  throw UsageError(fmt::format(
      "--format: unknown format '{}': expected table, csv, tsv, json, jsonl, md, html or svg (export: also xlsx)",
      text));
}

std::string_view to_string(Format format) {
  switch (format) {
    case Format::table: return "table";
    case Format::csv: return "csv";
    case Format::tsv: return "tsv";
    case Format::json: return "json";
    case Format::jsonl: return "jsonl";
    case Format::md: return "md";
    case Format::html: return "html";
    case Format::svg: return "svg";
  }
  return "table";
}

std::vector<std::size_t> column_positions(const std::vector<Column>& columns,
                                          const std::vector<std::string>& names) {
  std::vector<std::size_t> picked;
  for (const auto& name : names) {
    auto found = std::find_if(columns.begin(), columns.end(),
                              [&](const Column& column) { return column.name == name; });
    if (found == columns.end()) {
      std::vector<std::string> valid;
      for (const auto& column : columns) valid.push_back(column.name);
      throw UsageError(fmt::format("--columns: no column '{}'; the columns are {}", name,
                                   fmt::join(valid, ",")));
    }
    picked.push_back(static_cast<std::size_t>(found - columns.begin()));
  }
  return picked;
}

void Table::select(const std::vector<std::string>& names) {
  auto picked = column_positions(columns, names);
  std::vector<Column> kept;
  for (auto i : picked) kept.push_back(columns[i]);
  for (auto& row : rows) {
    std::vector<std::string> cells;
    for (auto i : picked) cells.push_back(i < row.size() ? row[i] : "");
    row = std::move(cells);
  }
  int status = status_column;
  status_column = -1;
  for (std::size_t i = 0; i < picked.size(); ++i) {
    if (static_cast<int>(picked[i]) == status) status_column = static_cast<int>(i);
  }
  columns = std::move(kept);
}

TableWriter::TableWriter(std::FILE* out, std::vector<Column> columns, Format format, TableStyle style,
                         int status_column)
    : m_out(out), m_format(format), m_style(style) {
  if (format == Format::svg) throw UsageError("--format svg: only score --matrix draws a chart");
  m_table.columns = std::move(columns);
  m_table.status_column = status_column;
  if (is_json(format)) m_json = std::make_unique<JsonArrayWriter>(out, format);
  std::vector<std::string> header;
  for (const auto& column : m_table.columns) header.push_back(column.name);
  switch (m_format) {
    case Format::csv:
      if (m_style.excel) std::fputs("\xEF\xBB\xBF", m_out);
      write_csv_row(m_out, header, m_style);
      break;
    case Format::tsv:
      write_tsv_row(m_out, header);
      break;
    case Format::md: {
      std::string names = "|";
      std::string rule = "|";
      for (const auto& column : m_table.columns) {
        names += " " + column.name + " |";
        rule += column.kind == Kind::number ? " ---: |" : " --- |";
      }
      fmt::print(m_out, "{}\n{}\n", names, rule);
      break;
    }
    default:
      break;
  }
}

TableWriter::~TableWriter() = default;

void TableWriter::row(const std::vector<std::string>& cells) {
  switch (m_format) {
    case Format::csv:
      write_csv_row(m_out, spreadsheet_cells(m_table, cells, m_style), m_style);
      break;
    case Format::tsv:
      write_tsv_row(m_out, spreadsheet_cells(m_table, cells, m_style));
      break;
    case Format::json:
    case Format::jsonl:
      m_json->add(row_object(m_table, cells));
      break;
    case Format::md: {
      std::string line = "|";
      for (const auto& cell : cells) line += " " + markdown_text(cell) + " |";
      fmt::print(m_out, "{}\n", line);
      break;
    }
    case Format::table:
    case Format::html:
    case Format::svg:
      m_table.rows.push_back(cells);
      break;
  }
}

void TableWriter::finish() {
  if (m_json) m_json->finish();
  if (m_format == Format::table) write_aligned(m_out, m_table, m_style);
  if (m_format == Format::html) fmt::print(m_out, "{}", html_page("reqtriage", html_table(m_table)));
}

void write_table(std::FILE* out, const Table& table, Format format, const TableStyle& style) {
  TableWriter writer(out, table.columns, format, style, table.status_column);
  for (const auto& row : table.rows) writer.row(row);
  writer.finish();
}

Column money_column(const std::string& name, const std::string& currency) {
  return {name + "_" + currency, Kind::number, false, name, 0, currency};
}

}  // namespace reqtriage
