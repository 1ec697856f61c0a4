#include <catch2/catch.hpp>

#include "reqtriage/text.hpp"

using namespace reqtriage;

TEST_CASE("text from data is escaped for the terminal", "[text]") {
  CHECK(escape_for_terminal("plain text, ok") == "plain text, ok");
  CHECK(escape_for_terminal("a\x1b[2Jb") == "a\\e[2Jb");
  CHECK(escape_for_terminal("cr\rlf\n") == "cr\\rlf\\n");
  CHECK(escape_for_terminal("two\nlines", true) == "two\nlines");
  CHECK(escape_for_terminal("tab\tstays") == "tab\tstays");
  CHECK(escape_for_terminal("bell\x07 del\x7f") == "bell\\x07 del\\x7f");
  CHECK(escape_for_terminal("csi\xc2\x9b osc\xc2\x9d nel\xc2\x85") == "csi<U+009B> osc<U+009D> nel<U+0085>");
  CHECK(escape_for_terminal("rlo\u202e lri\u2066 zw\u200b shy\u00ad") == "rlo<U+202E> lri<U+2066> zw<U+200B> shy<U+00AD>");
  CHECK(escape_for_terminal("line\u2028sep") == "line<U+2028>sep");
  CHECK(escape_for_terminal("bad \xff byte") == "bad \\xff byte");
  CHECK(escape_for_terminal("Zürich 東京 🚀") == "Zürich 東京 🚀");
}

TEST_CASE("invisible characters do not tell titles apart", "[text]") {
  CHECK(normalize_title("Dark\u200bmode") == normalize_title("Darkmode"));
  CHECK(normalize_title("Dark mode\u00ad") == normalize_title("dark mode"));
  CHECK(normalize_title("Dark\u00a0mode") == normalize_title("dark mode"));
  CHECK(fold_case("A\u2060cme") == "acme");
  CHECK(strip_invisible("\u3000 \u200b") == "");
  CHECK(strip_invisible(" Acme\u00a0Corp\u200d ") == "Acme Corp");
}
