// reqtriage report reps: for each sales rep, their customers' asks whose
// request changed since a date, with the sentence to send.
#include <map>
#include <optional>

#include "report_common.hpp"
#include "reqtriage/messages.hpp"
#include "reqtriage/json.hpp"

namespace reqtriage::cli {
namespace {

// What happened to a request in the window, summed up: where its status went
// (from the first old value to the last new one), its target and links now,
// a merge, and whether the reason or workaround changed.
struct RequestNews {
  std::string status_from, status_to;
  std::optional<std::string> target, links;
  std::string merged_into;
  bool unmerged = false;
  bool reason = false;
  bool workaround = false;

  std::vector<std::string> phrases() const {
    std::vector<std::string> out;
    if (!status_to.empty() && status_to != status_from) out.push_back(fmt::format("{} \u2192 {}", status_from, status_to));
    if (target) out.push_back(target->empty() ? std::string("target removed") : "target " + *target);
    if (links) out.push_back(links->empty() ? std::string("links removed") : "links " + *links);
    if (!merged_into.empty()) out.push_back("merged into " + merged_into);
    if (unmerged) out.emplace_back("unmerged");
    if (reason) out.emplace_back("reason updated");
    if (workaround) out.emplace_back("workaround updated");
    return out;
  }
};

std::map<RequestId, RequestNews> news_since(Store& store, const std::string& since, const std::string& now) {
  std::map<RequestId, RequestNews> news;
  for (const auto& entry : store.history(std::nullopt)) {
    if (!entry.request_id || entry.at < since || entry.at > now) continue;
    auto& item = news[*entry.request_id];
    if (entry.action == "merged") {
      item.merged_into = entry.new_value;
    } else if (entry.action == "unmerged") {
      item.unmerged = true;
      item.merged_into.clear();
    } else if (entry.action != "changed") {
      continue;
    } else if (entry.field == "status") {
      if (item.status_to.empty()) item.status_from = entry.old_value;
      item.status_to = entry.new_value;
    } else if (entry.field == "target") {
      item.target = entry.new_value;
    } else if (entry.field == "links") {
      item.links = entry.new_value;
    } else if (entry.field == "reason") {
      item.reason = true;
    } else if (entry.field == "workaround") {
      item.workaround = true;
    }
  }
  return news;
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
  auto since = report_since(options, store.latest_snapshot(now, ""), now);
  // The requests the filter keeps, by id: their standing now is the news.
  std::map<RequestId, Request> requests;
  for (auto& request : store.list_requests(filter)) requests.emplace(request.id, std::move(request));
  auto news = news_since(store, since, now);
  auto asks = store.list_asks(filter);
  // Each rep's lines, reps in name order ("" last: asks nobody relayed).
  std::map<std::string, std::vector<RepLine>> by_rep;
  for (const auto& ask : asks) {
    auto request = requests.find(ask.request_id);
    if (request == requests.end()) continue;
    // The request the ask was logged on, when a merge moved it, and the one it is on now.
    std::vector<std::string> phrases;
    if (ask.origin_request_id != ask.request_id) {
      if (auto found = news.find(ask.origin_request_id); found != news.end()) {
        for (const auto& phrase : found->second.phrases()) {
          phrases.push_back(fmt::format("#{} {}", ask.origin_request_id, phrase));
        }
      }
    }
    if (auto found = news.find(ask.request_id); found != news.end()) {
      for (auto& phrase : found->second.phrases()) phrases.push_back(std::move(phrase));
    }
    if (phrases.empty()) continue;
    by_rep[ask.rep].push_back({&ask, &request->second, std::move(phrases)});
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
      auto message = customer_message(request, config.messages);
      auto changed = fmt::format("{}", fmt::join(line.changes, "; "));
      auto links = fmt::format("{}", fmt::join(request.links, " "));
      auto status = std::string(to_string(request.status));
      table.rows.push_back({rep, line.ask->account, std::to_string(line.ask->id), std::to_string(request.id),
                            request.title, changed, status, request.target, links, message});
      own.rows.push_back({line.ask->account, std::to_string(line.ask->id),
                          fmt::format("#{} {}", request.id, request.title), changed, message});
      json.push_back({{"rep", rep.empty() ? Json() : Json(rep)},
                      {"account", line.ask->account.empty() ? Json() : Json(line.ask->account)},
                      {"id", line.ask->id},
                      {"request_id", request.id},
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
