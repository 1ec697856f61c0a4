// reqtriage score: the ranking, its explanation, and what-if comparisons.
#include <cmath>
#include <cstdlib>

#include "commands.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/html.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/scoring.hpp"

namespace reqtriage::cli {
namespace {

// The ranking now, or of the store as it stood on a past day, of the
// requests the filter keeps among the ranked statuses; only its first `top`
// when that is all that is shown (now, not in the past).
Ranking rank_ranked(Store& store, const Config& config, const Profile& profile, const PastStore* past,
                    const RequestFilter& filter, std::size_t top = SIZE_MAX) {
  RequestFilter ranked = filter;
  ranked.statuses = config.scoring.statuses;
  if (!filter.statuses.empty()) {
    for (auto status : filter.statuses) {
      if (std::find(ranked.statuses.begin(), ranked.statuses.end(), status) == ranked.statuses.end()) {
        throw UsageError(fmt::format("--status: {} requests are not ranked (the config's [scoring] statuses)",
                                     to_string(status)));
      }
    }
    ranked.statuses = filter.statuses;
  }
  if (ranked.statuses.empty()) return {};
  if (past) return rank_past(*past, config, profile, ranked);
  if (top != SIZE_MAX) return rank_store_top(store, config, profile, ranked, today_utc(), top);
  return rank_store(store, config, profile, ranked, today_utc());
}

// Each ask's part in the request's figures, for --explain ID.
std::vector<AskContribution> contributions(const std::vector<Ask>& asks, const AccountIndex& accounts,
                                           const Config& config) {
  std::vector<AskContribution> parts;
  request_figures(pointers_to(asks), accounts, config, &parts);
  return parts;
}

std::string stage_text(const AskContribution& part) {
  if (!part.stage_known) {
    return fmt::format("stage unknown{} (weight {})", part.ask->stage.empty() ? "" : " '" + part.ask->stage + "'",
                       format_number(part.weight));
  }
  return fmt::format("{} ({}, weight {})", part.ask->stage, to_string(part.kind), format_number(part.weight));
}

Json contributions_json(const std::vector<AskContribution>& parts) {
  auto list = Json::array();
  for (const auto& part : parts) {
    const Ask& ask = *part.ask;
    list.push_back({{"ask", ask.id},
                    {"account", ask.account.empty() ? Json() : Json(ask.account)},
                    {"deal", ask.deal.empty() ? Json() : Json(ask.deal)},
                    {"stage", ask.stage.empty() ? Json() : Json(ask.stage)},
                    {"stage_known", part.stage_known},
                    {"stage_kind", std::string(to_string(part.kind))},
                    {"stage_weight", part.weight},
                    {"importance", ask.importance == Importance::unset ? Json() : Json(std::string(to_string(ask.importance)))},
                    {"importance_multiplier", part.importance},
                    {"amount", part.amount},
                    {"adds_value", part.kind == StageKind::open ? part.adds_value : 0.0},
                    {"adds_pipeline", part.adds_pipeline},
                    {"deal_importance", part.deal_importance},
                    {"importance_from", part.importance_from == 0 ? Json() : Json(part.importance_from)},
                    {"adds_won", part.kind == StageKind::won ? part.adds_value : 0.0},
                    {"adds_lost", part.kind == StageKind::lost ? part.adds_value : 0.0},
                    {"counted_elsewhere", part.counted_elsewhere.empty() ? Json() : Json(part.counted_elsewhere)}});
  }
  return list;
}

std::size_t parse_top(const std::optional<std::string>& text) {
  return text ? parse_count(*text, "--top") : SIZE_MAX;
}

std::string score_cell(double score, Format format) { return format_score(score, format == Format::table); }

std::string flags_of(const Score& score) {
  std::vector<std::string> flags;
  if (score.quantities.needs_estimate) flags.emplace_back("needs-estimate");
  if (score.concentrated) {
    flags.push_back(fmt::format("one-customer-{:.0f}%",
                                score.quantities[Quantity::concentration] * 100));
  }
  return fmt::format("{}", fmt::join(flags, ","));
}

std::string rule_step(const RuleEffect& effect) {
  std::string step = effect.rule->name + ":";
  if (effect.rule->multiply != 1) step += " x " + format_number(effect.rule->multiply);
  if (effect.rule->add != 0) {
    step += fmt::format(" {} {}", effect.rule->add < 0 ? "-" : "+",
                        format_number(std::fabs(effect.rule->add)));
  }
  return step + " -> " + format_number(effect.after);
}

// "pipeline / effort = 70000 / 8 = 8750; Compliance: x 1.5 -> 13125"
std::string explain_inline(const Score& score, const Profile& profile) {
  auto text = fmt::format("{} = {} = {}", profile.formula.text(),
                          profile.formula.substitute(score.quantities.values),
                          format_number(score.base));
  for (const auto& effect : score.effects) text += "; " + rule_step(effect);
  return text;
}

Json quantities_json(const Quantities& quantities) {
  Json json = Json::object();
  for (std::size_t i = 0; i < quantity_count; ++i) json[quantity_names()[i]] = quantities.values[i];
  json["needs_estimate"] = quantities.needs_estimate;
  return json;
}

Json score_json(const Score& score, const Profile& profile) {
  const auto& request = *score.request;
  Json json;
  json["rank"] = score.rank == 0 ? Json() : Json(score.rank);
  if (score.view_rank != 0) json["view_rank"] = score.view_rank;
  json["id"] = request.id;
  json["title"] = request.title;
  json["status"] = std::string(to_string(request.status));
  json["score"] = rounded_score(score.score);
  json["profile"] = profile.name;
  json["formula"] = profile.formula.text();
  json["substituted"] = profile.formula.substitute(score.quantities.values);
  json["base"] = rounded_score(score.base);
  json["terms"] = Json::array();
  for (const auto& term : profile.formula.terms(score.quantities.values)) {
    json["terms"].push_back({{"sign", term.sign}, {"text", term.text}, {"value", rounded_score(term.value)}});
  }
  json["rules"] = Json::array();
  for (const auto& effect : score.effects) {
    json["rules"].push_back({{"name", effect.rule->name},
                             {"conditions", effect.rule->conditions},
                             {"multiply", effect.rule->multiply},
                             {"add", effect.rule->add},
                             {"before", rounded_score(effect.before)},
                             {"after", rounded_score(effect.after)}});
  }
  json["quantities"] = quantities_json(score.quantities);
  json["concentrated"] = score.concentrated;
  return json;
}

void print_ranking(Context& context, const std::vector<Score>& scores, std::size_t top,
                   const Profile& profile, bool explain) {
  auto shown = std::min(top, scores.size());
  if (is_json(context.format())) {
    auto list = Json::array();
    for (std::size_t i = 0; i < shown; ++i) list.push_back(score_json(scores[i], profile));
    context.print_json(list);
    return;
  }
  auto format = context.format();
  const auto& config = context.config();
  bool filtered = std::any_of(scores.begin(), scores.end(), [](const Score& score) { return score.view_rank != 0; });
  Table table;
  table.columns = {{"rank", Kind::number},
                   {"id", Kind::number},
                   {"score", Kind::number},
                   {"title", Kind::text, true},
                   {"status"},
                   {"accounts", Kind::number},
                   money_column("value", config.base_currency),
                   money_column("pipeline", config.base_currency),
                   {"effort", Kind::number},
                   {"flags"}};
  table.status_column = 4;
  if (filtered) table.columns.push_back({"view_rank", Kind::number});
  if (explain) table.columns.push_back({"explain", Kind::text, true});
  for (std::size_t i = 0; i < shown; ++i) {
    const auto& score = scores[i];
    const auto& q = score.quantities;
    auto effort = effort_cell(q[Quantity::effort]);
    if (q.needs_estimate && format == Format::table) effort += "?";
    std::vector<std::string> row{std::to_string(score.rank),
                                 std::to_string(score.request->id),
                                 score_cell(score.score, format),
                                 score.request->title,
                                 std::string(to_string(score.request->status)),
                                 effort_cell(q[Quantity::accounts]),
                                 amount_cell(q[Quantity::value], format),
                                 amount_cell(q[Quantity::pipeline], format),
                                 effort,
                                 flags_of(score)};
    if (filtered) row.push_back(std::to_string(score.view_rank));
    if (explain) row.push_back(explain_inline(score, profile));
    table.rows.push_back(std::move(row));
  }
  context.print_table(table);
}

// The value/effort quadrants: quick wins, big bets, fill-ins, money pits,
// each request at its place by value (up) and effort (right), labelled #id.
void print_matrix(Context& context, const std::vector<Score>& scores, std::size_t top) {
  if (context.format() == Format::svg) {
    std::vector<const Score*> ranked;
    for (const auto& score : scores) {
      if (score.rank > 0 && ranked.size() < top) ranked.push_back(&score);
    }
    fmt::print(stdout, "{}", value_effort_svg(ranked, ranked.size(), context.config().base_currency));
    return;
  }
  std::vector<const Score*> shown;
  for (const auto& score : scores) {
    if (shown.size() < top) shown.push_back(&score);
  }
  auto columns = std::max<std::size_t>(40, std::min<std::size_t>(context.table_style().width ? context.table_style().width : 80, 120));
  std::size_t width = columns - 2;  // inside the frame
  std::size_t height = 20;
  std::vector<std::string> grid(height, std::string(width, ' '));
  auto put = [&](std::size_t row, std::size_t column, const std::string& text) {
    for (std::size_t i = 0; i < text.size() && column + i < width; ++i) grid[row][column + i] = text[i];
  };
  for (std::size_t row = 0; row < height; ++row) grid[row][width / 2] = '|';
  grid[height / 2] = std::string(width, '-');
  grid[height / 2][width / 2] = '+';
  put(0, 1, "QUICK WINS");
  put(0, width - 9, "BIG BETS");
  put(height - 1, 1, "FILL-INS");
  put(height - 1, width - 11, "MONEY PITS");
  auto value = rank_positions(shown, Quantity::value);
  auto effort = rank_positions(shown, Quantity::effort);
  for (std::size_t i = 0; i < shown.size(); ++i) {
    auto label = fmt::format("#{}", shown[i]->request->id);
    auto row = static_cast<std::size_t>(std::lround((1 - value[i]) * static_cast<double>(height - 3))) + 1;
    auto column = static_cast<std::size_t>(std::lround(effort[i] * static_cast<double>(width - label.size() - 2))) + 1;
    // Move right (then down) until the label fits without covering another.
    for (std::size_t attempt = 0; attempt < width * height; ++attempt) {
      auto here = grid[row].substr(column - 1, label.size() + 2);  // a blank either side
      if (here.find_first_not_of(" -|") == std::string::npos) break;
      column = column + label.size() + 1 < width - label.size() ? column + 1 : 1;
      if (column == 1) row = row + 1 < height - 1 ? row + 1 : 1;
    }
    put(row, column, label);
  }
  const auto& base = context.config().base_currency;
  print_text("value ({}) ^\n", base);
  print_text("+{}+\n", std::string(width, '-'));
  for (const auto& line : grid) print_text("|{}|\n", line);
  print_text("+{}+\n", std::string(width, '-'));
  print_text("{:>{}}\n", "effort >", columns);
  print_text("{} requests, placed by their order of value and of effort.\n", shown.size());
}

void print_contributions(const std::vector<AskContribution>& parts, const Config& config) {
  print_text("\nasks (amounts in {})\n", config.base_currency);
  if (parts.empty()) print_text("  none\n");
  for (const auto& part : parts) {
    const Ask& ask = *part.ask;
    print_text("  #{} {}{}: {}, {}{}\n", ask.id, ask.account.empty() ? "(no account)" : ask.account,
               ask.deal.empty() ? "" : ", deal " + ask.deal,
               ask.value ? fmt::format("{} {}", config.base_currency, format_amount(part.amount)) : "no value",
               stage_text(part),
               ask.importance == Importance::unset
                   ? ""
                   : fmt::format(", {} x{}", to_string(ask.importance), format_number(part.importance)));
    if (!part.counted_elsewhere.empty()) {
      print_text("      adds nothing: {}\n", part.counted_elsewhere);
    } else if (part.kind == StageKind::open) {
      print_text("      adds value {}, pipeline {} ({} x {}){}\n", format_amount(part.adds_value),
                 format_amount(part.adds_pipeline), format_amount(part.adds_value), format_number(part.weight),
                 part.deal_importance == 1 ? ""
                                           : fmt::format("; importance x{} (from ask #{})",
                                                         format_number(part.deal_importance), part.importance_from));
    } else {
      print_text("      adds {} {} (kept out of value and pipeline)\n", part.kind == StageKind::won ? "won" : "lost",
                 format_amount(part.adds_value));
    }
  }
}

void print_explanation(Context& context, const Score& score, const Profile& profile, std::size_t ranked,
                       const std::vector<AskContribution>& parts) {
  if (is_json(context.format())) {
    auto json = score_json(score, profile);
    json["asks"] = contributions_json(parts);
    context.print_json(json);
    return;
  }
  const auto& config = context.config();
  const auto& request = *score.request;
  const auto& q = score.quantities;
  auto rank = score.rank > 0 ? fmt::format("rank {} of {}", score.rank, ranked)
                             : fmt::format("not ranked: status {} is not in [scoring] statuses",
                                           to_string(request.status));
  print_text("#{} {}  [{}]  {}\n", request.id, request.title, to_string(request.status), rank);
  print_text("profile {}: {}{}\n\n", profile.name, profile.formula.text(),
             profile.description.empty() ? "" : "  (" + profile.description + ")");
  print_text("quantities\n");
  for (std::size_t i = 0; i < quantity_count; ++i) {
    auto quantity = static_cast<Quantity>(i);
    std::string note;
    if (quantity == Quantity::value) {
      note = fmt::format("{}, open deals, each once; an account's deals by policy '{}'", config.base_currency,
                         to_string(config.scoring.account_policy));
    }
    if (quantity == Quantity::effort && q.needs_estimate) {
      note = "default_effort: needs an estimate";
    }
    if (quantity == Quantity::concentration && score.concentrated) {
      note = fmt::format("above concentration_flag {}", format_number(config.scoring.concentration_flag));
    }
    print_text("  {:<20} {:>14}{}\n", quantity_names()[i], format_number(q.values[i]),
               note.empty() ? "" : "   " + note);
  }
  print_contributions(parts, config);
  print_text("\nformula\n  {}\n  = {}\n  = {}\n", profile.formula.text(),
             profile.formula.substitute(q.values), format_number(score.base));
  auto terms = profile.formula.terms(q.values);
  if (terms.size() > 1) {
    print_text("\nterms\n");
    for (const auto& term : terms) {
      print_text("  {} {:<40} {:>14}\n", term.sign < 0 ? '-' : '+', term.text,
                 format_number(term.value));
    }
  }
  print_text("\nrules\n");
  if (score.effects.empty()) print_text("  none fired\n");
  for (const auto& effect : score.effects) {
    print_text("  {} (when {}): {} -> {}\n", effect.rule->name, effect.rule->conditions,
               format_number(effect.before), rule_step(effect).substr(effect.rule->name.size() + 2));
  }
  print_text("\nscore {}\n", format_score(score.score, true));
}

void explain_one(Context& context, Store& store, const Ranking& ranking, const Profile& profile,
                 const std::string& id_text, const PastStore* past) {
  auto id = parse_request_id(id_text, "--explain");
  const auto& config = context.config();
  std::vector<Ask> asks;
  if (past) {
    for (const auto& ask : past->asks) {
      if (ask.request_id == id) asks.push_back(ask);
    }
  } else {
    asks = store.asks_of(id);
  }
  for (const auto& score : ranking.scores) {
    if (score.request->id == id) {
      return print_explanation(context, score, profile, ranking.scores.size(),
                               contributions(asks, ranking.accounts, config));
    }
  }
  if (past) throw NotFoundError(fmt::format("request #{} was not ranked on that date", id));
  // Not ranked (shipped, declined, merged...): explain it all the same.
  auto request = store.get_request(id);
  auto accounts = index_accounts(store.list_accounts(), config);
  auto score = score_request(request, pointers_to(asks), accounts, config, profile, today_utc());
  print_explanation(context, score, profile, ranking.scores.size(), contributions(asks, accounts, config));
}

void print_what_if(Context& context, const Ranking& now, const Ranking& other,
                   const Profile& now_profile, const Profile& other_profile) {
  std::map<RequestId, const Score*> before;
  for (const auto& score : now.scores) before[score.request->id] = &score;
  std::map<RequestId, const Score*> after;
  for (const auto& score : other.scores) after[score.request->id] = &score;
  // Rows in the what-if order, then those the what-if config no longer ranks.
  std::vector<std::pair<const Score*, const Score*>> rows;
  for (const auto& score : other.scores) {
    auto found = before.find(score.request->id);
    rows.emplace_back(found == before.end() ? nullptr : found->second, &score);
  }
  for (const auto& score : now.scores) {
    if (!after.count(score.request->id)) rows.emplace_back(&score, nullptr);
  }
  auto move_of = [](const Score* a, const Score* b) -> std::string {
    if (!a) return "new";
    if (!b) return "out";
    int move = a->rank - b->rank;
    if (move == 0) return "same";
    return fmt::format("{} {}", move > 0 ? "up" : "down", std::abs(move));
  };
  if (is_json(context.format())) {
    auto list = Json::array();
    for (const auto& [a, b] : rows) {
      const auto& request = a ? *a->request : *b->request;
      list.push_back({{"id", request.id},
                      {"title", request.title},
                      {"rank", a ? Json(a->rank) : Json()},
                      {"what_if_rank", b ? Json(b->rank) : Json()},
                      {"move", move_of(a, b)},
                      {"score", a ? Json(rounded_score(a->score)) : Json()},
                      {"what_if_score", b ? Json(rounded_score(b->score)) : Json()}});
    }
    context.print_json(Json{{"profile", now_profile.name},
                                 {"what_if_profile", other_profile.name},
                                 {"requests", list}}
                                );
    return;
  }
  auto format = context.format();
  Table table;
  table.columns = {{"what_if_rank", Kind::number}, {"rank", Kind::number}, {"move", Kind::text},
                   {"id", Kind::number},           {"title", Kind::text, true},
                   {"score", Kind::number},        {"what_if_score", Kind::number}};
  for (const auto& [a, b] : rows) {
    const auto& request = a ? *a->request : *b->request;
    table.rows.push_back({b ? std::to_string(b->rank) : "", a ? std::to_string(a->rank) : "",
                          move_of(a, b), std::to_string(request.id), request.title,
                          a ? score_cell(a->score, format) : "",
                          b ? score_cell(b->score, format) : ""});
  }
  context.print_table(table);
}

}  // namespace

std::string value_effort_svg(const std::vector<const Score*>& scores, std::size_t highlighted,
                             const std::string& currency) {
  auto value = rank_positions(scores, Quantity::value);
  auto effort = rank_positions(scores, Quantity::effort);
  std::vector<ChartPoint> points;
  for (std::size_t i = 0; i < scores.size(); ++i) {
    const auto& request = *scores[i]->request;
    points.push_back({fmt::format("#{}", request.id),
                      fmt::format("#{} {}: value {} {}, effort {}", request.id, request.title, currency,
                                  format_amount(scores[i]->quantities[Quantity::value]),
                                  format_number(scores[i]->quantities[Quantity::effort])),
                      effort[i], value[i], scores[i]->rank > 0 && static_cast<std::size_t>(scores[i]->place()) <= highlighted});
  }
  return svg_quadrant_chart(points, "effort (by rank)", fmt::format("value, {} (by rank)", currency));
}

void run_score(Context& context, const ScoreOptions& options) {
  auto top = parse_top(options.top);
  std::optional<std::string> as_of;
  if (options.as_of) as_of = parse_date(*options.as_of, "--as-of");
  if (as_of && options.snapshot) throw UsageError("--snapshot saves the ranking as it is now: give it without --as-of");
  auto filter = read_filter(context, options.filter);
  if (filter.narrows() && options.snapshot) {
    throw UsageError("--snapshot saves the whole ranking: give it without filters");
  }
  const auto& config = context.config();
  const auto& profile = config.scoring.find_profile(options.profile.value_or(config.scoring.profile));
  auto& store = context.store_for_reading();
  std::optional<PastStore> past;
  if (as_of) past = store_at(context, store, *as_of);
  const PastStore* in_the_past = past ? &*past : nullptr;
  // A plain --top N list needs only the first N: the store streams past.
  bool whole_ranking = options.what_if || options.matrix || options.snapshot ||
                       (options.explain && !options.explain_id.empty());
  auto ranking = rank_ranked(store, config, profile, in_the_past, filter, whole_ranking ? SIZE_MAX : top);
  if (options.what_if) {  // both rankings of the same view, compared place by place
    auto other_config = load_config_file(*options.what_if);
    const auto& other_profile =
        other_config.scoring.find_profile(options.profile.value_or(other_config.scoring.profile));
    auto other = rank_ranked(store, other_config, other_profile, in_the_past, filter);
    print_what_if(context, ranking, other, profile, other_profile);
    return;
  }
  use_company_ranks(store, config, profile, filter, in_the_past, ranking);
  if (options.explain && !options.explain_id.empty()) {
    explain_one(context, store, ranking, profile, options.explain_id, in_the_past);
    return;
  }
  if (options.matrix) {
    print_matrix(context, ranking.scores, top);
  } else {
    print_ranking(context, ranking.scores, top, profile, options.explain);
  }
  if (options.snapshot) {
    context.store_for_writing().save_snapshot(snapshot_of(ranking.scores, profile.name, now_utc()));
  }
}

}  // namespace reqtriage::cli
