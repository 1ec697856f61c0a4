#pragma once
// A progress line on stderr for long work (import, dedupe, export), shown
// only when stderr is a terminal, the work is large and --quiet is not given;
// scripts and logs never see it.
#include <cstddef>
#include <string>

namespace reqtriage::cli {

class Context;

class Progress {
 public:
  /// `total` 0: the amount of work is not known ahead (rows of an export).
  Progress(const Context& context, std::string label, std::size_t total);
  ~Progress();  ///< clears the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  /// Reports `done` items finished; cheap enough to call for every one.
  void update(std::size_t done);
  /// The same, for work whose size became known on the way.
  void update(std::size_t done, std::size_t total);
  /// Clears the line, before the command's own messages.
  void finish();

 private:
  bool m_enabled;
  bool m_drawn = false;
  std::size_t m_drawn_at = 0;  ///< the count last drawn
  std::string m_label;
  std::size_t m_total;
};

}  // namespace reqtriage::cli
