#include "reqtriage/parse.hpp"

#include <fmt/format.h>

#include <array>
#include <charconv>
#include <chrono>
#include <cctype>
#include <cmath>
#include <regex>
#include <utility>

#include "reqtriage/error.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

constexpr std::string_view amount_hint =
    "expected a number such as 120000, 120,000, 120k, 1.2M, $120k or EUR 50k";

// Deal values above this many currency units are certainly typos.
constexpr std::size_t max_amount_digits = 13;
constexpr std::int64_t max_cents = 999'999'999'999'999;  // 13 digits of units, 2 of cents

// Efforts are positive (the default profile divides by effort) and read
// back exactly: no zero, no denormal that strtod refuses.
constexpr double min_effort = 0.01;
constexpr double max_effort = 1e6;

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alpha(char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

std::string upper(std::string_view text) {
  std::string out(text);
  for (auto& c : out) {
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  }
  return out;
}

// Takes a currency symbol or code off either end of the amount.
std::string take_currency(std::string& s) {
  static const std::array<std::pair<std::string_view, std::string_view>, 4> symbols{{
      {"$", "USD"}, {"€", "EUR"}, {"£", "GBP"}, {"¥", "JPY"}}};
  for (auto [symbol, code] : symbols) {
    if (s.starts_with(symbol)) {
      s = trim(s.substr(symbol.size()));
      return std::string(code);
    }
    if (s.ends_with(symbol)) {
      s = trim(s.substr(0, s.size() - symbol.size()));
      return std::string(code);
    }
  }
  if (s.size() > 3 && is_alpha(s[0]) && is_alpha(s[1]) && is_alpha(s[2]) && !is_alpha(s[3])) {
    auto code = upper(s.substr(0, 3));
    s = trim(s.substr(3));
    return code;
  }
  auto n = s.size();
  if (n > 3 && is_alpha(s[n - 1]) && is_alpha(s[n - 2]) && is_alpha(s[n - 3]) &&
      (s[n - 4] == ' ' || is_digit(s[n - 4]))) {
    auto code = upper(s.substr(n - 3));
    s = trim(s.substr(0, n - 3));
    return code;
  }
  return {};
}

// Takes a k / M / B(n) suffix off the number; returns the power of ten.
int take_magnitude(std::string& s) {
  auto lower_end = [&](std::string_view suffix) {
    if (s.size() <= suffix.size()) return false;
    auto tail = s.substr(s.size() - suffix.size());
    for (std::size_t i = 0; i < suffix.size(); ++i) {
      if ((tail[i] | 0x20) != suffix[i]) return false;
    }
    s = trim(s.substr(0, s.size() - suffix.size()));
    return true;
  };
  if (lower_end("bn") || lower_end("b")) return 9;
  if (lower_end("m")) return 6;
  if (lower_end("k")) return 3;
  return 0;
}

// Checks `1234`, `1,234`, `1,234.5`, `.5`-free forms; returns the integer and
// fraction digits.
bool split_number(std::string_view s, std::string& integer, std::string& fraction) {
  auto dot = s.find('.');
  auto int_part = s.substr(0, dot);
  if (dot != std::string_view::npos) {
    fraction = std::string(s.substr(dot + 1));
    if (fraction.empty()) return false;
    for (char c : fraction) {
      if (!is_digit(c)) return false;
    }
  }
  if (int_part.empty()) return false;
  bool grouped = int_part.find(',') != std::string_view::npos;
  std::size_t group_len = 0;
  bool first_group = true;
  for (char c : int_part) {
    if (c == ',') {
      if (group_len == 0 || (first_group && group_len > 3) || (!first_group && group_len != 3)) {
        return false;
      }
      first_group = false;
      group_len = 0;
    } else if (is_digit(c)) {
      integer += c;
      ++group_len;
    } else {
      return false;
    }
  }
  if (grouped && group_len != 3) return false;
  return true;
}

}  // namespace

ParsedAmount parse_amount(std::string_view text, std::string_view where) {
  auto fail = [&](std::string_view reason) -> InputError {
    return InputError(fmt::format("{}: invalid amount '{}': {}", where, text, reason));
  };
  std::string s = trim(text);
  if (s.empty()) throw fail(amount_hint);
  ParsedAmount result;
  result.currency = take_currency(s);
  if (s.starts_with('-')) throw fail("a deal value cannot be negative");
  int magnitude = take_magnitude(s);
  std::string integer;
  std::string fraction;
  if (!split_number(s, integer, fraction)) throw fail(amount_hint);

  // Shift the decimal point exactly: digits * 10^(magnitude + 2 - fraction) cents.
  std::string digits = integer + fraction;
  int shift = magnitude + 2 - static_cast<int>(fraction.size());
  bool round_up = false;
  if (shift >= 0) {
    digits.append(static_cast<std::size_t>(shift), '0');
  } else {
    auto drop = static_cast<std::size_t>(-shift);
    if (drop >= digits.size()) {
      round_up = !digits.empty() && digits[0] >= '5' && drop == digits.size();
      digits = "0";
    } else {
      round_up = digits[digits.size() - drop] >= '5';
      digits.resize(digits.size() - drop);
    }
  }
  auto first = digits.find_first_not_of('0');
  digits = first == std::string::npos ? "0" : digits.substr(first);
  if (digits.size() > max_amount_digits + 2) throw fail("the amount is too large");
  std::int64_t cents = 0;
  std::from_chars(digits.data(), digits.data() + digits.size(), cents);
  cents += round_up ? 1 : 0;
  // Checked after rounding: 9,999,999,999,999.995 rounds past the limit,
  // and an amount stored must always read back.
  if (cents > max_cents) throw fail("the amount is too large");
  result.cents = cents;
  return result;
}

std::string parse_date(std::string_view text, std::string_view where) {
  auto fail = [&](std::string_view reason) -> InputError {
    return InputError(fmt::format("{}: invalid date '{}': {}", where, text, reason));
  };
  bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-';
  for (std::size_t i = 0; shaped && i < text.size(); ++i) {
    if (i != 4 && i != 7 && !is_digit(text[i])) shaped = false;
  }
  if (!shaped) throw fail("expected YYYY-MM-DD, such as 2026-12-31");
  int y = 0;
  unsigned m = 0;
  unsigned d = 0;
  std::from_chars(text.data(), text.data() + 4, y);
  std::from_chars(text.data() + 5, text.data() + 7, m);
  std::from_chars(text.data() + 8, text.data() + 10, d);
  std::chrono::year_month_day date{std::chrono::year{y}, std::chrono::month{m},
                                   std::chrono::day{d}};
  if (!date.ok()) throw fail("no such day on the calendar");
  if (y < 1900) throw fail("the year is before 1900");
  return std::string(text);
}

RequestId parse_request_id(std::string_view text, std::string_view where) {
  auto digits = text.starts_with('#') ? text.substr(1) : text;
  RequestId id = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || id <= 0) {
    throw InputError(fmt::format(
        "{}: invalid request id '{}': expected a positive number such as 12 or #12", where, text));
  }
  return id;
}

std::size_t parse_count(std::string_view text, std::string_view where) {
  std::size_t count = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), count);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size() || count == 0) {
    throw InputError(fmt::format("{}: invalid count '{}': expected a positive whole number", where, text));
  }
  return count;
}

double parse_effort(std::string_view text, std::string_view where) {
  auto s = trim(text);
  double effort = 0;
  auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), effort);
  if (s.empty() || ec != std::errc() || end != s.data() + s.size() || !std::isfinite(effort) ||
      effort < min_effort || effort > max_effort) {
    throw InputError(fmt::format(
        "{}: invalid effort '{}': expected a number from 0.01 to 1000000, such as 3 or 0.5 (an effort is "
        "never 0: scores divide by it)",
        where, text));
  }
  return effort;
}

std::string parse_currency(std::string_view text, std::string_view where) {
  auto s = trim(text);
  if (s.size() != 3 || !is_alpha(s[0]) || !is_alpha(s[1]) || !is_alpha(s[2])) {
    throw InputError(fmt::format(
        "{}: invalid currency '{}': expected a three-letter code such as USD or EUR", where, text));
  }
  return upper(s);
}

std::string parse_text(std::string_view text, std::string_view where, std::size_t max_chars,
                       bool single_line) {
  if (!is_valid_utf8(text)) throw InputError(fmt::format("{}: the text is not valid UTF-8", where));
  for (unsigned char c : text) {
    bool allowed_space = c == '\t' || (!single_line && (c == '\n' || c == '\r'));
    if ((c < 0x20 || c == 0x7f) && !allowed_space) {
      throw InputError(fmt::format("{}: the text contains a control character (byte 0x{:02x})",
                                   where, static_cast<unsigned>(c)));
    }
  }
  // A one-line field (a title, a name) loses what shows nothing: a name of
  // only no-break or ideographic spaces is empty, not a name.
  auto trimmed = single_line ? strip_invisible(text) : trim(text);
  auto chars = count_chars(trimmed);
  if (chars > max_chars) {
    throw InputError(fmt::format("{}: the text is {} characters long; at most {} are allowed",
                                 where, chars, max_chars));
  }
  return trimmed;
}

std::string parse_tag(std::string_view text, std::string_view where) {
  auto tag = fold_case(parse_text(text, where, 50, true));
  for (auto& c : tag) {
    if (c == ' ' || c == '\t') c = '-';
  }
  if (tag.empty() || tag.find(',') != std::string::npos) {
    throw InputError(fmt::format(
        "{}: invalid tag '{}': a tag is a non-empty word without commas, such as 'sso'", where,
        text));
  }
  return tag;
}

std::string parse_title(std::string_view text, std::string_view where) {
  auto title = parse_text(text, where, 200, true);
  if (title.empty()) throw InputError(fmt::format("{}: the title is empty", where));
  return title;
}

std::string parse_long_text(std::string_view text, std::string_view where) {
  return parse_text(text, where, 20000, false);
}

std::string parse_name(std::string_view text, std::string_view where) {
  return parse_text(text, where, 200, true);
}

std::string parse_deal(std::string_view text, std::string_view where) {
  auto deal = parse_name(text, where);
  if (!deal.empty() && deal[0] == '#') {
    throw InputError(fmt::format("{}: a deal key cannot start with '#' (that names an ask): {}", where, deal));
  }
  return deal;
}

namespace {

bool is_tracker_key(std::string_view text) {
  static const std::regex key("[A-Za-z][A-Za-z0-9_]*-[0-9]+");
  return std::regex_match(text.begin(), text.end(), key);
}

std::string upper_ascii(std::string_view text) {
  std::string upper(text);
  for (auto& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return upper;
}

}  // namespace

std::string parse_target(std::string_view text, std::string_view where) {
  auto target = parse_text(text, where, 100, true);
  static const std::regex date_shape("[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}");
  static const std::regex quarter_shape("[0-9]{4}-[Qq][0-9]+");
  static const std::regex quarter("[0-9]{4}-[Qq][1-4]");
  if (std::regex_match(target, date_shape)) return parse_date(target, where);
  if (std::regex_match(target, quarter_shape)) {
    if (!std::regex_match(target, quarter)) {
      throw InputError(fmt::format("{}: not a quarter: {} (use YYYY-Q1 to YYYY-Q4)", where, target));
    }
    return upper_ascii(target);
  }
  if (target.empty()) throw InputError(fmt::format("{}: a target needs a date, a quarter or a release name", where));
  return target;
}

std::string parse_link(std::string_view text, std::string_view where) {
  auto link = parse_text(text, where, 2000, true);
  if (is_tracker_key(link)) return upper_ascii(link);
  static const std::regex url("https?://[^\\s]+", std::regex::icase);
  if (std::regex_match(link, url)) return link;
  throw InputError(fmt::format(
      "{}: not a ticket key or an http(s) URL: {} (e.g. PROJ-123 or https://tracker/browse/PROJ-123)", where,
      link));
}

std::string tracker_key_of(std::string_view link) {
  if (is_tracker_key(link)) return upper_ascii(link);
  auto path_end = link.find_first_of("?#");
  auto path = link.substr(0, path_end);
  while (!path.empty() && path.back() == '/') path.remove_suffix(1);
  auto slash = path.rfind('/');
  if (slash == std::string_view::npos) return {};
  auto last = path.substr(slash + 1);
  return is_tracker_key(last) ? upper_ascii(last) : std::string();
}

std::string format_amount(double units) {
  auto cents = static_cast<long long>(std::llround(units * 100));
  bool negative = cents < 0;
  auto magnitude = static_cast<unsigned long long>(negative ? -cents : cents);
  auto whole = fmt::format("{}", magnitude / 100);
  std::string grouped;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped += ',';
    grouped += whole[i];
  }
  if (magnitude % 100 != 0) grouped += fmt::format(".{:02}", magnitude % 100);
  return negative ? "-" + grouped : grouped;
}

std::string format_money(const Money& money) {
  return fmt::format("{} {}", money.currency, format_amount(static_cast<double>(money.cents) / 100));
}

}  // namespace reqtriage
