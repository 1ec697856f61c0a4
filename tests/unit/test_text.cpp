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
std::string render(const Table& table, Format format, std::size_t width = 0) {
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* out = open_memstream(&buffer, &size);
  write_table(out, table, format, TableStyle{false, width});
  std::fclose(out);
  std::string text(buffer, size);
  std::free(buffer);
  return text;
}
}  // namespace

TEST_CASE("tables in every format", "[table]") {
  Table table;
  table.columns = {{"id", Align::right}, {"title", Align::left, true}};
  table.rows = {{"1", "Plain"}, {"12", "Has, comma and \"quotes\"\nand a line"}};
  CHECK(render(table, Format::csv) ==
        "\"id\",\"title\"\r\n\"1\",\"Plain\"\r\n"
        "\"12\",\"Has, comma and \"\"quotes\"\"\nand a line\"\r\n");
  CHECK(render(table, Format::tsv) ==
        "id\ttitle\n1\tPlain\n12\tHas, comma and \"quotes\"\\nand a line\n");
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
