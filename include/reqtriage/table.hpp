#pragma once
/// Rows and columns printed for people (an aligned table, Markdown) and for
/// spreadsheets and scripts (CSV, TSV, JSON, JSON Lines).
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace reqtriage {

enum class Format { table, csv, tsv, json, jsonl, md };
/// Throws UsageError naming the valid formats.
Format parse_format(std::string_view text);
std::string_view to_string(Format format);

/// Numbers are right-aligned, never neutralised, and typed in JSON.
enum class Kind { text, number };

struct Column {
  std::string name;
  Kind kind = Kind::text;
  bool shrinkable = false;  ///< may be cut to fit the terminal (titles, notes)
};

/// Where each named column sits among `columns`; throws UsageError for a
/// name that is not there, listing the valid ones.
std::vector<std::size_t> column_positions(const std::vector<Column>& columns,
                                          const std::vector<std::string>& names);

struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
  int status_column = -1;  ///< coloured by status on a terminal; -1 for none

  /// Keeps only the named columns, in the order named; throws UsageError
  /// for a name the table lacks, listing the valid ones.
  void select(const std::vector<std::string>& names);
};

struct TableStyle {
  bool color = false;
  std::size_t width = 0;  ///< terminal columns; 0 means do not fit
  /// CSV text cells a spreadsheet would run as a formula (starting with
  /// = + - @, a tab or a carriage return) get a leading apostrophe. TSV is
  /// for scripts and stays as it is.
  bool neutralize = true;
  bool excel = false;  ///< CSV: a UTF-8 byte-order mark and CRLF line ends
};

/// Writes a table row by row. CSV, TSV, JSON, JSON Lines and Markdown go out
/// as the rows come, so a year of asks never sits in memory; an aligned
/// table keeps its rows until finish() to size its columns.
class TableWriter {
 public:
  TableWriter(std::FILE* out, std::vector<Column> columns, Format format, TableStyle style,
              int status_column = -1);
  void row(const std::vector<std::string>& cells);
  void finish();

 private:
  std::FILE* m_out;
  Format m_format;
  TableStyle m_style;
  Table m_table;  ///< the columns; the rows too for an aligned table
  std::size_t m_rows = 0;
};

/// Writes the table in any format: CSV per RFC 4180 (every field quoted),
/// TSV (tabs, newlines and backslashes escaped as \t \n \\), JSON (an array
/// of objects, numbers typed, empty cells null), JSON Lines (one object a
/// line), Markdown (a pipe table), or an aligned table.
void write_table(std::FILE* out, const Table& table, Format format, const TableStyle& style);

}  // namespace reqtriage
