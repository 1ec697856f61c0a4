// reqtriage report accounts / review: the facts sales negotiates from, and
// the weekly digest.
#include <cstdlib>
#include <map>
#include <set>

#include "commands.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/html.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/scoring.hpp"
#include "reqtriage/money.hpp"

namespace reqtriage::cli {
namespace {

constexpr std::size_t default_top = 10;

// Everything not merged, scored: merged requests' asks sit on their survivors.
Ranking current_ranking(Context& context, const Profile& profile) {
  return rank_store(context.store_for_reading(), context.config(), profile, RequestFilter{}, today_utc());
}

std::map<RequestId, const Score*> by_id(const Ranking& ranking) {
  std::map<RequestId, const Score*> scores;
  for (const auto& score : ranking.scores) scores[score.request->id] = &score;
  return scores;
}

const Profile& chosen_profile(const Config& config, const ReportOptions& options) {
  return config.scoring.find_profile(options.profile.value_or(config.scoring.profile));
}

Format report_format(Context& context, std::initializer_list<Format> allowed, const char* report) {
  auto format = context.format_given() ? context.format() : Format::md;
  if (std::find(allowed.begin(), allowed.end(), format) == allowed.end()) {
    std::vector<std::string> names;
    for (auto name : allowed) names.emplace_back(to_string(name));
    throw UsageError(fmt::format("--format: report {} is written as {}", report, fmt::join(names, ", ")));
  }
  return format;
}

std::string money_cell(double units, Format format) {
  return amount_cell(units, format == Format::md ? Format::table : format);
}

std::string rank_cell(const Score* score) {
  return score && score->rank > 0 ? std::to_string(score->rank) : "";
}

void print_section(const std::string& heading, const Table& table, const std::string& empty) {
  print_text("\n## {}\n\n", heading);
  if (table.rows.empty()) {
    print_text("{}\n", empty);
    return;
  }
  write_table(stdout, table, Format::md, TableStyle{});
}

}  // namespace

void run_report_accounts(Context& context, const ReportOptions& options) {
  auto format = report_format(context, {Format::md, Format::html, Format::csv, Format::tsv, Format::json, Format::jsonl},
                              "accounts");
  const auto& config = context.config();
  const auto& profile = chosen_profile(config, options);
  auto& store = context.store_for_reading();
  // As things stood at the end of a past day, rebuilt from the history, or now.
  std::optional<PastStore> past;
  if (options.as_of) past = store_as_of(store, parse_date(*options.as_of, "--as-of"));
  auto ranking = past ? rank_past(*past, config, profile, RequestFilter{}) : current_ranking(context, profile);
  auto scores = by_id(ranking);
  RequestFilter filter;
  std::int64_t only_account = 0;
  if (!options.account.empty()) {
    auto account = store.match_account(options.account);
    if (!account) throw NotFoundError(fmt::format("no account '{}'", options.account));
    filter.account = account->name;
    only_account = account->id;
  }
  auto asks = past ? past->asks : store.list_asks(filter);
  std::map<std::int64_t, std::vector<const Ask*>> asks_of;
  for (const auto& ask : asks) {
    if (ask.account_id != 0 && (only_account == 0 || ask.account_id == only_account)) {
      asks_of[ask.account_id].push_back(&ask);
    }
  }
  const auto& base = config.base_currency;
  Table table;
  table.columns = {{"account"},          {"ask", Kind::number}, {"request", Kind::number},
                   {"title"},            {"status"},           {"rank", Kind::number},
                   {"effort", Kind::number}, {"deal"},          {"value_" + base, Kind::number}, {"stage"},
                   {"stage_kind"},       {"close_date"},       {"reason"},           {"workaround"}};
  auto json = Json::array();
  std::string markdown;
  std::string html;
  auto accounts = past ? past->accounts : store.list_accounts();
  for (const auto& account : accounts) {
    auto found = asks_of.find(account.id);
    if (found == asks_of.end()) continue;
    std::vector<const Ask*> counted;  // on requests still in the ranking's view
    Table own;
    own.columns = {{"ask", Kind::number}, {"request"}, {"status"}, {"rank", Kind::number}, {"effort", Kind::number},
                   {"deal"}, {"value", Kind::number}, {"stage"}, {"close"}, {"decision"}};
    auto asks_json = Json::array();
    for (const Ask* ask : found->second) {
      const auto* score = scores.count(ask->request_id) ? scores.at(ask->request_id) : nullptr;
      if (!score) continue;
      counted.push_back(ask);
      const auto& request = *score->request;
      double value = ask->value ? config.to_base(*ask->value) : 0;
      auto kind = std::string(to_string(config.stage_kind(ask->stage)));
      auto effort = request.effort ? effort_cell(request.effort) : "";
      std::string decision = request.reason;
      if (!request.workaround.empty()) {
        decision += (decision.empty() ? "" : "; ") + std::string("workaround: ") + request.workaround;
      }
      auto stage = ask->stage.empty() ? std::string() : fmt::format("{} ({})", ask->stage, kind);
      table.rows.push_back({account.name, std::to_string(ask->id), std::to_string(request.id), request.title,
                            std::string(to_string(request.status)), rank_cell(score), effort, ask->deal,
                            money_cell(value, Format::csv), ask->stage, kind, ask->close_date, request.reason,
                            request.workaround});
      own.rows.push_back({std::to_string(ask->id), fmt::format("#{} {}", request.id, request.title),
                          std::string(to_string(request.status)), rank_cell(score), effort, ask->deal,
                          money_cell(value, Format::md), stage, ask->close_date, decision});
      asks_json.push_back({{"ask", ask->id}, {"request", request.id}, {"title", request.title},
                           {"status", std::string(to_string(request.status))},
                           {"rank", score->rank > 0 ? Json(score->rank) : Json()},
                           {"effort", request.effort ? Json(*request.effort) : Json()},
                           {"deal", ask->deal.empty() ? Json() : Json(ask->deal)},
                           {"value", value}, {"stage", ask->stage}, {"stage_kind", kind},
                           {"close_date", ask->close_date}, {"reason", request.reason},
                           {"workaround", request.workaround}});
    }
    if (counted.empty()) continue;
    auto totals = total_figures(counted, ranking.accounts, config);
    std::set<RequestId> requests;
    for (const Ask* ask : counted) requests.insert(ask->request_id);
    std::vector<std::string> facts;
    if (!account.segment.empty()) facts.push_back("segment " + account.segment);
    if (account.arr) facts.push_back("ARR " + format_money(*account.arr));
    facts.push_back(fmt::format("value at stake {} {} over {} request{} ({} deal{})", base,
                                format_amount(totals.value), requests.size(), requests.size() == 1 ? "" : "s",
                                totals.deals, totals.deals == 1 ? "" : "s"));
    if (totals.won > 0) facts.push_back(fmt::format("committed (won) {} {}", base, format_amount(totals.won)));
    if (totals.lost > 0) facts.push_back(fmt::format("lost {} {}", base, format_amount(totals.lost)));
    // Each format's brief is written only when asked for.
    auto facts_line = [&](std::string (*escape)(std::string_view)) {
      std::vector<std::string> escaped;
      for (const auto& fact : facts) escaped.push_back(escape(fact));
      return fmt::format("{}", fmt::join(escaped, " · "));
    };
    if (format == Format::md) {
      markdown += fmt::format("\n## {}\n\n{}\n\n", markdown_text(account.name), facts_line(markdown_text));
      char* buffer = nullptr;
      std::size_t size = 0;
      std::FILE* memory = open_memstream(&buffer, &size);
      write_table(memory, own, Format::md, TableStyle{});
      std::fclose(memory);
      markdown.append(buffer, size);
      std::free(buffer);
    }
    if (format == Format::html) {
      html += fmt::format("<h2>{}</h2>\n<p>{}</p>\n{}", html_escape(account.name), facts_line(html_escape),
                          html_table(own));
    }
    auto record = Json{{"account", account.name}, {"segment", account.segment},
                       {"arr", account.arr ? Json(static_cast<double>(account.arr->cents) / 100) : Json()},
                       {"arr_currency", account.arr ? Json(account.arr->currency) : Json()},
                       {"requests", requests.size()}};
    record.update(to_json(totals, base));
    record["ask_list"] = asks_json;
    json.push_back(std::move(record));
  }
  switch (format) {
    case Format::md:
      print_text("# Account report\n\n_As of {}; values in {}; ranks by profile {}._\n{}", past ? past->date : today_utc(),
                 base, profile.name, markdown.empty() ? "\nNo asks from any account yet.\n" : markdown);
      break;
    case Format::html:
      print_text("{}", html_page(fmt::format("Account report, {}", past ? past->date : today_utc()),
                                 fmt::format("<h1>Account report</h1>\n<p class=\"note\">As of {}; values in {}; ranks by "
                                             "profile {}.</p>\n{}",
                                             past ? past->date : today_utc(), html_escape(base),
                                             html_escape(profile.name),
                                             html.empty() ? "<p>No asks from any account yet.</p>\n" : html)));
      break;
    case Format::json:
    case Format::jsonl:
      context.print_json(json);
      break;
    default:
      context.print_table(table);
  }
}

void run_report_review(Context& context, const ReportOptions& options) {
  auto format = report_format(context, {Format::md, Format::html, Format::json}, "review");
  const auto& config = context.config();
  const auto& profile = chosen_profile(config, options);
  auto& store = context.store_for_reading();
  // With --as-of, the review as it would have been written at the end of that day.
  std::optional<PastStore> past;
  if (options.as_of) past = store_as_of(store, parse_date(*options.as_of, "--as-of"));
  auto now = past ? past->date + "T23:59:59Z" : now_utc();
  auto today = now.substr(0, 10);
  auto previous = store.latest_snapshot(now);
  // A date, or the previous review's time: compared with ISO timestamps as text.
  std::string since;
  if (options.since) {
    since = parse_date(*options.since, "--since");
  } else if (previous) {
    since = previous->taken_at;
  } else {
    since = add_days(today, -7);
  }
  std::size_t top = options.top ? parse_count(*options.top, "--top") : default_top;
  auto ranking = past ? rank_past(*past, config, profile, RequestFilter{}) : current_ranking(context, profile);
  const auto& base = config.base_currency;
  auto json = Json::object();
  json["date"] = today;
  json["since"] = since;
  json["profile"] = profile.name;
  json["currency"] = base;

  auto score_row = [&](const Score& score) {
    return std::vector<std::string>{std::to_string(score.rank), std::to_string(score.request->id),
                                    score.request->title, std::string(to_string(score.request->status)),
                                    effort_cell(score.quantities[Quantity::accounts]),
                                    money_cell(score.quantities[Quantity::value], Format::md),
                                    format_number(score.score)};
  };
  Table top_table;
  top_table.columns = {{"rank", Kind::number}, {"id", Kind::number}, {"title"}, {"status"},
                       {"accounts", Kind::number}, {"value", Kind::number}, {"score", Kind::number}};
  json["top"] = Json::array();
  for (const auto& score : ranking.scores) {
    if (score.rank == 0 || static_cast<std::size_t>(score.rank) > top) continue;
    top_table.rows.push_back(score_row(score));
    json["top"].push_back({{"rank", score.rank}, {"id", score.request->id}, {"title", score.request->title},
                           {"score", score.score}, {"value", score.quantities[Quantity::value]}});
  }

  Table movers;
  movers.columns = {{"id", Kind::number}, {"title"}, {"rank", Kind::number}, {"was", Kind::number}, {"move"}};
  json["movers"] = Json::array();
  if (previous) {
    std::vector<std::pair<int, const Score*>> moved;
    for (const auto& score : ranking.scores) {
      if (score.rank == 0) continue;
      auto was = previous->ranks.find(score.request->id);
      int change = was == previous->ranks.end() ? 0 : was->second.rank - score.rank;
      if (was == previous->ranks.end() || change != 0) moved.emplace_back(change, &score);
    }
    std::stable_sort(moved.begin(), moved.end(), [](const auto& a, const auto& b) {
      return std::abs(a.first) > std::abs(b.first);
    });
    for (const auto& [change, score] : moved) {
      auto was = previous->ranks.find(score->request->id);
      bool fresh = was == previous->ranks.end();
      auto move = fresh ? std::string("new") : fmt::format("{} {}", change > 0 ? "up" : "down", std::abs(change));
      if (movers.rows.size() < top) {
        movers.rows.push_back({std::to_string(score->request->id), score->request->title, std::to_string(score->rank),
                               fresh ? "" : std::to_string(was->second.rank), move});
      }
      json["movers"].push_back({{"id", score->request->id}, {"title", score->request->title}, {"rank", score->rank},
                                {"was", fresh ? Json() : Json(was->second.rank)}, {"move", move}});
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
    if (estimates.rows.size() < top) {
      estimates.rows.push_back({std::to_string(score->request->id), score->request->title,
                                effort_cell(score->quantities[Quantity::accounts]),
                                money_cell(score->quantities[Quantity::value], Format::md)});
    }
    json["needs_estimate"].push_back({{"id", score->request->id}, {"title", score->request->title},
                                      {"value", score->quantities[Quantity::value]}});
  }

  auto scores = by_id(ranking);
  Table new_asks;
  new_asks.columns = {{"ask", Kind::number}, {"request"}, {"account"}, {"value", Kind::number}, {"stage"}, {"logged"}};
  json["new_asks"] = Json::array();
  // New asks for features already declined or shipped: the rep gets the
  // answer already given.
  Table answered;
  answered.columns = {{"ask", Kind::number}, {"request"}, {"account"}, {"status"}, {"reason"}, {"workaround"}};
  json["asks_on_decided"] = Json::array();
  auto asks = past ? past->asks : store.list_asks(RequestFilter{});
  for (const auto& ask : asks) {
    if (ask.created_at < since || ask.created_at > now) continue;
    const auto* score = scores.count(ask.request_id) ? scores.at(ask.request_id) : nullptr;
    auto title = score ? score->request->title : std::string();
    new_asks.rows.push_back({std::to_string(ask.id), fmt::format("#{} {}", ask.request_id, title), ask.account,
                             ask.value ? money_cell(config.to_base(*ask.value), Format::md) : "", ask.stage,
                             ask.created_at.substr(0, 10)});
    json["new_asks"].push_back({{"id", ask.id}, {"request", ask.request_id}, {"account", ask.account},
                                {"deal", ask.deal.empty() ? Json() : Json(ask.deal)},
                                {"value", ask.value ? Json(config.to_base(*ask.value)) : Json()}});
    if (!score || !is_decided(score->request->status)) continue;
    const auto& request = *score->request;
    auto status = std::string(to_string(request.status));
    answered.rows.push_back({std::to_string(ask.id), fmt::format("#{} {}", request.id, request.title), ask.account,
                             status, request.reason, request.workaround});
    json["asks_on_decided"].push_back({{"id", ask.id}, {"request", request.id}, {"account", ask.account},
                                       {"status", status}, {"reason", request.reason},
                                       {"workaround", request.workaround}});
  }

  Table decided;
  decided.columns = {{"id", Kind::number}, {"title"}, {"status"}, {"reason"}, {"workaround"}, {"on"}};
  json["decided"] = Json::array();
  for (const auto& entry : store.history(std::nullopt)) {
    if (entry.field != "status" || entry.at < since || entry.at > now || !entry.request_id) continue;
    if (entry.new_value != "declined" && entry.new_value != "shipped") continue;
    const auto* score = scores.count(*entry.request_id) ? scores.at(*entry.request_id) : nullptr;
    if (!score) continue;
    const auto& request = *score->request;
    decided.rows.push_back({std::to_string(request.id), request.title, entry.new_value, request.reason,
                            request.workaround, entry.at.substr(0, 10)});
    json["decided"].push_back({{"id", request.id}, {"title", request.title}, {"status", entry.new_value},
                               {"reason", request.reason}, {"workaround", request.workaround}, {"at", entry.at}});
  }

  // Each deal once per status, and once in the total, however many requests it asks for.
  std::map<Status, std::vector<const Ask*>> asks_by_status;
  std::vector<const Ask*> ranked_asks;
  for (const auto& ask : asks) {
    const auto* score = scores.count(ask.request_id) ? scores.at(ask.request_id) : nullptr;
    if (!score) continue;
    asks_by_status[score->request->status].push_back(&ask);
    ranked_asks.push_back(&ask);
  }
  Table statuses;
  statuses.columns = {{"status"}, {"requests", Kind::number}, {"deals", Kind::number}, {"value", Kind::number},
                      {"pipeline", Kind::number}, {"won", Kind::number}, {"lost", Kind::number}};
  json["value_by_status"] = Json::array();
  std::vector<BarGroup> status_bars;
  auto add_status_row = [&](const std::string& name, int requests, const std::vector<const Ask*>& status_asks) {
    auto totals = total_figures(status_asks, ranking.accounts, config);
    if (name != "total") status_bars.push_back({name, totals.value, totals.pipeline});
    statuses.rows.push_back({name, std::to_string(requests), std::to_string(totals.deals),
                             money_cell(totals.value, Format::md), money_cell(totals.pipeline, Format::md),
                             money_cell(totals.won, Format::md), money_cell(totals.lost, Format::md)});
    auto record = Json{{"status", name}, {"requests", requests}};
    record.update(to_json(totals, base));
    json["value_by_status"].push_back(std::move(record));
  };
  int all_requests = 0;
  for (const auto& [status, count] : requests_by_status) {
    add_status_row(std::string(to_string(status)), count, asks_by_status[status]);
    all_requests += count;
  }
  if (!requests_by_status.empty()) add_status_row("total", all_requests, ranked_asks);

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
      {fmt::format("New asks ({})", new_asks.rows.size()), &new_asks, "None."},
      {fmt::format("Asks on declined or shipped requests since {}", since.substr(0, 10)), &answered,
       "None: every new ask is for an open request."},
      {"Needing an effort estimate, by value", &estimates, "None: every ranked request is estimated."},
      {"Declined and shipped", &decided, "None."},
      {"Value by status (each deal once)", &statuses, "No requests."},
  };
  if (format == Format::md) {
    print_text("# Weekly review, {}\n\n_Since {}; values in {}; ranks by profile {}._\n", today, since,
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
                                   today, html_escape(since), html_escape(base), html_escape(profile.name));
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
  if (!options.no_snapshot && !past) {
    context.store_for_writing().save_snapshot(snapshot_of(ranking.scores, profile.name, now));
  }
}

}  // namespace reqtriage::cli
