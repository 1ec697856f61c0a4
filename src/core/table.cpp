#include "reqtriage/table.hpp"

#include <csv.h>
#include <fmt/format.h>

#include <algorithm>
#include <map>

#include "reqtriage/error.hpp"
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

// A table cell shows on one line.
std::string one_line(std::string_view text) {
  std::string out(text);
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; },
                  ' ');
  return out;
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
      if (table.columns[i].align == Align::right) {
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

void write_csv_row(std::FILE* out, const std::vector<std::string>& cells) {
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) std::fputc(',', out);
    csv_fwrite(out, cells[i].data(), cells[i].size());
  }
  std::fputs("\r\n", out);
}

std::string tsv_escape(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '\t': out += "\\t"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\\': out += "\\\\"; break;
      default: out += c;
    }
  }
  return out;
}

void write_tsv_row(std::FILE* out, const std::vector<std::string>& cells) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    if (i > 0) line += '\t';
    line += tsv_escape(cells[i]);
  }
  fmt::print(out, "{}\n", line);
}

}  // namespace

Format parse_format(std::string_view text) {
  for (auto format : {Format::table, Format::csv, Format::tsv, Format::json}) {
    if (to_string(format) == text) return format;
  }
  throw UsageError(
      fmt::format("--format: unknown format '{}': expected table, csv, tsv or json", text));
}

std::string_view to_string(Format format) {
  switch (format) {
    case Format::table: return "table";
    case Format::csv: return "csv";
    case Format::tsv: return "tsv";
    case Format::json: return "json";
  }
  return "table";
}

void write_table(std::FILE* out, const Table& table, Format format, const TableStyle& style) {
  std::vector<std::string> header;
  for (const auto& column : table.columns) header.push_back(column.name);
  switch (format) {
    case Format::csv:
      write_csv_row(out, header);
      for (const auto& row : table.rows) write_csv_row(out, row);
      break;
    case Format::tsv:
      write_tsv_row(out, header);
      for (const auto& row : table.rows) write_tsv_row(out, row);
      break;
    default:
      write_aligned(out, table, style);
  }
}

}  // namespace reqtriage
