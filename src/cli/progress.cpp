#include "progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "context.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage::cli {
namespace {

// Work smaller than this finishes before a progress line would help.
constexpr std::size_t large_work = 5000;
// Redraw every this many items: often enough to move, rarely enough to cost
// nothing.
constexpr std::size_t redraw_every = 1000;

// The line's own control codes go out as they are; a failed write is ignored.
void draw(const std::string& text) {
  std::fwrite(text.data(), 1, text.size(), stderr);
  std::fflush(stderr);
  std::clearerr(stderr);
}

}  // namespace

Progress::Progress(const Context& context, std::string label, std::size_t total)
    : m_enabled(!context.options().quiet && ::isatty(STDERR_FILENO) == 1),
      m_label(escape_for_terminal(label)),
      m_total(total) {}

Progress::~Progress() { finish(); }

void Progress::finish() {
  if (m_drawn) draw("\r\033[K");
  m_drawn = false;
  m_enabled = false;
}

void Progress::update(std::size_t done, std::size_t total) {
  m_total = total;
  update(done);
}

void Progress::update(std::size_t done) {
  // Redrawn each time the count passes a multiple of redraw_every, however
  // large its steps (an import reports a batch at a time).
  if (!m_enabled || done / redraw_every <= m_drawn_at / redraw_every) return;
  // Small work is over before the line would help; of work of unknown size,
  // the first few thousand items say nothing yet.
  if (m_total > 0 ? m_total < large_work : done < large_work) return;
  if (m_total == 0) {
    draw(fmt::format("\r{}: {}", m_label, done));
  } else {
    draw(fmt::format("\r{}: {}/{} ({}%)", m_label, done, m_total, done * 100 / m_total));
  }
  m_drawn = true;
  m_drawn_at = done;
}

}  // namespace reqtriage::cli
