#include "reqtriage/csv_reader.hpp"

#include <csv.h>
#include <fmt/format.h>

#include <array>
#include <memory>

#include "reqtriage/error.hpp"

namespace reqtriage {
namespace {

struct ParseState {
  std::vector<std::string> fields;
  std::size_t row = 0;  // records completed
  const std::function<void(std::size_t, std::vector<std::string>&)>* on_record = nullptr;
};

void on_field(void* data, std::size_t size, void* state_ptr) {
  auto* state = static_cast<ParseState*>(state_ptr);
  state->fields.emplace_back(static_cast<const char*>(data), size);
}

void on_row_end(int, void* state_ptr) {
  auto* state = static_cast<ParseState*>(state_ptr);
  ++state->row;
  (*state->on_record)(state->row, state->fields);
  state->fields.clear();
}

// Only spaces are trimmed around unquoted fields: a tab may be the delimiter.
int is_space(unsigned char c) { return c == CSV_SPACE ? 1 : 0; }

}  // namespace

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

void read_csv(std::string_view text, const std::string& source, char delimiter,
              const std::function<void(std::size_t row, std::vector<std::string>& fields)>& on_record) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  if (delimiter == 0) delimiter = detect_delimiter(text);

  csv_parser parser{};
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI) != 0) {
    throw Error(ExitCode::failure, "cannot start the CSV parser");
  }
  std::unique_ptr<csv_parser, decltype(&csv_free)> owner(&parser, &csv_free);
  csv_set_delim(&parser, static_cast<unsigned char>(delimiter));
  csv_set_space_func(&parser, is_space);

  ParseState state;
  state.on_record = &on_record;
  auto parsed = csv_parse(&parser, text.data(), text.size(), on_field, on_row_end, &state);
  if (parsed != text.size()) {
    throw InputError(fmt::format("{}: row {}: a quote inside an unquoted field, or text after a "
                                 "closing quote (quote the whole field and double inner quotes)",
                                 source, state.row + 1));
  }
  if (csv_fini(&parser, on_field, on_row_end, &state) != 0) {
    throw InputError(fmt::format("{}: row {}: a quoted field is never closed", source, state.row + 1));
  }
}

}  // namespace reqtriage
