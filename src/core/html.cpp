// Self-contained HTML pages and inline SVG charts (see html.hpp).
#include "reqtriage/html.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "reqtriage/parse.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

constexpr std::string_view style = R"(
body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 1.5rem auto; max-width: 72rem;
       padding: 0 1rem; color: #1f2328; line-height: 1.4; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.25rem; margin-top: 2rem; border-bottom: 1px solid #d0d7de; }
p.note { color: #57606a; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0; font-size: .9rem; }
th, td { border: 1px solid #d0d7de; padding: .25rem .5rem; vertical-align: top; }
th { background: #f6f8fa; text-align: left; }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; }
.up { color: #1a7f37; } .down { color: #cf222e; }
svg { max-width: 100%; height: auto; }
@media print { body { max-width: none; margin: 0; } h2 { break-after: avoid; } table { break-inside: auto; } }
)";

// Money for a chart's labels: 1,234,567 as 1.2M, 12,345 as 12k.
std::string short_amount(double units) {
  double magnitude = std::fabs(units);
  if (magnitude >= 1e9) return fmt::format("{:.1f}bn", units / 1e9);
  if (magnitude >= 1e6) return fmt::format("{:.1f}M", units / 1e6);
  if (magnitude >= 1e3) return fmt::format("{:.0f}k", units / 1e3);
  return format_amount(units);
}

}  // namespace

std::string html_escape(std::string_view text) {
  std::string out;
  for (char c : escape_for_terminal(std::string(text), true)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

std::string svg_quadrant_chart(const std::vector<ChartPoint>& points, const std::string& x_label,
                               const std::string& y_label) {
  constexpr double width = 720, height = 440, left = 40, right = 16, top = 16, bottom = 40;
  constexpr double plot_width = width - left - right, plot_height = height - top - bottom;
  auto x_of = [&](double x) { return left + x * plot_width; };
  auto y_of = [&](double y) { return top + (1 - y) * plot_height; };
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" "
      "role=\"img\" aria-label=\"{2} against {3}\" font-family=\"sans-serif\" font-size=\"12\">\n",
      width, height, html_escape(y_label), html_escape(x_label));
  svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"#fff\" stroke=\"#8c959f\"/>\n", left,
                     top, plot_width, plot_height);
  svg += fmt::format("<line x1=\"{0}\" y1=\"{1}\" x2=\"{0}\" y2=\"{2}\" stroke=\"#8c959f\" stroke-dasharray=\"4 4\"/>\n",
                     x_of(0.5), top, top + plot_height);
  svg += fmt::format("<line x1=\"{1}\" y1=\"{0}\" x2=\"{2}\" y2=\"{0}\" stroke=\"#8c959f\" stroke-dasharray=\"4 4\"/>\n",
                     y_of(0.5), left, left + plot_width);
  // Boxes taken by text, so labels do not write over each other.
  struct Box {
    double x0, y0, x1, y1;
  };
  std::vector<Box> taken;
  auto text_box = [](double x, double y, std::size_t chars, bool to_right) {
    double w = 7.0 * static_cast<double>(chars);
    return to_right ? Box{x, y - 11, x + w, y + 2} : Box{x - w, y - 11, x, y + 2};
  };
  auto overlaps = [&](const Box& box) {
    return std::any_of(taken.begin(), taken.end(), [&](const Box& other) {
      return box.x0 < other.x1 && other.x0 < box.x1 && box.y0 < other.y1 && other.y0 < box.y1;
    });
  };
  auto corner = [&](double x, double y, const char* anchor, const char* name) {
    taken.push_back(text_box(x, y, std::string_view(name).size(), std::string_view(anchor) == "start"));
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" fill=\"#57606a\" font-weight=\"bold\">{}</text>\n", x,
                       y, anchor, name);
  };
  corner(left + 8, top + 18, "start", "QUICK WINS");
  corner(left + plot_width - 8, top + 18, "end", "BIG BETS");
  corner(left + 8, top + plot_height - 8, "start", "FILL-INS");
  corner(left + plot_width - 8, top + plot_height - 8, "end", "MONEY PITS");
  // Points keep clear of the frame; only the highlighted ones are labelled
  // (the others name themselves on hover), so a crowd stays readable.
  auto inset = [](double v) { return 0.04 + 0.92 * std::clamp(v, 0.0, 1.0); };
  for (const auto& point : points) {
    double cx = x_of(inset(point.x));
    double cy = y_of(inset(point.y));
    const char* color = point.highlighted ? "#0969da" : "#8c959f";
    svg += fmt::format("<g><title>{}</title><circle cx=\"{:.1f}\" cy=\"{:.1f}\" r=\"{}\" fill=\"{}\" fill-opacity=\"{}\"/>",
                       html_escape(point.title), cx, cy, point.highlighted ? 5 : 3.5, color,
                       point.highlighted ? "1" : "0.6");
    if (point.highlighted) {
      bool right_side = cx < left + plot_width * 0.85;
      double lx = right_side ? cx + 7 : cx - 7;
      double ly = cy + 4;
      // Down a line at a time (up near the bottom) until the label has room.
      double step = cy > top + plot_height * 0.8 ? -12 : 12;
      for (int tries = 0; tries < 12 && overlaps(text_box(lx, ly, point.label.size(), right_side)); ++tries) ly += step;
      taken.push_back(text_box(lx, ly, point.label.size(), right_side));
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{:.1f}\" fill=\"{}\" font-weight=\"bold\" text-anchor=\"{}\">{}</text>",
                         lx, ly, color, right_side ? "start" : "end", html_escape(point.label));
    }
    svg += "</g>\n";
  }
  svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{} &#8594;</text>\n", left + plot_width / 2,
                     height - 12, html_escape(x_label));
  svg += fmt::format("<text x=\"14\" y=\"{0}\" text-anchor=\"middle\" transform=\"rotate(-90 14 {0})\">{1} &#8594;</text>\n",
                     top + plot_height / 2, html_escape(y_label));
  return svg + "</svg>\n";
}

std::string svg_bar_chart(const std::vector<BarGroup>& groups, const std::string& first_name,
                          const std::string& second_name) {
  constexpr double width = 720, label_width = 120, bar_height = 12, gap = 10, amount_width = 70;
  double largest = 0;
  for (const auto& group : groups) largest = std::max({largest, group.first, group.second});
  double height = 30 + static_cast<double>(groups.size()) * (2 * bar_height + gap);
  double scale = largest > 0 ? (width - label_width - amount_width) / largest : 0;
  std::string svg = fmt::format(
      "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {0} {1}\" width=\"{0}\" height=\"{1}\" role=\"img\" "
      "aria-label=\"{2} and {3}\" font-family=\"sans-serif\" font-size=\"12\">\n",
      width, height, html_escape(first_name), html_escape(second_name));
  svg += fmt::format("<rect x=\"{}\" y=\"4\" width=\"10\" height=\"10\" fill=\"#0969da\"/><text x=\"{}\" y=\"13\">{}</text>\n",
                     label_width, label_width + 14, html_escape(first_name));
  svg += fmt::format("<rect x=\"{}\" y=\"4\" width=\"10\" height=\"10\" fill=\"#54aeff\"/><text x=\"{}\" y=\"13\">{}</text>\n",
                     label_width + 140, label_width + 154, html_escape(second_name));
  double y = 26;
  for (const auto& group : groups) {
    svg += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\">{}</text>\n", label_width - 8, y + bar_height + 4,
                       html_escape(group.label));
    for (auto [amount, color] : {std::pair(group.first, "#0969da"), std::pair(group.second, "#54aeff")}) {
      double length = std::max(0.0, amount * scale);
      svg += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{:.1f}\" height=\"{}\" fill=\"{}\"/>", label_width, y, length,
                         bar_height, color);
      svg += fmt::format("<text x=\"{:.1f}\" y=\"{}\" fill=\"#57606a\">{}</text>\n", label_width + length + 4,
                         y + bar_height - 2, short_amount(amount));
      y += bar_height;
    }
    y += gap;
  }
  return svg + "</svg>\n";
}

std::string html_table(const Table& table) {
  std::string html = "<div class=\"scroll\"><table>\n<thead><tr>";
  for (const auto& column : table.columns) {
    html += fmt::format("<th{}>{}</th>", column.kind == Kind::number ? " class=\"number\"" : "",
                        html_escape(column.name));
  }
  html += "</tr></thead>\n<tbody>\n";
  for (const auto& row : table.rows) {
    html += "<tr>";
    for (std::size_t i = 0; i < row.size() && i < table.columns.size(); ++i) {
      auto cell = html_escape(row[i]);
      std::string lines;
      for (char c : cell) lines += c == '\n' ? std::string("<br/>") : std::string(1, c);
      html += fmt::format("<td{}>{}</td>", table.columns[i].kind == Kind::number ? " class=\"number\"" : "", lines);
    }
    html += "</tr>\n";
  }
  return html + "</tbody>\n</table></div>\n";
}

std::string html_page_start(const std::string& title) {
  return fmt::format(
      "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n<title>{}</title>\n"
      "<style>{}</style>\n</head>\n<body>\n",
      html_escape(title), style);
}

std::string html_page_end() { return "</body>\n</html>\n"; }

std::string html_page(const std::string& title, const std::string& body) {
  return html_page_start(title) + body + html_page_end();
}

}  // namespace reqtriage
