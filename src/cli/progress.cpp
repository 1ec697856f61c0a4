#include "progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include "context.hpp"

namespace reqtriage::cli {
namespace {

// Work smaller than this finishes before a progress line would help.
constexpr std::size_t large_work = 5000;
// Redraw every this many items: often enough to move, rarely enough to cost
// nothing.
constexpr std::size_t redraw_every = 1000;

}  // namespace

Progress::Progress(const Context& context, std::string label, std::size_t total)
    : m_enabled(!context.options().quiet && ::isatty(STDERR_FILENO) == 1),
      m_label(std::move(label)),
      m_total(total) {}

Progress::~Progress() { finish(); }

void Progress::finish() {
  if (m_drawn) fmt::print(stderr, "\r\033[K");
  m_drawn = false;
  m_enabled = false;
}

void Progress::update(std::size_t done, std::size_t total) {
  m_total = total;
  update(done);
}

void Progress::update(std::size_t done) {
  if (!m_enabled || done % redraw_every != 0) return;
  // Small work is over before the line would help; of work of unknown size,
  // the first few thousand items say nothing yet.
  if (m_total > 0 ? m_total < large_work : done < large_work) return;
  if (m_total == 0) {
    fmt::print(stderr, "\r{}: {}", m_label, done);
  } else {
    fmt::print(stderr, "\r{}: {}/{} ({}%)", m_label, done, m_total, done * 100 / m_total);
  }
  m_drawn = true;
}

}  // namespace reqtriage::cli
