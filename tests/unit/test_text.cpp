#include <catch2/catch.hpp>

#include "reqtriage/table.hpp"
#include "reqtriage/text.hpp"

#include <cstdio>
#include <string>

using namespace reqtriage;

TEST_CASE("case folding is Unicode-aware", "[text]") {
  CHECK(fold_case("ACME GmbH") == "acme gmbh");
  CHECK(fold_case("ÉCOLE") == "école");
  CHECK(fold_case("Straße") == "strasse");
  CHECK(fold_case("ｆｕｌｌ") == "full");  // compatibility forms
}

TEST_CASE("display width counts terminal columns", "[text]") {
  CHECK(display_width("abc") == 3);
  CHECK(display_width("école") == 5);
  CHECK(display_width("日本") == 4);
  CHECK(truncate_to_width("abcdef", 4) == "abc…");
  CHECK(truncate_to_width("abc", 4) == "abc");
  CHECK(truncate_to_width("日本語", 5) == "日本…");
}

TEST_CASE("utf-8 validation", "[text]") {
  CHECK(is_valid_utf8("héllo"));
  CHECK_FALSE(is_valid_utf8("\xc3"));
  CHECK_FALSE(is_valid_utf8("\xff\xfe"));
}

namespace {
std::string render_with(const Table& table, Format format, TableStyle style) {
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  write_table(out, table, format, style);
  std::fclose(out);
  std::string text(buffer, size);
  std::free(buffer);
  return text;
}

std::string render(const Table& table, Format format, std::size_t width = 0) {
  return render_with(table, format, TableStyle{false, width});
}
}  // namespace

TEST_CASE("tables in every format", "[table]") {
  Table table;
  table.columns = {{"id", Kind::number}, {"title", Kind::text, true}};
  table.rows = {{"1", "Plain"}, {"12", "Has, comma and \"quotes\"\nand a line"}};
  CHECK(render(table, Format::csv) ==
        "\"id\",\"title\"\n\"1\",\"Plain\"\n"
        "\"12\",\"Has, comma and \"\"quotes\"\"\nand a line\"\n");
  // TSV quotes, as CSV does, a field that holds a tab, a line break or a quote.
  CHECK(render(table, Format::tsv) ==
        "id\ttitle\n1\tPlain\n12\t\"Has, comma and \"\"quotes\"\"\nand a line\"\n");
  CHECK(render(table, Format::table) ==
        "id  title\n"
        " 1  Plain\n"
        "12  Has, comma and \"quotes\" and a line\n");
  // Fitted to 20 columns, the title shrinks and ends in an ellipsis.
  CHECK(render(table, Format::table, 20) ==
        "id  title\n"
        " 1  Plain\n"
        "12  Has, comma and …\n");
}

TEST_CASE("CSV and TSV neutralise formulas in text cells only", "[table]") {
  Table table;
  table.columns = {{"title"}, {"score", Kind::number}};
  table.rows = {{"=HYPERLINK(\"x\")", "-5"}, {"+1", "3"}, {"@SUM(A1)", "0"}, {"-x", "1"},
                {"\tTab", "2"}, {"plain", "4"}};
  CHECK(render(table, Format::csv) ==
        "\"title\",\"score\"\n\"'=HYPERLINK(\"\"x\"\")\",\"-5\"\n\"'+1\",\"3\"\n"
        "\"'@SUM(A1)\",\"0\"\n\"'-x\",\"1\"\n\"'\tTab\",\"2\"\n\"plain\",\"4\"\n");
  CHECK(render(table, Format::tsv) ==
        "title\tscore\n\"'=HYPERLINK(\"\"x\"\")\"\t-5\n'+1\t3\n'@SUM(A1)\t0\n'-x\t1\n\"'\tTab\"\t2\nplain\t4\n");
  CHECK(render_with(table, Format::tsv, TableStyle{false, 0, false, false}).starts_with(
      "title\tscore\n\"=HYPERLINK(\"\"x\"\")\"\t-5\n+1\t3\n"));
}

TEST_CASE("booleans and timestamps as spreadsheets read them", "[table]") {
  CHECK(spreadsheet_value("true", Kind::boolean) == "TRUE");
  CHECK(spreadsheet_value("false", Kind::boolean) == "FALSE");
  CHECK(spreadsheet_value("2026-11-29T13:46:41Z", Kind::timestamp) == "2026-11-29 13:46:41");
  CHECK(spreadsheet_value("2026-11-29", Kind::date) == "2026-11-29");
  Table table;
  table.columns = {{"flag", Kind::boolean}, {"at", Kind::timestamp}};
  table.rows = {{"true", "2026-11-29T13:46:41Z"}};
  CHECK(render(table, Format::csv) == "\"flag\",\"at\"\n\"TRUE\",\"2026-11-29 13:46:41\"\n");
  CHECK(render(table, Format::jsonl) == "{\"flag\":true,\"at\":\"2026-11-29T13:46:41Z\"}\n");
}

TEST_CASE("raw and Excel CSV", "[table]") {
  Table table;
  table.columns = {{"title"}};
  table.rows = {{"=1+1"}};
  CHECK(render_with(table, Format::csv, TableStyle{false, 0, false, false}) == "\"title\"\n\"=1+1\"\n");
  CHECK(render_with(table, Format::csv, TableStyle{false, 0, true, true}) ==
        "\xEF\xBB\xBF\"title\"\r\n\"'=1+1\"\r\n");
}

TEST_CASE("JSON, JSON Lines and Markdown from a table", "[table]") {
  Table table;
  table.columns = {{"id", Kind::number}, {"title"}, {"score", Kind::number}};
  table.rows = {{"1", "A | B", "2.5"}, {"2", "two\nlines", ""}};
  CHECK(render(table, Format::jsonl) ==
        "{\"id\":1,\"title\":\"A | B\",\"score\":2.5}\n{\"id\":2,\"title\":\"two\\nlines\",\"score\":null}\n");
  CHECK(render(table, Format::md) ==
        "| id | title | score |\n| ---: | --- | ---: |\n| 1 | A \\| B | 2.5 |\n| 2 | two<br>lines |  |\n");
  CHECK(markdown_text("<img src=x onerror=alert(1)> [a](http://b) *c* `d` & e_f") ==
        "&lt;img src=x onerror=alert(1)&gt; \\[a\\](http:\\/\\/b) \\*c\\* \\`d\\` &amp; e\\_f");
  // No text becomes a live link where renderers link bare URLs.
  CHECK(markdown_text("see https://evil.example/x, WWW.evil.example or pay@evil.example") ==
        "see https:\\/\\/evil.example/x, WWW\\.evil.example or pay\\@evil.example");
  CHECK(render(table, Format::json).find("\"score\": 2.5") != std::string::npos);
}

TEST_CASE("selecting columns", "[table]") {
  Table table;
  table.columns = {{"id", Kind::number}, {"status"}, {"title"}};
  table.status_column = 1;
  table.rows = {{"1", "new", "A"}};
  table.select({"title", "status"});
  REQUIRE(table.columns.size() == 2);
  CHECK(table.columns[0].name == "title");
  CHECK(table.rows[0] == std::vector<std::string>{"A", "new"});
  CHECK(table.status_column == 1);
  CHECK_THROWS_WITH(table.select({"nope"}), "--columns: no column 'nope'; the columns are title,status");
}
