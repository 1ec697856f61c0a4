#pragma once
/// HTML and SVG for pages people would rather look at: self-contained
/// (inline CSS and inline SVG; no scripts, no fonts or images from the
/// network), readable printed or on a phone, every piece of user text
/// escaped.
#include <string>
#include <string_view>
#include <vector>

#include "reqtriage/table.hpp"

namespace reqtriage {

/// Text for HTML and SVG: & < > " ' escaped; control characters shown as
/// the terminal shows them.
std::string html_escape(std::string_view text);

/// A point of a quadrant chart: x and y from 0 to 1.
struct ChartPoint {
  std::string label;  ///< drawn beside the point ("#12")
  std::string title;  ///< shown on hover ("#12 SSO with Okta")
  double x = 0;
  double y = 0;
  bool highlighted = false;
};

/// A value/effort chart: each point at (x right, y up), lines at the middle
/// of both axes (the medians when positions are ranks), the four quadrants
/// named (quick wins top left, big bets top right, fill-ins, money pits).
std::string svg_quadrant_chart(const std::vector<ChartPoint>& points, const std::string& x_label,
                               const std::string& y_label);

struct BarGroup {
  std::string label;
  double first = 0;
  double second = 0;
};

/// Horizontal bars, two a label (value and pipeline, say), to scale, with
/// the amounts written beside them.
std::string svg_bar_chart(const std::vector<BarGroup>& groups, const std::string& first_name,
                          const std::string& second_name);

/// A table, cells escaped; number columns right-aligned.
std::string html_table(const Table& table);

/// A whole page: its title, the inline style, the body as given.
std::string html_page(const std::string& title, const std::string& body);

/// The page's parts, for writing a table row by row (TableWriter).
std::string html_page_start(const std::string& title);
std::string html_page_end();

}  // namespace reqtriage
