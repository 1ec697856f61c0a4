// Native .xlsx workbooks with libxlsxwriter (see xlsx.hpp).
#include "reqtriage/xlsx.hpp"

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "reqtriage/error.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

// "value_USD", "pipeline_USD", ...: figures in the base currency.
bool is_base_money(const std::string& name, const std::string& currency) {
  for (const char* prefix : {"value_", "pipeline_", "won_", "lost_", "arr_"}) {
    if (name == prefix + currency) return true;
  }
  return false;
}

// "2026-11-29" or "2026-11-29T13:46:41Z" as a spreadsheet date; false when it is neither.
bool parse_datetime(const std::string& text, lxw_datetime& out) {
  auto number = [&](std::size_t at, std::size_t length, auto& target) {
    auto result = std::from_chars(text.data() + at, text.data() + at + length, target);
    return result.ec == std::errc() && result.ptr == text.data() + at + length;
  };
  int year = 0, month = 0, day = 0, hour = 0, minute = 0;
  double second = 0;
  if (text.size() < 10 || text[4] != '-' || text[7] != '-') return false;
  if (!number(0, 4, year) || !number(5, 2, month) || !number(8, 2, day)) return false;
  if (text.size() >= 19 && text[10] == 'T') {
    int whole_second = 0;
    if (!number(11, 2, hour) || !number(14, 2, minute) || !number(17, 2, whole_second)) return false;
    second = whole_second;
  }
  out = lxw_datetime{year, static_cast<std::uint8_t>(month), static_cast<std::uint8_t>(day),
                     static_cast<std::uint8_t>(hour), static_cast<std::uint8_t>(minute), second};
  return true;
}

std::string error_text(lxw_error error) { return lxw_strerror(error); }

// What a sheet can hold (Excel's limits, which every reader keeps).
constexpr std::size_t cell_chars = 32767;
constexpr lxw_row_t sheet_rows = 1048576;

// User text as a cell shows it: a literal "_x0007_" escaped as the format
// wants (readers would decode it to a control character), and text past a
// cell's 32,767 characters cut, saying where the whole of it is.
std::string sheet_text(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  auto is_hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); };
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool escape_code = text[i] == '_' && i + 6 < text.size() && text[i + 1] == 'x' && is_hex(text[i + 2]) &&
                       is_hex(text[i + 3]) && is_hex(text[i + 4]) && is_hex(text[i + 5]) && text[i + 6] == '_';
    out += escape_code ? "_x005F" : "";
    out += text[i];
  }
  auto chars = count_chars(out);
  if (chars <= cell_chars) return out;
  auto note = fmt::format(" [cut: {} characters more; CSV or JSON export has the whole text]", chars - 32000);
  std::size_t kept = 0, at = 0;
  while (at < out.size() && kept < 32000) {
    ++at;
    while (at < out.size() && (static_cast<unsigned char>(out[at]) & 0xC0) == 0x80) ++at;  // whole characters
    ++kept;
  }
  return out.substr(0, at) + note;
}

}  // namespace

// The workbook over libxlsxwriter.
class LibXlsxWorkbook final : public XlsxWorkbook {
 public:
  explicit LibXlsxWorkbook(const std::string& path);
  ~LibXlsxWorkbook() override;
  void add_sheet(const std::string& name, const std::vector<Column>& columns, const std::string& currency) override;
  void row(const std::vector<std::string>& cells) override;
  void close() override;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

struct LibXlsxWorkbook::State {
  std::string path;
  lxw_workbook* workbook = nullptr;
  lxw_worksheet* sheet = nullptr;
  std::string sheet_name;
  std::vector<Column> columns;
  std::vector<lxw_format*> formats;  ///< by column
  lxw_row_t next_row = 0;
  struct Filter {
    lxw_worksheet* sheet;
    lxw_col_t last_column;
    lxw_row_t last_row;
  };
  std::vector<Filter> filters;
  lxw_format* header = nullptr;
  lxw_format* timestamp = nullptr;
  lxw_format* date = nullptr;
  lxw_format* amount = nullptr;
  lxw_format* money = nullptr;

  void close_sheet() {
    if (sheet && !columns.empty()) {
      filters.push_back({sheet, static_cast<lxw_col_t>(columns.size() - 1), next_row == 0 ? 0 : next_row - 1});
    }
  }
};

LibXlsxWorkbook::LibXlsxWorkbook(const std::string& path) : m_state(std::make_unique<State>()) {
  m_state->path = path;
  lxw_workbook_options options{};
  options.constant_memory = LXW_TRUE;
  m_state->workbook = workbook_new_opt(path.c_str(), &options);
  if (!m_state->workbook) throw OutputError(fmt::format("cannot write {}: the workbook could not be created", path));
  auto* book = m_state->workbook;
  m_state->header = workbook_add_format(book);
  format_set_bold(m_state->header);
  m_state->timestamp = workbook_add_format(book);
  format_set_num_format(m_state->timestamp, "yyyy-mm-dd hh:mm:ss");
  m_state->date = workbook_add_format(book);
  format_set_num_format(m_state->date, "yyyy-mm-dd");
  m_state->amount = workbook_add_format(book);
  format_set_num_format(m_state->amount, "#,##0.##");
}

LibXlsxWorkbook::~LibXlsxWorkbook() {
  if (m_state && m_state->workbook) {
    // Not closed: an error came first. Write nothing whole; the caller's
    // temporary file is removed.
    workbook_close(m_state->workbook);
  }
}

void LibXlsxWorkbook::add_sheet(const std::string& name, const std::vector<Column>& columns, const std::string& currency) {
  auto& state = *m_state;
  state.close_sheet();
  state.sheet = workbook_add_worksheet(state.workbook, name.c_str());
  if (!state.sheet) throw OutputError(fmt::format("cannot write {}: no sheet '{}'", state.path, name));
  state.sheet_name = name;
  state.columns = columns;
  state.next_row = 0;
  if (!state.money) {
    state.money = workbook_add_format(state.workbook);
    format_set_num_format(state.money, fmt::format("#,##0.00 \"{}\"", currency).c_str());
  }
  state.formats.clear();
  // Widths come before the first row in constant-memory mode.
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const auto& column = columns[i];
    lxw_format* format = nullptr;
    double width = std::max<double>(10, static_cast<double>(display_width(column.name)) + 2);
    switch (column.kind) {
      case Kind::number:
        format = is_base_money(column.name, currency) ? state.money : state.amount;
        width = std::max(width, 14.0);
        break;
      case Kind::timestamp:
        format = state.timestamp;
        width = std::max(width, 20.0);
        break;
      case Kind::date:
        format = state.date;
        width = std::max(width, 12.0);
        break;
      case Kind::boolean:
        break;
      case Kind::link:
        width = std::max(width, 24.0);
        break;
      case Kind::text:
        if (column.shrinkable) width = 48;
        break;
    }
    state.formats.push_back(format);
    auto col = static_cast<lxw_col_t>(i);
    worksheet_set_column(state.sheet, col, col, width, nullptr);
  }
  worksheet_freeze_panes(state.sheet, 1, 0);
  for (std::size_t i = 0; i < columns.size(); ++i) {
    worksheet_write_string(state.sheet, 0, static_cast<lxw_col_t>(i), columns[i].name.c_str(), state.header);
  }
  state.next_row = 1;
}

// The first URL among the links as a hyperlink showing them all; keys alone
// stay text, and so does a URL the format refuses (too long, too many).
static lxw_error write_link(lxw_worksheet* sheet, lxw_row_t row, lxw_col_t col, const std::string& cell) {
  for (const auto& link : split_list(cell, ' ')) {
    if (link.starts_with("http://") || link.starts_with("https://")) {
      if (worksheet_write_url_opt(sheet, row, col, link.c_str(), nullptr, cell.c_str(), nullptr) == LXW_NO_ERROR) {
        return LXW_NO_ERROR;
      }
      break;
    }
  }
  return worksheet_write_string(sheet, row, col, sheet_text(cell).c_str(), nullptr);
}

void LibXlsxWorkbook::row(const std::vector<std::string>& cells) {
  auto& state = *m_state;
  if (state.next_row >= sheet_rows) {
    throw OutputError(fmt::format("cannot write {}: sheet '{}' would pass the {} rows a sheet holds; export it as "
                                  "CSV (--format csv) or narrow it with filters",
                                  state.path, state.sheet_name, sheet_rows));
  }
  auto r = state.next_row++;
  for (std::size_t i = 0; i < cells.size() && i < state.columns.size(); ++i) {
    const auto& cell = cells[i];
    if (cell.empty()) continue;
    auto col = static_cast<lxw_col_t>(i);
    lxw_error error = LXW_NO_ERROR;
    lxw_datetime when{};
    switch (state.columns[i].kind) {
      case Kind::number: {
        char* end = nullptr;
        double number = std::strtod(cell.c_str(), &end);
        error = end && *end == '\0' ? worksheet_write_number(state.sheet, r, col, number, state.formats[i])
                                    : worksheet_write_string(state.sheet, r, col, sheet_text(cell).c_str(), nullptr);
        break;
      }
      case Kind::boolean:
        error = worksheet_write_boolean(state.sheet, r, col, cell == "true", nullptr);
        break;
      case Kind::timestamp:
      case Kind::date:
        error = parse_datetime(cell, when) ? worksheet_write_datetime(state.sheet, r, col, &when, state.formats[i])
                                           : worksheet_write_string(state.sheet, r, col, sheet_text(cell).c_str(), nullptr);
        break;
      case Kind::link:
        error = write_link(state.sheet, r, col, cell);
        break;
      case Kind::text:
        // A string cell is never evaluated: no neutralising needed.
        error = worksheet_write_string(state.sheet, r, col, sheet_text(cell).c_str(), nullptr);
        break;
    }
    if (error != LXW_NO_ERROR) {
      throw OutputError(fmt::format("cannot write {}: row {}: {}", state.path, r + 1, error_text(error)));
    }
  }
}

void LibXlsxWorkbook::close() {
  auto& state = *m_state;
  state.close_sheet();
  for (const auto& filter : state.filters) {
    worksheet_autofilter(filter.sheet, 0, 0, filter.last_row, filter.last_column);
  }
  auto error = workbook_close(state.workbook);
  state.workbook = nullptr;
  if (error != LXW_NO_ERROR) throw OutputError(fmt::format("cannot write {}: {}", state.path, error_text(error)));
}

}  // namespace reqtriage

// The module's one entry point (see modules.hpp).
extern "C" [[gnu::visibility("default")]] reqtriage::XlsxWorkbook* reqtriage_open_xlsx(const std::string& path) {
  return new reqtriage::LibXlsxWorkbook(path);
}
