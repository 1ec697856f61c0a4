// reqtriage report reps: for each sales rep, their customers' asks whose
// request changed since a date, with the sentence to send.
#include <map>

#include "report_common.hpp"
#include "reqtriage/json.hpp"

namespace reqtriage::cli {
namespace {

// What happened to a request in the window, one phrase per change.
std::map<RequestId, std::vector<std::string>> changes_since(Store& store, const std::string& since,
                                                            const std::string& now) {
  std::map<RequestId, std::vector<std::string>> changes;
  for (const auto& entry : store.history(std::nullopt)) {
    if (!entry.request_id || entry.at < since || entry.at > now) continue;
    auto& phrases = changes[*entry.request_id];
    if (entry.action == "merged") {
      phrases.push_back("merged into " + entry.new_value);
    } else if (entry.action == "unmerged") {
      phrases.emplace_back("unmerged");
    } else if (entry.action != "changed") {
      continue;
    } else if (entry.field == "status") {
      phrases.push_back(fmt::format("{} \u2192 {}", entry.old_value, entry.new_value));
    } else if (entry.field == "target") {
      phrases.push_back(entry.new_value.empty() ? std::string("target removed") : "target " + entry.new_value);
    } else if (entry.field == "links") {
      phrases.push_back(entry.new_value.empty() ? std::string("links removed") : "links " + entry.new_value);
    } else if (entry.field == "reason" || entry.field == "workaround") {
      phrases.push_back(entry.field + " updated");
    }
  }
  return changes;
}

struct RepLine {
  const Ask* ask;
  const Request* request;
  std::vector<std::string> changes;
};

}  // namespace

void run_report_reps(Context& context, const ReportOptions& options) {
  auto format = report_format(context, {Format::md, Format::csv, Format::tsv, Format::json, Format::jsonl}, "reps");
  const auto& config = context.config();
  auto& store = context.store_for_reading();
  auto filter = read_filter(context, options.filter);
  auto now = now_utc();
  auto since = report_since(store, options, now);
  auto ranking = report_ranking(context, chosen_profile(config, options), filter, nullptr);
  auto scores = by_id(ranking);
  auto changes = changes_since(store, since, now);
  auto asks = store.list_asks(filter);
  // Each rep's lines, reps in name order ("" last: asks nobody relayed).
  std::map<std::string, std::vector<RepLine>> by_rep;
  for (const auto& ask : asks) {
    auto score = scores.find(ask.request_id);
    if (score == scores.end()) continue;
    std::vector<std::string> phrases;
    for (auto id : {ask.origin_request_id, ask.request_id}) {
      if (id == ask.request_id && id == ask.origin_request_id && !phrases.empty()) break;
      if (auto found = changes.find(id); found != changes.end()) {
        phrases.insert(phrases.end(), found->second.begin(), found->second.end());
      }
    }
    if (phrases.empty()) continue;
    by_rep[ask.rep].push_back({&ask, score->second->request, std::move(phrases)});
  }
  Table table;
  table.columns = {{"rep"},    {"account"}, {"ask", Kind::number}, {"request", Kind::number}, {"title"},
                   {"changes"}, {"status"},  {"target"},            {"links", Kind::link},      {"message"}};
  auto json = Json::array();
  std::string markdown;
  auto add_rep = [&](const std::string& rep, std::vector<RepLine>& lines) {
    std::stable_sort(lines.begin(), lines.end(),
                     [](const RepLine& a, const RepLine& b) { return a.ask->account < b.ask->account; });
    Table own;
    own.columns = {{"account"}, {"ask", Kind::number}, {"request"}, {"what changed"}, {"tell the customer"}};
    for (const auto& line : lines) {
      const auto& request = *line.request;
      auto message = customer_sentence(config, request);
      auto changed = fmt::format("{}", fmt::join(line.changes, "; "));
      auto links = fmt::format("{}", fmt::join(request.links, " "));
      auto status = std::string(to_string(request.status));
      table.rows.push_back({rep, line.ask->account, std::to_string(line.ask->id), std::to_string(request.id),
                            request.title, changed, status, request.target, links, message});
      own.rows.push_back({line.ask->account, std::to_string(line.ask->id),
                          fmt::format("#{} {}", request.id, request.title), changed, message});
      json.push_back({{"rep", rep.empty() ? Json() : Json(rep)},
                      {"account", line.ask->account.empty() ? Json() : Json(line.ask->account)},
                      {"ask", line.ask->id},
                      {"request", request.id},
                      {"title", request.title},
                      {"changes", line.changes},
                      {"status", status},
                      {"target", request.target.empty() ? Json() : Json(request.target)},
                      {"links", request.links},
                      {"message", message}});
    }
    if (format == Format::md) {
      markdown += fmt::format("\n## {}\n\n{}", rep.empty() ? std::string("Asks without a rep") : markdown_text(rep),
                              markdown_table(own));
    }
  };
  for (auto& [rep, lines] : by_rep) {
    if (!rep.empty()) add_rep(rep, lines);
  }
  if (by_rep.count("")) add_rep("", by_rep[""]);
  switch (format) {
    case Format::md:
      print_text("# What to tell customers, {}\n\n_Requests changed since {}: each rep's customer asks, with the "
                 "sentence to send._\n{}",
                 now.substr(0, 10), since, markdown.empty() ? "\nNo customer's request changed.\n" : markdown);
      break;
    case Format::json:
    case Format::jsonl:
      context.print_json(json);
      break;
    default:
      context.print_table(table);
  }
}

}  // namespace reqtriage::cli
