#include "terminal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include "reqtriage/text.hpp"

namespace reqtriage::cli {

bool guard_standard_streams() noexcept {
  bool stdout_open = true;
  for (int fd = 0; fd <= 2; ++fd) {
    if (::fcntl(fd, F_GETFD) != -1) continue;
    if (fd == STDOUT_FILENO) stdout_open = false;
    int opened = ::open("/dev/null", fd == STDIN_FILENO ? O_RDONLY : O_WRONLY);
    if (opened >= 0 && opened != fd) {
      ::dup2(opened, fd);
      ::close(opened);
    }
  }
  return stdout_open;
}

void write_stderr(std::string_view text) noexcept {
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
  std::clearerr(stderr);
}

void write_text(std::FILE* out, std::string_view text) {
  auto shown = escape_for_terminal(text, true);
  std::fwrite(shown.data(), 1, shown.size(), out);
}

}  // namespace reqtriage::cli
