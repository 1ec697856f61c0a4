#include "output_file.hpp"

#include <fmt/format.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "reqtriage/error.hpp"

namespace reqtriage::cli {
namespace {

OutputError write_error(const std::string& path) {
  return OutputError(fmt::format("cannot write {}: {}", path, std::strerror(errno)));
}

}  // namespace

OutputFile::OutputFile(std::string path) : m_path(std::move(path)) {
  // A device or a pipe (/dev/stdout, a named pipe) is a stream: written in
  // place. Anything else, a symbolic link included, is replaced whole by
  // renaming a new file over its name: never written through a link, which
  // would rewrite whatever file the link points to.
  struct stat target {};
  bool special = m_path.starts_with("/dev/") || m_path.starts_with("/proc/");  // /dev/stdout, /proc/self/fd/1
  bool stream = special || (::stat(m_path.c_str(), &target) == 0 && !S_ISREG(target.st_mode) && !S_ISDIR(target.st_mode));
  if (stream) {
    m_stream = std::fopen(m_path.c_str(), "wb");
    if (!m_stream) throw write_error(m_path);
    return;
  }
  // A short name beside the file: FILE.XXXXXX would fail for a valid name
  // near the 255-byte limit.
  auto slash = m_path.rfind('/');
  m_temporary = (slash == std::string::npos ? std::string() : m_path.substr(0, slash + 1)) + ".reqtriage-XXXXXX";
  int fd = ::mkstemp(m_temporary.data());
  if (fd < 0) throw write_error(m_path);
  // mkstemp makes the file private; an export is meant to be shared as usual.
  mode_t mask = ::umask(0);
  ::umask(mask);
  ::fchmod(fd, 0666 & ~mask);
  m_stream = ::fdopen(fd, "wb");
  if (!m_stream) {
    ::close(fd);
    ::unlink(m_temporary.c_str());
    throw write_error(m_path);
  }
}

OutputFile::~OutputFile() {
  if (!m_stream) return;
  std::fclose(m_stream);
  if (!m_temporary.empty()) ::unlink(m_temporary.c_str());
}

void OutputFile::commit() {
  bool written = std::fflush(m_stream) == 0 && !std::ferror(m_stream);
  if (written && !m_temporary.empty()) written = ::fsync(::fileno(m_stream)) == 0;
  int saved_errno = errno;
  int closed = std::fclose(m_stream);
  m_stream = nullptr;
  if (!written || closed != 0) {
    errno = written ? errno : saved_errno;
    auto error = write_error(m_path);
    if (!m_temporary.empty()) ::unlink(m_temporary.c_str());
    throw error;
  }
  if (!m_temporary.empty() && std::rename(m_temporary.c_str(), m_path.c_str()) != 0) {
    auto error = write_error(m_path);
    ::unlink(m_temporary.c_str());
    throw error;
  }
}

}  // namespace reqtriage::cli
