#pragma once
// Writing for people. Text that came from data never reaches a terminal raw:
// what is printed for people is escaped (escape_for_terminal). Writing to
// stderr never throws: a closed or full stderr must not abort a command, undo
// or hide a committed change, or change its exit code.
#include <fmt/format.h>

#include <cstdio>
#include <string_view>

#include "reqtriage/text.hpp"

namespace reqtriage::cli {

/// Opens /dev/null on any of file descriptors 0, 1 and 2 that is closed, so
/// no file the program opens (the database) takes their place. Returns false
/// when standard output was closed.
bool guard_standard_streams() noexcept;

/// Writes text that is already safe to stderr; a failed write is ignored.
void write_stderr(std::string_view text) noexcept;

/// Writes text for people, escaped (line breaks kept). Failures show in
/// ferror(), checked once at exit.
void write_text(std::FILE* out, std::string_view text);

/// print_text("...", args) is fmt::print(stdout, ...) for people: escaped.
template <typename... Args>
void print_text(fmt::format_string<Args...> format, Args&&... args) {
  write_text(stdout, fmt::format(format, std::forward<Args>(args)...));
}

/// One line on stderr, escaped, line breaks too (a CSV cell quoted in a
/// message cannot forge a line of its own); never throws on a failed write.
template <typename... Args>
void print_stderr(fmt::format_string<Args...> format, Args&&... args) {
  write_stderr(escape_for_terminal(fmt::format(format, std::forward<Args>(args)...)) + "\n");
}

}  // namespace reqtriage::cli
