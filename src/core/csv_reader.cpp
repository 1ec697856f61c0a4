#include "reqtriage/csv_reader.hpp"

#include <csv.h>
#include <fmt/format.h>

#include <array>
#include <cerrno>
#include <cstring>

#include "reqtriage/error.hpp"

namespace reqtriage {
namespace {

// Only spaces are trimmed around unquoted fields: a tab may be the delimiter.
int is_space(unsigned char c) { return c == CSV_SPACE ? 1 : 0; }

}  // namespace

struct CsvStream::State {
  csv_parser parser{};
  std::vector<std::string> fields;
  std::size_t row = 0;            // records completed
  std::size_t bytes = 0;          // fed so far
  std::size_t record_start = 0;   // bytes fed when a record last ended
  std::size_t rows_at_start = 0;  // records completed then
  CsvRecordHandler on_record;

  static void on_field(void* data, std::size_t size, void* state_ptr) {
    static_cast<State*>(state_ptr)->fields.emplace_back(static_cast<const char*>(data), size);
  }
  static void on_row_end(int, void* state_ptr) {
    auto* state = static_cast<State*>(state_ptr);
    ++state->row;
    state->on_record(state->row, state->fields);
    state->fields.clear();
  }
};

char detect_delimiter(std::string_view text) {
  std::array<std::size_t, 3> counts{};
  const std::array<char, 3> candidates{',', ';', '\t'};
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (!quoted && (c == '\n' || c == '\r')) break;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      if (!quoted && c == candidates[i]) ++counts[i];
    }
  }
  std::size_t best = 0;
  for (std::size_t i = 1; i < counts.size(); ++i) {
    if (counts[i] > counts[best]) best = i;
  }
  return candidates[best];
}

CsvStream::CsvStream(std::string source, char delimiter, CsvRecordHandler on_record)
    : m_source(std::move(source)), m_delimiter(delimiter), m_state(std::make_unique<State>()) {
  m_state->on_record = std::move(on_record);
  if (csv_init(&m_state->parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
    throw Error(ExitCode::failure, "cannot start the CSV parser");
  }
  csv_set_space_func(&m_state->parser, is_space);
  // libcsv grows a field's buffer by this much at a time: its default of 128
  // bytes made a long field cost time quadratic in its length.
  csv_set_blk_size(&m_state->parser, 64 * 1024);
}

CsvStream::~CsvStream() { csv_free(&m_state->parser); }

std::size_t CsvStream::records() const { return m_state->row; }

void CsvStream::feed(std::string_view piece) {
  auto& state = *m_state;
  if (!m_started) {
    m_started = true;
    if (piece.starts_with("\xFF\xFE") || piece.starts_with("\xFE\xFF")) {
      throw InputError(fmt::format("{}: the file is UTF-16, not UTF-8; convert it first, e.g. iconv -f UTF-16 -t "
                                   "UTF-8 FILE > FILE-utf8.csv (or save it as \"CSV UTF-8\")",
                                   m_source));
    }
    if (piece.starts_with("\xEF\xBB\xBF")) piece.remove_prefix(3);
    if (m_delimiter == 0) m_delimiter = detect_delimiter(piece);
    csv_set_delim(&state.parser, static_cast<unsigned char>(m_delimiter));
  }
  if (std::memchr(piece.data(), '\0', piece.size())) {
    throw InputError(fmt::format("{}: row {}: a NUL byte: this is not a text file (UTF-16 or binary?); a CSV file "
                                 "is UTF-8 text",
                                 m_source, state.row + 1));
  }
  auto parsed = csv_parse(&state.parser, piece.data(), piece.size(), State::on_field, State::on_row_end, &state);
  if (parsed != piece.size()) {
    throw InputError(fmt::format("{}: row {}: a quote inside an unquoted field, or text after a "
                                 "closing quote (quote the whole field and double inner quotes)",
                                 m_source, state.row + 1));
  }
  // A record ended in this piece: the next starts within it (near enough:
  // a limit of megabytes is checked with pieces of kilobytes).
  state.bytes += piece.size();
  if (state.row != state.rows_at_start) {
    state.rows_at_start = state.row;
    state.record_start = state.bytes;
  } else if (state.bytes - state.record_start > max_record_bytes) {
    throw InputError(fmt::format("{}: row {}: a record over {} MiB long (a quote that is never closed, or not a "
                                 "CSV file?)",
                                 m_source, state.row + 1, max_record_bytes >> 20));
  }
}

void CsvStream::finish() {
  if (!m_started) return;
  if (csv_fini(&m_state->parser, State::on_field, State::on_row_end, m_state.get()) != 0) {
    throw InputError(fmt::format("{}: row {}: a quoted field is never closed", m_source, m_state->row + 1));
  }
}

bool read_piece(std::FILE* in, std::string& piece) {
  piece.resize(64 * 1024);
  auto got = std::fread(piece.data(), 1, piece.size(), in);
  piece.resize(got);
  if (std::ferror(in)) throw Error(ExitCode::failure, fmt::format("cannot read the input: {}", std::strerror(errno)));
  return got > 0;
}

void read_csv(std::string_view text, const std::string& source, char delimiter, const CsvRecordHandler& on_record) {
  CsvStream stream(source, delimiter, on_record);
  stream.feed(text);
  stream.finish();
}

}  // namespace reqtriage
