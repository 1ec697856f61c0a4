// reqtriage report review: the weekly digest.
#include <algorithm>
#include <set>

#include "report_common.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/html.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/money.hpp"
#include "reqtriage/parse.hpp"

namespace reqtriage::cli {

namespace {

// Open requests whose status was set in the window, and declined or shipped ones.
bool is_decision(const std::string& status) {
  return status == "planned" || status == "in-progress" || status == "declined" || status == "shipped";
}

}  // namespace

void run_report_review(Context& context, const ReportOptions& options) {
  auto format = report_format(context, {Format::md, Format::html, Format::json}, "review");
  const auto& config = context.config();
  const auto& profile = chosen_profile(config, options);
  auto& store = context.store_for_reading();
  auto filter = read_filter(context, options.filter);
  if (options.save && (options.no_snapshot || options.as_of)) {
    throw UsageError(options.as_of ? "--save keeps the ranking as it is now: give it without --as-of"
                                   : "--save and --no-snapshot contradict each other");
  }
  if (filter.narrows() && options.save) {
    throw UsageError("--save keeps the whole ranking: give it without filters");
  }
  // With --as-of, the review as it would have been written at the end of that day.
  std::optional<PastStore> past;
  if (options.as_of) past = store_at(context, store, parse_date(*options.as_of, "--as-of"));
  auto now = past ? past->date + "T23:59:59Z" : now_utc();
  auto today = now.substr(0, 10);
  auto previous = store.latest_snapshot(now, profile.name);
  auto since = report_since(options, previous, now);
  std::size_t top = options.top ? parse_count(*options.top, "--top") : default_top;
  auto ranking = report_ranking(context, profile, filter, past ? &*past : nullptr);
  const auto& base = config.base_currency;
  bool as_json = format == Format::json;
  auto json = Json::object();
  json["date"] = today;
  json["since"] = since;
  json["profile"] = profile.name;
  json["currency"] = base;

  Table top_table;
  top_table.columns = {{"rank", Kind::number},     {"id", Kind::number},       {"title"},
                       {"status"},                 {"value", Kind::number},    {"pipeline", Kind::number},
                       {"effort", Kind::number},   {"target"},                 {"score", Kind::number}};
  json["top"] = Json::array();
  for (const auto& score : ranking.scores) {
    if (score.rank == 0 || static_cast<std::size_t>(score.place()) > top) continue;
    const auto& request = *score.request;
    const auto& q = score.quantities;
    top_table.rows.push_back({std::to_string(score.rank), std::to_string(request.id), request.title,
                              std::string(to_string(request.status)), money_cell(q[Quantity::value], Format::md),
                              money_cell(q[Quantity::pipeline], Format::md),
                              q.needs_estimate ? std::string("needs estimate") : effort_cell(request.effort),
                              request.target, format_score(score.score, true)});
    json["top"].push_back({{"rank", score.rank},
                           {"id", request.id},
                           {"title", request.title},
                           {"status", std::string(to_string(request.status))},
                           {"score", rounded_score(score.score)},
                           {"value", q[Quantity::value]},
                           {"pipeline", q[Quantity::pipeline]},
                           {"effort", request.effort ? Json(*request.effort) : Json()},
                           {"needs_estimate", q.needs_estimate},
                           {"target", request.target.empty() ? Json() : Json(request.target)}});
  }

  Table movers;
  movers.columns = {{"id", Kind::number}, {"title"}, {"rank", Kind::number}, {"was", Kind::number}, {"move"}};
  json["movers"] = Json::array();
  if (previous) {
    std::vector<std::pair<int, const Score*>> moved;
    for (const auto& score : ranking.scores) {
      if (score.rank == 0) continue;
      auto was = previous->ranks.find(score.request->id);
      int change = was == previous->ranks.end() ? 0 : was->second - score.rank;
      if (was == previous->ranks.end() || change != 0) moved.emplace_back(change, &score);
    }
    std::stable_sort(moved.begin(), moved.end(), [](const auto& a, const auto& b) {
      return std::abs(a.first) > std::abs(b.first);
    });
    for (const auto& [change, score] : moved) {
      // Past the top, only JSON lists them all: text stops early.
      if (!as_json && movers.rows.size() >= top) break;
      auto was = previous->ranks.find(score->request->id);
      bool fresh = was == previous->ranks.end();
      auto move = fresh ? std::string("new") : fmt::format("{} {}", change > 0 ? "up" : "down", std::abs(change));
      if (movers.rows.size() < top) {
        movers.rows.push_back({std::to_string(score->request->id), score->request->title, std::to_string(score->rank),
                               fresh ? "" : std::to_string(was->second), move});
      }
      if (as_json) {
        json["movers"].push_back({{"id", score->request->id}, {"title", score->request->title}, {"rank", score->rank},
                                  {"was", fresh ? Json() : Json(was->second)}, {"move", move}});
      }
    }
  }

  Table fresh;
  fresh.columns = {{"id", Kind::number}, {"title"}, {"accounts", Kind::number}, {"value", Kind::number}, {"logged"}};
  Table estimates;
  estimates.columns = {{"id", Kind::number}, {"title"}, {"accounts", Kind::number}, {"value", Kind::number}};
  std::map<Status, int> requests_by_status;
  json["new_requests"] = Json::array();
  json["needs_estimate"] = Json::array();
  std::vector<const Score*> unestimated;
  for (const auto& score : ranking.scores) {
    const auto& request = *score.request;
    ++requests_by_status[request.status];
    if (request.created_at >= since) {
      fresh.rows.push_back({std::to_string(request.id), request.title, effort_cell(score.quantities[Quantity::accounts]),
                            money_cell(score.quantities[Quantity::value], Format::md), request.created_at.substr(0, 10)});
      json["new_requests"].push_back({{"id", request.id}, {"title", request.title}, {"created_at", request.created_at}});
    }
    if (score.rank > 0 && score.quantities.needs_estimate) unestimated.push_back(&score);
  }
  std::stable_sort(unestimated.begin(), unestimated.end(), [](const Score* a, const Score* b) {
    return a->quantities[Quantity::value] > b->quantities[Quantity::value];
  });
  for (const auto* score : unestimated) {
    if (!as_json && estimates.rows.size() >= top) break;
    if (estimates.rows.size() < top) {
      estimates.rows.push_back({std::to_string(score->request->id), score->request->title,
                                effort_cell(score->quantities[Quantity::accounts]),
                                money_cell(score->quantities[Quantity::value], Format::md)});
    }
    if (as_json) {
      json["needs_estimate"].push_back({{"id", score->request->id}, {"title", score->request->title},
                                        {"value", score->quantities[Quantity::value]}});
    }
  }

  auto scores = by_id(ranking);
  // The asks stream past once: this window's are kept, and each is tallied
  // by its request's status, so memory does not grow with a year of asks.
  std::vector<Ask> window_asks;
  FiguresTally tally(ranking.accounts, config);
  for_each_report_ask(store, filter, past ? &*past : nullptr, [&](const Ask& ask) {
    auto found = scores.find(ask.request_id);
    if (found == scores.end()) return;
    tally.add(ask, furthest_first(found->second->request->status));
    if (ask.created_at >= since && ask.created_at <= now) window_asks.push_back(ask);
  });
  // Every new ask (--full), or one line per request: how many, from whom, worth what.
  Table new_asks;
  if (options.full) {
    new_asks.columns = {{"ask", Kind::number}, {"request"}, {"account"}, {"value", Kind::number}, {"stage"}, {"logged"}};
  } else {
    new_asks.columns = {{"request"}, {"status"}, {"asks", Kind::number}, {"accounts"}, {"value", Kind::number}};
  }
  json["new_asks"] = Json::array();
  std::map<RequestId, std::vector<const Ask*>> new_asks_of;
  std::size_t new_ask_count = 0;
  // New asks for features already declined or shipped: the rep gets the
  // answer already given.
  Table answered;
  answered.columns = {{"ask", Kind::number}, {"request"}, {"account"}, {"status"}, {"reason"}, {"workaround"}};
  json["asks_on_decided"] = Json::array();
  for (const auto& ask : window_asks) {
    const auto* score = scores.at(ask.request_id);
    ++new_ask_count;
    new_asks_of[ask.request_id].push_back(&ask);
    const auto& request = *score->request;
    if (options.full) {
      new_asks.rows.push_back({std::to_string(ask.id), fmt::format("#{} {}", request.id, request.title), ask.account,
                               ask.value ? money_cell(config.to_base(*ask.value), Format::md) : "", ask.stage,
                               ask.created_at.substr(0, 10)});
    }
    json["new_asks"].push_back({{"id", ask.id}, {"request_id", ask.request_id}, {"account", ask.account},
                                {"deal", ask.deal.empty() ? Json() : Json(ask.deal)},
                                {"value", ask.value ? Json(config.to_base(*ask.value)) : Json()}});
    if (!is_decided(request.status)) continue;
    auto status = std::string(to_string(request.status));
    answered.rows.push_back({std::to_string(ask.id), fmt::format("#{} {}", request.id, request.title), ask.account,
                             status, request.reason, request.workaround});
    json["asks_on_decided"].push_back({{"id", ask.id}, {"request_id", request.id}, {"account", ask.account},
                                       {"status", status}, {"reason", request.reason},
                                       {"workaround", request.workaround}});
  }
  // Per request, the most value first; each deal counted once.
  std::vector<std::pair<double, std::vector<std::string>>> summaries;
  json["new_asks_by_request"] = Json::array();
  for (const auto& [id, request_asks] : new_asks_of) {
    const auto& request = *scores.at(id)->request;
    auto figures = total_figures(request_asks, ranking.accounts, config);
    std::set<std::string> names;
    for (const Ask* ask : request_asks) {
      if (!ask->account.empty()) names.insert(ask->account);
    }
    std::vector<std::string> shown(names.begin(), names.end());
    if (shown.size() > 3) shown = {shown[0], shown[1], shown[2], fmt::format("+{} more", names.size() - 3)};
    summaries.push_back({figures.value,
                         {fmt::format("#{} {}", request.id, request.title), std::string(to_string(request.status)),
                          std::to_string(request_asks.size()), fmt::format("{}", fmt::join(shown, ", ")),
                          money_cell(figures.value, Format::md)}});
    json["new_asks_by_request"].push_back({{"id", request.id},
                                           {"title", request.title},
                                           {"status", std::string(to_string(request.status))},
                                           {"asks", request_asks.size()},
                                           {"accounts", std::vector<std::string>(names.begin(), names.end())},
                                           {"value", figures.value}});
  }
  if (!options.full) {
    std::stable_sort(summaries.begin(), summaries.end(),
                     [](const auto& a, const auto& b) { return a.first > b.first; });
    for (auto& [value, row] : summaries) new_asks.rows.push_back(std::move(row));
  }

  // The week's decisions with their reasons, and the delivery dates that moved.
  Table decided;
  decided.columns = {{"id", Kind::number}, {"title"}, {"status"}, {"reason"}, {"workaround"}, {"target"}, {"on"}};
  json["decided"] = Json::array();
  Table targets;
  targets.columns = {{"id", Kind::number}, {"title"}, {"was"}, {"target"}, {"on"}};
  json["target_changes"] = Json::array();
  auto window_history = store.recent_history([&](const HistoryEntry& entry) { return entry.at >= since; });
  std::reverse(window_history.begin(), window_history.end());  // oldest first, as the tables list them
  for (const auto& entry : window_history) {
    if (entry.action != "changed" || entry.at > now || !entry.request_id) continue;
    const auto* score = scores.count(*entry.request_id) ? scores.at(*entry.request_id) : nullptr;
    if (!score) continue;
    const auto& request = *score->request;
    if (entry.field == "status" && is_decision(entry.new_value)) {
      decided.rows.push_back({std::to_string(request.id), request.title, entry.new_value, request.reason,
                              request.workaround, request.target, entry.at.substr(0, 10)});
      json["decided"].push_back({{"id", request.id}, {"title", request.title}, {"status", entry.new_value},
                                 {"reason", request.reason}, {"workaround", request.workaround},
                                 {"target", request.target.empty() ? Json() : Json(request.target)},
                                 {"at", entry.at}});
    } else if (entry.field == "target") {
      targets.rows.push_back({std::to_string(request.id), request.title, entry.old_value,
                              entry.new_value.empty() ? std::string("(removed)") : entry.new_value,
                              entry.at.substr(0, 10)});
      json["target_changes"].push_back({{"id", request.id}, {"title", request.title},
                                        {"was", entry.old_value.empty() ? Json() : Json(entry.old_value)},
                                        {"target", entry.new_value.empty() ? Json() : Json(entry.new_value)},
                                        {"at", entry.at}});
    }
  }

  // Each deal once, in the row of its request furthest along (MONEY), so the
  // rows add up to the total however many requests a deal asks for.
  Table statuses;
  statuses.columns = {{"status"},
                      {"requests", Kind::number},
                      {"deals", Kind::number},
                      {"open value", Kind::number},
                      {"pipeline", Kind::number},
                      {"committed (won)", Kind::number},
                      {"lost", Kind::number}};
  json["value_by_status"] = Json::array();
  std::vector<BarGroup> status_bars;
  auto add_status_row = [&](const std::string& name, int requests, const Figures& totals) {
    if (name != "total") status_bars.push_back({name, totals.value, totals.pipeline});
    statuses.rows.push_back({name, std::to_string(requests), std::to_string(totals.deals),
                             money_cell(totals.value, Format::md), money_cell(totals.pipeline, Format::md),
                             money_cell(totals.won, Format::md), money_cell(totals.lost, Format::md)});
    auto record = Json{{"status", name}, {"requests", requests}};
    record.update(to_json(totals, base));
    json["value_by_status"].push_back(std::move(record));
  };
  int all_requests = 0;
  auto by_row = tally.figures_by_row();
  for (const auto& [status, count] : requests_by_status) {
    auto row = by_row.find(furthest_first(status));
    add_status_row(std::string(to_string(status)), count, row == by_row.end() ? Figures{} : row->second);
    all_requests += count;
  }
  if (!requests_by_status.empty()) add_status_row("total", all_requests, tally.figures());

  struct Section {
    std::string heading;
    const Table* table;
    std::string empty;
  };
  std::vector<Section> sections{
      {fmt::format("Top {}", top), &top_table, "Nothing is ranked yet."},
      {previous ? fmt::format("Rank movers since {}", previous->taken_at.substr(0, 10)) : std::string("Rank movers"),
       &movers, previous ? "No request moved." : "No earlier ranking to compare with yet."},
      {fmt::format("New requests ({})", fresh.rows.size()), &fresh, "None."},
      {options.full ? fmt::format("New asks ({})", new_ask_count)
                    : fmt::format("New asks ({} on {} request{})", new_ask_count, new_asks_of.size(),
                                  new_asks_of.size() == 1 ? "" : "s"),
       &new_asks, "None."},
      {fmt::format("Asks on declined or shipped requests since {}", since.substr(0, 10)), &answered,
       "None: every new ask is for an open request."},
      {"Needing an effort estimate, by value", &estimates, "None: every ranked request is estimated."},
      {"Decisions", &decided, "None."},
      {"Target changes", &targets, "None."},
      {"Value by status (each deal once, under its request furthest along)", &statuses, "No requests."},
  };
  if (format == Format::md) {
    print_text("# Weekly review, {}\n\n_Since {}; values in {}; ranks by profile {}._\n", today, since.substr(0, 10),
               base, profile.name);
    for (const auto& section : sections) print_section(section.heading, *section.table, section.empty);
  } else if (format == Format::html) {
    std::vector<const Score*> ranked;
    for (const auto& score : ranking.scores) {
      if (score.rank > 0) ranked.push_back(&score);
    }
    // Movers with arrows: up green, down red.
    for (auto& row : movers.rows) {
      auto& move = row.back();
      if (move.starts_with("up ")) move = "\u25B2 " + move.substr(3);
      if (move.starts_with("down ")) move = "\u25BC " + move.substr(5);
    }
    std::string body = fmt::format("<h1>Weekly review, {}</h1>\n<p class=\"note\">Since {}; values in {}; ranks by "
                                   "profile {}.</p>\n",
                                   today, html_escape(since.substr(0, 10)), html_escape(base), html_escape(profile.name));
    for (const auto& section : sections) {
      body += fmt::format("<h2>{}</h2>\n", html_escape(section.heading));
      if (section.table == &top_table && !ranked.empty()) {
        body += fmt::format("<p class=\"note\">Every ranked request by its rank of value (up) and of effort "
                            "(right); the top {} in blue.</p>\n",
                            top);
        body += value_effort_svg(ranked, top, base);
      }
      if (section.table == &statuses && !status_bars.empty()) body += svg_bar_chart(status_bars, "value", "pipeline");
      body += section.table->rows.empty() ? fmt::format("<p>{}</p>\n", html_escape(section.empty))
                                          : html_table(*section.table);
    }
    print_text("{}", html_page(fmt::format("Weekly review, {}", today), body));
  } else {
    context.print_json(json);
  }
  // Saving is explicit: a review run twice (Markdown, then HTML) reports
  // the same week, and only a saved ranking starts the next one.
  if (options.save && !past) {
    auto snapshot = snapshot_of(ranking.scores, profile.name, now);
    context.store_for_writing().save_snapshot(snapshot);
    context.say("Saved this ranking of {} requests (profile {}, {}): the next review's movers and window start "
                "here; `reqtriage report review` shows it.",
                snapshot.ranks.size(), profile.name, now.substr(0, 10));
  }
}

}  // namespace reqtriage::cli
