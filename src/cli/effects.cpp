// What a correction did for customers; see effects.hpp.
#include "effects.hpp"

#include <algorithm>
#include <vector>

#include "reqtriage/parse.hpp"
#include "reqtriage/scoring.hpp"

namespace reqtriage::cli {

MoneyEffects::MoneyEffects(Context& context) : m_before(standings(context)) {}

std::unordered_map<RequestId, MoneyEffects::Standing> MoneyEffects::standings(Context& context) {
  const auto& config = context.config();
  const auto& profile = config.scoring.find_profile(config.scoring.profile);
  RequestFilter every_request;
  every_request.include_merged = true;
  auto ranking = rank_store(context.store_for_reading(), config, profile, every_request, today_utc());
  std::unordered_map<RequestId, Standing> result;
  result.reserve(ranking.scores.size());
  for (const auto& score : ranking.scores) {
    const auto& q = score.quantities;
    result[score.request->id] = {score.request->title, q[Quantity::value], q[Quantity::pipeline],
                                 q[Quantity::won],     q[Quantity::lost],  score.score,
                                 score.rank};
  }
  return result;
}

namespace {

// "value 130,000 -> 80,000" for each figure that moved.
void add_change(std::vector<std::string>& changes, const char* name, double before, double after) {
  if (before != after) changes.push_back(fmt::format("{} {} -> {}", name, format_amount(before), format_amount(after)));
}

std::string rank_text(int rank) { return rank == 0 ? std::string("unranked") : std::to_string(rank); }

}  // namespace

Json MoneyEffects::report(Context& context) const {
  auto after = standings(context);
  std::vector<RequestId> ids;
  for (const auto& [id, standing] : after) ids.push_back(id);
  for (const auto& [id, standing] : m_before) {
    if (!after.count(id)) ids.push_back(id);
  }
  std::sort(ids.begin(), ids.end());
  auto json = Json::array();
  std::vector<std::string> lines;
  const auto& base = context.config().base_currency;
  for (auto id : ids) {
    auto was_found = m_before.find(id);
    auto now_found = after.find(id);
    Standing was = was_found == m_before.end() ? Standing{} : was_found->second;
    Standing now = now_found == after.end() ? Standing{} : now_found->second;
    std::vector<std::string> changes;
    add_change(changes, "value", was.value, now.value);
    add_change(changes, "pipeline", was.pipeline, now.pipeline);
    add_change(changes, "won", was.won, now.won);
    add_change(changes, "lost", was.lost, now.lost);
    // A rank that moved only because another request's did is no news.
    if (changes.empty() && was.score == now.score) continue;
    if (was.score != now.score) changes.push_back(fmt::format("score {} -> {}", format_score(was.score), format_score(now.score)));
    if (was.rank != now.rank) changes.push_back(fmt::format("rank {} -> {}", rank_text(was.rank), rank_text(now.rank)));
    const auto& title = now.title.empty() ? was.title : now.title;
    lines.push_back(fmt::format("  #{} '{}': {}", id, title, fmt::join(changes, "; ")));
    auto side = [](const Standing& s) {
      return Json{{"value", s.value}, {"pipeline", s.pipeline}, {"won", s.won}, {"lost", s.lost},
                  {"score", rounded_score(s.score)}, {"rank", s.rank == 0 ? Json() : Json(s.rank)}};
    };
    json.push_back({{"id", id}, {"title", title}, {"currency", base}, {"before", side(was)}, {"after", side(now)}});
  }
  if (lines.empty()) {
    context.say("No request's value, pipeline, won, lost or score changed.");
  } else {
    context.say("What changed for customers ({}, before -> after):", base);
    for (const auto& line : lines) context.say("{}", line);
  }
  return json;
}

void MoneyEffects::print(Context& context) const {
  auto effects = report(context);
  if (is_json(context.format())) context.print_json(Json{{"effects", std::move(effects)}});
}

}  // namespace reqtriage::cli
