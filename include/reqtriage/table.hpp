#pragma once
/// Rows and columns printed for people (an aligned table, Markdown) and for
/// spreadsheets and scripts (CSV, TSV, JSON, JSON Lines).
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace reqtriage {

enum class Format { table, csv, tsv, json, jsonl, md, html, svg };
/// Throws UsageError naming the valid formats.
Format parse_format(std::string_view text);
std::string_view to_string(Format format);

/// Numbers are right-aligned, never neutralised, and typed in JSON.
/// Booleans ("true"/"false" in cells) are TRUE/FALSE in CSV and TSV and
/// true/false in JSON. Timestamps (ISO 8601 UTC, "2026-11-29T13:46:41Z") are
/// "2026-11-29 13:46:41" in CSV and TSV, which spreadsheets read as dates,
/// and stay ISO 8601 in JSON. Dates are YYYY-MM-DD everywhere.
/// `link`: text holding ticket keys or URLs, space-separated; a spreadsheet
/// makes the first URL a hyperlink.
enum class Kind { text, number, boolean, timestamp, date, link };

struct Column {
  std::string name;
  Kind kind = Kind::text;
  bool shrinkable = false;  ///< may be cut to fit the terminal (titles, notes)
  /// The field's name in JSON when it differs: JSON uses one name per thing
  /// in every command ("value", not "value_USD"; an ask's "id").
  std::string json_name = {};
  /// Cells holding a list ("a,b"): a JSON array.
  char list_separator = 0;
  /// Money in this currency: JSON adds a "currency" field naming it.
  std::string currency = {};
};

/// An amount in the base currency: "value_USD" in CSV, "value" with
/// "currency": "USD" in JSON.
Column money_column(const std::string& name, const std::string& currency);

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
  /// CSV and TSV text cells a spreadsheet would run as a formula (starting
  /// with = + - @, a tab or a carriage return) get a leading apostrophe,
  /// which import takes off again.
  bool neutralize = true;
  bool excel = false;  ///< CSV: a UTF-8 byte-order mark and CRLF line ends
  char delimiter = ',';  ///< CSV: ',' or ';' (for comma-decimal locales)
};

/// Writes a table row by row. CSV, TSV, JSON, JSON Lines and Markdown go out
/// as the rows come, so a year of asks never sits in memory; an aligned
/// table keeps its rows until finish() to size its columns.
class JsonArrayWriter;

class TableWriter {
 public:
  TableWriter(std::FILE* out, std::vector<Column> columns, Format format, TableStyle style,
              int status_column = -1);
  ~TableWriter();
  void row(const std::vector<std::string>& cells);
  void finish();

 private:
  std::unique_ptr<JsonArrayWriter> m_json;  ///< for JSON and JSON Lines
  std::FILE* m_out;
  Format m_format;
  TableStyle m_style;
  Table m_table;  ///< the columns; the rows too for an aligned table
};

/// Writes the table in any format: CSV per RFC 4180 (every field quoted),
/// TSV (a field holding a tab, line break or double quote is quoted as in
/// CSV, so import reads it back exactly), JSON (an array of objects, numbers
/// and booleans typed, empty cells null), JSON Lines (one object a line),
/// Markdown (a pipe table, user text escaped), or an aligned table.
void write_table(std::FILE* out, const Table& table, Format format, const TableStyle& style);

/// User text for Markdown: shown as text, never as markup. |, \, `, *, _,
/// [, ], ~ (strikethrough), < and > are escaped, & too (so an entity shows as typed), and
/// line breaks become <br>.
std::string markdown_text(std::string_view text);

/// A cell as CSV and TSV write it for its kind (TRUE/FALSE, "YYYY-MM-DD HH:MM:SS").
std::string spreadsheet_value(std::string_view cell, Kind kind);

/// The text a spreadsheet would run as a formula (= + - @, tab, CR first),
/// or an apostrophe typed before such text, with an apostrophe in front;
/// other text as it is.
std::string neutralized(const std::string& cell);

}  // namespace reqtriage
