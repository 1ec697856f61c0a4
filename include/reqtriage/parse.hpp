#pragma once
/// Parsing of what users type: amounts, dates, ids, efforts, tags.
/// Every parser throws InputError whose message starts with `where`
/// (an option such as "--value", later a CSV row and column).
#include <string>
#include <string_view>

#include "reqtriage/domain.hpp"

namespace reqtriage {

/// An amount as typed: `120000`, `120,000`, `120k`, `1.2M`, `$120k`, `EUR 50k`,
/// `50k EUR`. `currency` is empty when the text names none.
struct ParsedAmount {
  std::int64_t cents = 0;
  std::string currency;
};
ParsedAmount parse_amount(std::string_view text, std::string_view where);

/// A strict ISO date `YYYY-MM-DD` that exists on the calendar; returned as typed.
std::string parse_date(std::string_view text, std::string_view where);

/// `12` or `#12`.
RequestId parse_request_id(std::string_view text, std::string_view where);

/// A positive whole number, such as the 10 of `--top 10`.
std::size_t parse_count(std::string_view text, std::string_view where);

/// A non-negative finite effort estimate, such as `3` or `0.5`.
double parse_effort(std::string_view text, std::string_view where);

/// A currency code: three ASCII letters, returned upper case.
std::string parse_currency(std::string_view text, std::string_view where);

/// A tag: trimmed, case-folded, inner spaces turned into dashes.
std::string parse_tag(std::string_view text, std::string_view where);

/// Free text: valid UTF-8, no control characters other than newline and tab
/// (unless `single_line`), at most `max_chars` characters. Returns it trimmed.
std::string parse_text(std::string_view text, std::string_view where, std::size_t max_chars,
                       bool single_line);

/// A request title: one line, 1 to 200 characters.
std::string parse_title(std::string_view text, std::string_view where);
/// A description or note: may span lines, up to 20,000 characters.
std::string parse_long_text(std::string_view text, std::string_view where);
/// A name (account, sales rep, source, segment): one line, up to 200 characters.
std::string parse_name(std::string_view text, std::string_view where);
/// A deal key (a CRM opportunity id): a name that does not start with '#'
/// (which names asks).
std::string parse_deal(std::string_view text, std::string_view where);

/// A delivery target: a date (YYYY-MM-DD), a quarter (2027-Q1, returned
/// upper case) or a release name (one line, up to 100 characters). Text
/// shaped like a date or a quarter must be a real one.
std::string parse_target(std::string_view text, std::string_view where);
/// A link to engineering's ticket: a tracker key (PROJ-123, returned upper
/// case) or an http(s) URL without spaces.
std::string parse_link(std::string_view text, std::string_view where);
/// The tracker key a link names: the link itself, or the last path segment
/// of a URL when it is a key (".../browse/PROJ-123"); empty otherwise.
std::string tracker_key_of(std::string_view link);

/// `120000.5` base units as "120,000.50"; whole amounts without decimals.
std::string format_amount(double units);
/// Money as "EUR 50,000".
std::string format_money(const Money& money);

}  // namespace reqtriage
