#include <catch2/catch.hpp>

#include "reqtriage/learning.hpp"

using namespace reqtriage;

namespace {
double alike(const DedupeSettings& settings, const std::string& a, const std::string& b) {
  Normalizer normalizer(settings);
  std::vector<Document> documents{make_document(1, a, "", normalizer), make_document(2, b, "", normalizer),
                                  make_document(3, "Bulk edit in the grid", "", normalizer),
                                  make_document(4, "Audit log export", "", normalizer)};
  return similarity(documents[0], documents[1], rarity_of(documents), settings);
}
}  // namespace

TEST_CASE("a merge teaches that the words its titles differ by mean the same", "[learning]") {
  auto settings = default_dedupe_settings();
  double before = alike(settings, "Gantt chart for sprints", "Timeline for sprints");
  learn_from_decisions(settings, {{"Roadmap timeline for project portfolios", "Gantt chart for project portfolios"}},
                       {});
  CHECK(settings.learned_same.size() == 3);  // four words, one group
  CHECK(alike(settings, "Gantt chart for sprints", "Timeline for sprints") > before + 0.3);
  Normalizer normalizer(settings);
  CHECK(normalizer.tokens("timeline") == normalizer.tokens("gantt"));
}

TEST_CASE("titles differing by more than two words on a side teach nothing", "[learning]") {
  auto settings = default_dedupe_settings();
  learn_from_decisions(settings, {{"Slack alerts", "Post a message to our team channel when a deal closes"}},
                       {{"Slack alerts", "Post a message to our team channel when a deal closes"}});
  CHECK(settings.learned_same.empty());
  CHECK(settings.learned_different.empty());
}

TEST_CASE("a merge of titles not otherwise alike teaches nothing", "[learning]") {
  auto settings = default_dedupe_settings();
  learn_from_decisions(settings, {{"Export invoices to PDF", "Import invoices from Excel"}}, {});
  CHECK(settings.learned_same.empty());
  CHECK(alike(settings, "Export users to PDF", "Import users from Excel") < 0.5);
}

TEST_CASE("learned groups stay small: one careless merge cannot chain words together", "[learning]") {
  auto settings = default_dedupe_settings();
  learn_from_decisions(settings,
                       {{"kanban board for product teams", "gantt chart for product teams"},
                        {"gantt for product teams", "timeline for product teams"},
                        {"timeline for product teams", "calendar for product teams"}},
                       {});
  Normalizer normalizer(settings);
  CHECK(normalizer.tokens("kanban") == normalizer.tokens("chart"));
  CHECK(normalizer.tokens("calendar") != normalizer.tokens("kanban"));  // a fifth word stays out
}

TEST_CASE("a not-duplicate judgement teaches which words tell requests apart", "[learning]") {
  auto settings = default_dedupe_settings();
  double before = alike(settings, "Export payroll to PDF", "Export payroll to Excel");
  learn_from_decisions(settings, {}, {{"Export invoices to PDF", "Export invoices to Excel"}});
  CHECK(settings.learned_different == std::set<std::pair<std::string, std::string>>{{"pdf", "xlsx"}});
  CHECK(alike(settings, "Export payroll to PDF", "Export payroll to Excel") == Approx(before * 0.5));
  // Only when each title has its own word of the pair.
  CHECK(alike(settings, "Export payroll to PDF", "Export payroll to PDF and Excel") > 0.5);
  auto lines = learned_about(settings, "Export payroll to PDF", "Export payroll to Excel");
  REQUIRE(lines.size() == 1);
  CHECK(lines[0] == "'pdf' and 'xlsx' tell them apart (learned from a not-duplicate judgement): similarity x 0.5");
}

TEST_CASE("words a merge joined are never also learned apart", "[learning]") {
  auto settings = default_dedupe_settings();
  learn_from_decisions(settings, {{"Gantt chart of sprint work", "Timeline of sprint work"}},
                       {{"Gantt view", "Timeline view"}});
  CHECK(settings.learned_different.empty());
  CHECK(learned_about(settings, "Gantt for sprints", "Timeline for sprints").size() == 2);
}
