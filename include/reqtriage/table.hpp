#pragma once
/// Rows and columns printed as an aligned table, CSV or TSV.
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace reqtriage {

enum class Format { table, csv, tsv, json };
Format parse_format(std::string_view text);
std::string_view to_string(Format format);

enum class Align { left, right };

struct Column {
  std::string name;
  Align align = Align::left;
  bool shrinkable = false;  ///< may be cut to fit the terminal (titles, notes)
};

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
  int status_column = -1;  ///< coloured by status on a terminal; -1 for none
};

struct TableStyle {
  bool color = false;
  std::size_t width = 0;  ///< terminal columns; 0 means do not fit
};

/// Writes the table as an aligned table, CSV (RFC 4180) or TSV (tabs,
/// newlines and backslashes escaped as \t \n \\). Not for Format::json.
void write_table(std::FILE* out, const Table& table, Format format, const TableStyle& style);

}  // namespace reqtriage
