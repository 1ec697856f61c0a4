#pragma once
// A file written whole or not at all: written beside its final name, then
// renamed over it, so a failed export never leaves half a file. A device or
// a pipe is written directly; a symbolic link is replaced, never written
// through.
#include <cstdio>
#include <string>

namespace reqtriage::cli {

class OutputFile {
 public:
  explicit OutputFile(std::string path);
  ~OutputFile();  ///< removes the temporary file unless commit() ran
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  std::FILE* stream() const { return m_stream; }
  /// Flushes, syncs and renames into place; throws OutputError on failure.
  void commit();

 private:
  std::string m_path;
  std::string m_temporary;  ///< empty when writing directly
  std::FILE* m_stream = nullptr;
};

}  // namespace reqtriage::cli
