#pragma once
/// Reading CSV and TSV files (libcsv underneath): quoted fields with
/// delimiters, quotes and line breaks, a UTF-8 byte-order mark, CRLF, and
/// comma, semicolon or tab delimiters.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace reqtriage {

/// The delimiter the first line uses most, outside quotes: ',', ';' or '\t'.
char detect_delimiter(std::string_view text);

/// Parses `text` (which may start with a byte-order mark) record by record,
/// calling `on_record` with each record's 1-based row number, the header
/// being row 1; blank lines are skipped. `delimiter` 0 means detect it.
/// Throws InputError naming `source` and the row for a quote that is never
/// closed or a stray quote inside an unquoted field.
void read_csv(std::string_view text, const std::string& source, char delimiter,
              const std::function<void(std::size_t row, std::vector<std::string>& fields)>& on_record);

}  // namespace reqtriage
