#include "reqtriage/text.hpp"

#include <fmt/format.h>
#include <utf8proc.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>

namespace reqtriage {
namespace {

// Decodes one code point at `pos`; returns its length in bytes, or a
// negative number for invalid UTF-8.
utf8proc_ssize_t next_code_point(std::string_view text, std::size_t pos, utf8proc_int32_t& cp) {
  return utf8proc_iterate(reinterpret_cast<const utf8proc_uint8_t*>(text.data() + pos),
                          static_cast<utf8proc_ssize_t>(text.size() - pos), &cp);
}

bool is_ascii(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

}  // namespace

bool is_valid_utf8(std::string_view text) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    utf8proc_int32_t cp = 0;
    auto len = next_code_point(text, pos, cp);
    if (len <= 0) return false;
    pos += static_cast<std::size_t>(len);
  }
  return true;
}

std::string fold_case(std::string_view text) {
  // ASCII is its own NFKC form and folds by lowering: no need for utf8proc,
  // which costs a tenth of an import.
  bool ascii = is_ascii(text);
  if (ascii) {
    std::string lowered(text);
    for (auto& c : lowered) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    return lowered;
  }
  utf8proc_uint8_t* folded = nullptr;
  // IGNORE drops what shows nothing (zero-width space, soft hyphen, BiDi
  // controls), so "Dark\u200Bmode" is the same title as "Darkmode".
  auto options = static_cast<utf8proc_option_t>(UTF8PROC_COMPOSE | UTF8PROC_COMPAT |
                                                 UTF8PROC_CASEFOLD | UTF8PROC_IGNORE | UTF8PROC_STABLE);
  auto len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
                          static_cast<utf8proc_ssize_t>(text.size()), &folded, options);
  if (len < 0) return std::string(text);  // invalid UTF-8 is rejected earlier
  std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(folded, &std::free);
  return std::string(reinterpret_cast<const char*>(folded), static_cast<std::size_t>(len));
}

std::string trim(std::string_view text) {
  const char* space = " \t\r\n\v\f";
  auto first = text.find_first_not_of(space);
  if (first == std::string_view::npos) return {};
  auto last = text.find_last_not_of(space);
  return std::string(text.substr(first, last - first + 1));
}

std::vector<std::string> split_list(std::string_view joined, char separator) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start < joined.size()) {
    auto end = joined.find(separator, start);
    if (end == std::string_view::npos) end = joined.size();
    items.emplace_back(joined.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

std::string normalize_title(std::string_view title) {
  std::string folded = fold_case(title);
  std::string out;
  bool pending_space = false;
  for (char c : folded) {
    auto byte = static_cast<unsigned char>(c);
    bool separator = byte < 0x80 && !std::isalnum(byte);
    if (separator) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out += ' ';
    pending_space = false;
    out += c;
  }
  return out;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    utf8proc_int32_t cp = 0;
    auto len = next_code_point(text, pos, cp);
    if (len <= 0) {  // count a stray byte as one column
      ++width;
      ++pos;
      continue;
    }
    width += static_cast<std::size_t>(std::max(0, utf8proc_charwidth(cp)));
    pos += static_cast<std::size_t>(len);
  }
  return width;
}

std::string truncate_to_width(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width == 0) return {};
  std::size_t used = 0;
  std::size_t pos = 0;
  while (pos < text.size()) {
    utf8proc_int32_t cp = 0;
    auto len = next_code_point(text, pos, cp);
    if (len <= 0) len = 1;
    auto w = static_cast<std::size_t>(std::max(0, utf8proc_charwidth(cp)));
    if (used + w > width - 1) break;  // keep one column for the ellipsis
    used += w;
    pos += static_cast<std::size_t>(len);
  }
  return std::string(text.substr(0, pos)) + "…";
}

std::size_t count_chars(std::string_view text) {
  std::size_t count = 0;
  for (unsigned char c : text) {
    if ((c & 0xC0) != 0x80) ++count;
  }
  return count;
}

namespace {

bool is_format_char(utf8proc_int32_t cp) {
  auto category = utf8proc_category(cp);
  return category == UTF8PROC_CATEGORY_CF || category == UTF8PROC_CATEGORY_ZL ||
         category == UTF8PROC_CATEGORY_ZP;
}

bool is_plain_byte(char c, bool keep_newlines) {
  auto byte = static_cast<unsigned char>(c);
  return (byte >= 0x20 && byte < 0x7f) || byte == '\t' || (keep_newlines && byte == '\n');
}

// The length of the run of plain bytes from `pos`.
std::size_t plain_run(std::string_view text, std::size_t pos, bool keep_newlines) {
  auto end = pos;
  while (end < text.size() && is_plain_byte(text[end], keep_newlines)) ++end;
  return end - pos;
}

}  // namespace

std::string escape_for_terminal(std::string_view text, bool keep_newlines) {
  if (plain_run(text, 0, keep_newlines) == text.size()) return std::string(text);
  std::string out;
  out.reserve(text.size() + 8);
  std::size_t pos = 0;
  while (pos < text.size()) {
    // Plain ASCII goes out as it is, a run at a time: a report's tables are
    // mostly that, around an occasional name or symbol.
    auto run = plain_run(text, pos, keep_newlines);
    out.append(text.substr(pos, run));
    pos += run;
    if (pos == text.size()) break;
    utf8proc_int32_t cp = 0;
    auto len = next_code_point(text, pos, cp);
    if (len <= 0) {
      out += fmt::format("\\x{:02x}", static_cast<unsigned char>(text[pos]));
      ++pos;
      continue;
    }
    auto piece = text.substr(pos, static_cast<std::size_t>(len));
    pos += static_cast<std::size_t>(len);
    if (cp == '\n') {
      out += keep_newlines ? "\n" : "\\n";
    } else if (cp == '\t') {
      out += '\t';
    } else if (cp == 0x1b) {
      out += "\\e";
    } else if (cp == '\r') {
      out += "\\r";
    } else if (cp < 0x20 || cp == 0x7f) {
      out += fmt::format("\\x{:02x}", cp);
    } else if ((cp >= 0x80 && cp < 0xa0) || is_format_char(cp)) {
      out += fmt::format("<U+{:04X}>", cp);
    } else {
      out += piece;
    }
  }
  return out;
}

std::string strip_invisible(std::string_view text) {
  bool ascii = is_ascii(text);
  if (ascii) return trim(text);
  std::string out;
  out.reserve(text.size());
  std::size_t pos = 0;
  while (pos < text.size()) {
    utf8proc_int32_t cp = 0;
    auto len = next_code_point(text, pos, cp);
    if (len <= 0) len = 1;  // invalid UTF-8 is rejected elsewhere; keep the byte
    auto piece = text.substr(pos, static_cast<std::size_t>(len));
    pos += static_cast<std::size_t>(len);
    if (len > 1 && utf8proc_category(cp) == UTF8PROC_CATEGORY_CF) continue;
    if (len > 1 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ZS) {
      out += ' ';
      continue;
    }
    out += piece;
  }
  return trim(out);
}

}  // namespace reqtriage
