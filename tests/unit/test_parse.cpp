#include <catch2/catch.hpp>

#include "reqtriage/domain.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"

using namespace reqtriage;

TEST_CASE("amounts in the forms sales types them", "[parse]") {
  struct Case {
    const char* text;
    std::int64_t cents;
    const char* currency;
  };
  auto [text, cents, currency] = GENERATE(values<Case>({
      {"120000", 12000000, ""},
      {"120,000", 12000000, ""},
      {"120k", 12000000, ""},
      {"120K", 12000000, ""},
      {"1.2M", 120000000, ""},
      {"1.2m", 120000000, ""},
      {"2bn", 200000000000, ""},
      {"$120k", 12000000, "USD"},
      {"€50k", 5000000, "EUR"},
      {"50k €", 5000000, "EUR"},
      {"£1,000.50", 100050, "GBP"},
      {"EUR 50k", 5000000, "EUR"},
      {"eur50k", 5000000, "EUR"},
      {"50k EUR", 5000000, "EUR"},
      {"50000 GBP", 5000000, "GBP"},
      {"1,234,567.89", 123456789, ""},
      {"0", 0, ""},
      {"0.005", 1, ""},
      {"0.004", 0, ""},
      {" 75k ", 7500000, ""},
      {"1.23456k", 123456, ""},
  }));
  CAPTURE(text);
  auto parsed = parse_amount(text, "--value");
  CHECK(parsed.cents == cents);
  CHECK(parsed.currency == currency);
}

TEST_CASE("amounts that are not amounts are refused, naming the option", "[parse]") {
  auto text = GENERATE("", "abc", "12x", "1,2345", "12,34", ",123", "1.", ".5", "1..2", "-5",
                       "-5k", "$-5", "1e6", "99999999999999", "5 k k", "k", "EUR", "1 000");
  CAPTURE(text);
  CHECK_THROWS_AS(parse_amount(text, "--value"), InputError);
  try {
    parse_amount(text, "--value");
  } catch (const InputError& error) {
    CHECK_THAT(error.what(), Catch::StartsWith("--value: invalid amount"));
    CHECK(error.code() == ExitCode::invalid_input);
  }
}

TEST_CASE("the largest amount is checked after rounding", "[parse]") {
  CHECK(parse_amount("9,999,999,999,999.99", "--arr").cents == 999'999'999'999'999);
  CHECK(parse_amount("9999999999999.994", "--arr").cents == 999'999'999'999'999);
  CHECK_THROWS_WITH(parse_amount("9,999,999,999,999.995", "--arr"),
                    "--arr: invalid amount '9,999,999,999,999.995': the amount is too large");
}

TEST_CASE("titles and names of only invisible characters are empty", "[parse]") {
  CHECK_THROWS_WITH(parse_title("\u00a0\u200b\u3000", "TITLE"), "TITLE: the title is empty");
  CHECK(parse_title("Dark\u200b mode\u00ad", "TITLE") == "Dark mode");
  CHECK(parse_name("\u3000Acme\u00a0Corp ", "--account") == "Acme Corp");
  CHECK(parse_long_text("keeps\u200bits text", "--note") == "keeps\u200bits text");
}

TEST_CASE("negative amounts say why", "[parse]") {
  CHECK_THROWS_WITH(parse_amount("-5", "--value"),
                    "--value: invalid amount '-5': a deal value cannot be negative");
}

TEST_CASE("dates are strict ISO dates that exist", "[parse]") {
  CHECK(parse_date("2026-12-31", "--close") == "2026-12-31");
  CHECK(parse_date("2028-02-29", "--close") == "2028-02-29");
  CHECK_THROWS_WITH(parse_date("2026-02-30", "--close"),
                    "--close: invalid date '2026-02-30': no such day on the calendar");
  CHECK_THROWS_WITH(parse_date("2027-02-29", "--close"),
                    "--close: invalid date '2027-02-29': no such day on the calendar");
  auto bad = GENERATE("12/31/2026", "2026-1-5", "2026-13-01", "2026-00-10", "20261231", "",
                      "2026-12-31T00:00", "tomorrow", "0000-01-01");
  CAPTURE(bad);
  CHECK_THROWS_AS(parse_date(bad, "--close"), InputError);
}

TEST_CASE("request ids", "[parse]") {
  CHECK(parse_request_id("12", "ID") == 12);
  CHECK(parse_request_id("#12", "ID") == 12);
  auto bad = GENERATE("", "#", "0", "-1", "12a", "abc", "1.5", "99999999999999999999");
  CAPTURE(bad);
  CHECK_THROWS_AS(parse_request_id(bad, "ID"), InputError);
}

TEST_CASE("efforts", "[parse]") {
  CHECK(parse_effort("3", "--effort") == 3);
  CHECK(parse_effort("0.5", "--effort") == 0.5);
  CHECK(parse_effort("0.01", "--effort") == 0.01);
  // Never 0 (scores divide by effort), never a denormal that cannot be read back.
  auto bad = GENERATE("", "-1", "abc", "nan", "inf", "1e9", "3 weeks", "0", "0.0", "0.009", "5e-324");
  CAPTURE(bad);
  CHECK_THROWS_AS(parse_effort(bad, "--effort"), InputError);
}

TEST_CASE("statuses", "[parse]") {
  CHECK(parse_status("in-progress", "--status") == Status::in_progress);
  CHECK_THROWS_WITH(parse_status("done", "--status"),
                    "--status: unknown status 'done': expected one of new, triaged, planned, "
                    "in-progress, shipped, declined, merged");
}

TEST_CASE("tags are folded to one spelling", "[parse]") {
  CHECK(parse_tag("SSO", "--tag") == "sso");
  CHECK(parse_tag(" Big Deal ", "--tag") == "big-deal");
  CHECK(parse_tag("Straße", "--tag") == "strasse");
  CHECK_THROWS_AS(parse_tag("", "--tag"), InputError);
  CHECK_THROWS_AS(parse_tag("a,b", "--tag"), InputError);
}

TEST_CASE("free text is checked for encoding, control characters and length", "[parse]") {
  CHECK(parse_title("  SSO with Okta ", "TITLE") == "SSO with Okta");
  CHECK_THROWS_WITH(parse_title("", "TITLE"), "TITLE: the title is empty");
  CHECK_THROWS_WITH(parse_title("bad \xff byte", "TITLE"), "TITLE: the text is not valid UTF-8");
  CHECK_THROWS_WITH(parse_title("two\nlines", "TITLE"),
                    "TITLE: the text contains a control character (byte 0x0a)");
  CHECK(parse_long_text("two\nlines", "--note") == "two\nlines");
  CHECK_THROWS_WITH(parse_title(std::string(201, 'x'), "TITLE"),
                    "TITLE: the text is 201 characters long; at most 200 are allowed");
  CHECK(parse_title(std::string(200, 'x'), "TITLE").size() == 200);
  CHECK_THROWS_AS(parse_long_text(std::string(20001, 'x'), "--note"), InputError);
}

TEST_CASE("amounts are formatted for people", "[parse]") {
  CHECK(format_amount(0) == "0");
  CHECK(format_amount(999) == "999");
  CHECK(format_amount(1000) == "1,000");
  CHECK(format_amount(1234567.5) == "1,234,567.50");
  CHECK(format_amount(-1500) == "-1,500");
  CHECK(format_money(Money{5000000, "EUR"}) == "EUR 50,000");
}
