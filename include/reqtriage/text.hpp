#pragma once
/// Unicode-aware text helpers (utf8proc underneath).
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace reqtriage {

bool is_valid_utf8(std::string_view text);
/// NFKC with case folding: the key under which two names count as the same.
std::string fold_case(std::string_view text);
std::string trim(std::string_view text);
/// "a,b,c" as {"a", "b", "c"}; "" as none.
std::vector<std::string> split_list(std::string_view joined, char separator = ',');
/// A title reduced to what makes two titles "the same": case-folded,
/// punctuation turned into spaces, runs of spaces collapsed.
std::string normalize_title(std::string_view title);
/// Number of terminal columns the text occupies.
std::size_t display_width(std::string_view text);
/// Cuts the text to at most `width` columns, ending in "…" when cut.
std::string truncate_to_width(std::string_view text, std::size_t width);
/// Number of Unicode code points (the text must be valid UTF-8).
std::size_t count_chars(std::string_view text);

/// Text from data made safe to show on a terminal: C0 and C1 controls, CR,
/// DEL, line and paragraph separators and invisible format characters (BiDi
/// overrides and isolates, zero-width spaces, soft hyphens) are shown as
/// escapes (`\e`, `\r`, `\x01`, `<U+202E>`), and bytes that are not UTF-8
/// as `\xff`. Tabs stay; newlines stay when `keep_newlines`, else `\n`.
std::string escape_for_terminal(std::string_view text, bool keep_newlines = false);

/// The text without its invisible format characters (category Cf) and with
/// every kind of space as a plain one, then trimmed: how titles and names are
/// compared and checked for emptiness.
std::string strip_invisible(std::string_view text);

}  // namespace reqtriage
