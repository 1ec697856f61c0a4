#pragma once
/// Reading CSV and TSV files (libcsv underneath): quoted fields with
/// delimiters, quotes and line breaks, a UTF-8 byte-order mark, CRLF, and
/// comma, semicolon or tab delimiters. Input comes in pieces, so a file of
/// any size is read in bounded memory.
#include <cstddef>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace reqtriage {

/// The delimiter the first line uses most, outside quotes: ',', ';' or '\t'.
char detect_delimiter(std::string_view text);

using CsvRecordHandler = std::function<void(std::size_t row, std::vector<std::string>& fields)>;

/// A CSV parser fed piece by piece. Calls the handler with each record's
/// 1-based row number (the header is row 1); blank lines are skipped. Throws
/// InputError naming the source and row for a quote never closed, a stray
/// quote, text that is UTF-16 or binary (a NUL byte), or a record over
/// max_record_bytes (an endless field).
class CsvStream {
 public:
  static constexpr std::size_t max_record_bytes = 4 << 20;

  /// `delimiter` 0: detected from the first piece.
  CsvStream(std::string source, char delimiter, CsvRecordHandler on_record);
  ~CsvStream();
  CsvStream(const CsvStream&) = delete;
  CsvStream& operator=(const CsvStream&) = delete;

  void feed(std::string_view piece);
  /// Ends the input: the last record, if it had no line end.
  void finish();
  char delimiter() const { return m_delimiter; }
  std::size_t records() const;

 private:
  struct State;
  std::string m_source;
  char m_delimiter;
  bool m_started = false;
  std::unique_ptr<State> m_state;
};

/// Reads the next piece of `in` (up to 64 KiB) into `piece`; false once the
/// input is done. Throws Error when reading fails.
bool read_piece(std::FILE* in, std::string& piece);

/// Parses all of `text` (see CsvStream).
void read_csv(std::string_view text, const std::string& source, char delimiter, const CsvRecordHandler& on_record);

}  // namespace reqtriage
