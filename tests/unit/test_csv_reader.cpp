#include <catch2/catch.hpp>

#include "reqtriage/csv_reader.hpp"
#include "reqtriage/error.hpp"

using namespace reqtriage;
using Rows = std::vector<std::vector<std::string>>;

namespace {
Rows parse(std::string_view text, char delimiter = 0) {
  Rows rows;
  std::size_t expected_row = 0;
  read_csv(text, "t.csv", delimiter, [&](std::size_t row, std::vector<std::string>& fields) {
    CHECK(row == ++expected_row);
    rows.push_back(fields);
  });
  return rows;
}
}  // namespace

TEST_CASE("quoting edges", "[csv]") {
  CHECK(parse("a,b\n1,2\n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(parse("a,b\n\"x, y\",\"say \"\"hi\"\"\"\n") == Rows{{"a", "b"}, {"x, y", "say \"hi\""}});
  CHECK(parse("a,b\n\"two\nlines\",z\n") == Rows{{"a", "b"}, {"two\nlines", "z"}});
  CHECK(parse("a,b\n\"\",\n") == Rows{{"a", "b"}, {"", ""}});
  CHECK(parse("a,b\n 1 , 2 \n") == Rows{{"a", "b"}, {"1", "2"}});
  CHECK(parse("a,b\n1,2") == Rows{{"a", "b"}, {"1", "2"}});  // no final newline
}

TEST_CASE("byte-order mark, CRLF and blank lines", "[csv]") {
  CHECK(parse("\xEF\xBB\xBFtitle,value\r\nSSO,5\r\n\r\nDark,6\r\n") ==
        Rows{{"title", "value"}, {"SSO", "5"}, {"Dark", "6"}});
}

TEST_CASE("delimiters are detected from the header", "[csv]") {
  CHECK(detect_delimiter("a,b,c\n") == ',');
  CHECK(detect_delimiter("a;b;c\n1,5;2\n") == ';');
  CHECK(detect_delimiter("a\tb\n") == '\t');
  CHECK(detect_delimiter("\"x;y\",b\n") == ',');
  CHECK(parse("Titel;Betrag\nSSO;\"1.200,50 €\"\n") == Rows{{"Titel", "Betrag"}, {"SSO", "1.200,50 €"}});
  CHECK(parse("t\tv\nwith space\t 5\n") == Rows{{"t", "v"}, {"with space", "5"}});
  CHECK(parse("a;b\n1;2\n", ',') == Rows{{"a;b"}, {"1;2"}});
}

TEST_CASE("ragged rows are passed on for the caller to judge", "[csv]") {
  CHECK(parse("a,b\n1\n1,2,3\n") == Rows{{"a", "b"}, {"1"}, {"1", "2", "3"}});
}

TEST_CASE("broken quoting names the row", "[csv]") {
  CHECK_THROWS_WITH(parse("a,b\n1,2\n\"open,3\n"), "t.csv: row 3: a quoted field is never closed");
  CHECK_THROWS_WITH(parse("a,b\n1,x\"y\n"),
                    "t.csv: row 2: a quote inside an unquoted field, or text after a closing quote "
                    "(quote the whole field and double inner quotes)");
  CHECK_THROWS_WITH(parse("a,b\n\"x\"y,2\n"), Catch::StartsWith("t.csv: row 2: a quote inside"));
  CHECK_THROWS_AS(parse("a\n\"x"), InputError);
}
