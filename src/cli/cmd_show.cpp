// reqtriage show ID: one request with its asks, totals and history.
#include "commands.hpp"
#include "reqtriage/text.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/money.hpp"

namespace reqtriage::cli {
namespace {

Table asks_table(const std::vector<Ask>& asks, Format format) {
  Table table;
  table.columns = {{"ask", Kind::number}, {"account"}, {"deal"},   {"value", Kind::number},
                   {"currency"},          {"stage"},   {"importance"}, {"close"},
                   {"by"},                {"source"},  {"note", Kind::text, true},
                   {"logged"}};
  for (const auto& ask : asks) {
    table.rows.push_back(
        {std::to_string(ask.id), ask.account, ask.deal,
         ask.value ? amount_cell(static_cast<double>(ask.value->cents) / 100, format) : "",
         ask.value ? ask.value->currency : "", ask.stage, std::string(to_string(ask.importance)),
         ask.close_date, ask.rep, ask.source, ask.note, ask.created_at});
  }
  return table;
}

// The request's own fields as name/value rows, for CSV and TSV.
Table fields_table(const Request& request, const Figures& totals, const Config& config) {
  Table table;
  table.columns = {{"field"}, {"value"}};
  auto add = [&](std::string name, std::string value) {
    table.rows.push_back({std::move(name), std::move(value)});
  };
  add("id", std::to_string(request.id));
  add("title", request.title);
  add("status", std::string(to_string(request.status)));
  add("reason", request.reason);
  add("workaround", request.workaround);
  add("target", request.target);
  add("links", fmt::format("{}", fmt::join(request.links, " ")));
  add("merged_into", request.merged_into ? std::to_string(*request.merged_into) : "");
  add("area", request.area);
  add("tags", fmt::format("{}", fmt::join(request.tags, ",")));
  add("effort", effort_cell(request.effort));
  add("description", request.description);
  add("asks", std::to_string(totals.asks));
  add("accounts", std::to_string(totals.accounts));
  add("deals", std::to_string(totals.deals));
  add("value", amount_cell(totals.value, Format::csv));
  add("pipeline", amount_cell(totals.pipeline, Format::csv));
  add("won", amount_cell(totals.won, Format::csv));
  add("lost", amount_cell(totals.lost, Format::csv));
  add("arr", amount_cell(totals.arr, Format::csv));
  add("currency", config.base_currency);
  add("soonest_close", totals.soonest_close);
  add("created_at", request.created_at);
  add("updated_at", request.updated_at);
  add("deleted_at", request.deleted_at);
  add("delete_reason", request.delete_reason);
  return table;
}

void print_human(Context& context, const Request& request, const std::vector<Ask>& asks,
                 const Figures& totals, const std::vector<HistoryEntry>& history) {
  const auto& config = context.config();
  bool color = context.color();
  // The heading is escaped first, then made bold: its own codes stay codes.
  auto print_bold = [&](const std::string& text, const std::string& after) {
    auto shown = escape_for_terminal(text);
    std::fputs((color ? fmt::format("\033[1m{}\033[0m", shown) : shown).c_str(), stdout);
    print_text("{}", after);
  };
  print_bold(fmt::format("#{} {}", request.id, request.title),
             fmt::format("  [{}]\n", to_string(request.status)));
  if (request.merged_into) print_text("merged into #{}\n", *request.merged_into);
  if (!request.deleted_at.empty()) {
    print_text("deleted {}: {} (in no ranking; `reqtriage restore {}` brings it back)\n",
               request.deleted_at.substr(0, 10), request.delete_reason, request.id);
  }
  if (!request.reason.empty()) print_text("reason: {}\n", request.reason);
  if (!request.workaround.empty()) print_text("workaround: {}\n", request.workaround);
  if (!request.target.empty() || !request.links.empty()) {
    print_text("target: {}   links: {}\n", request.target.empty() ? "-" : request.target,
               request.links.empty() ? "-" : fmt::format("{}", fmt::join(request.links, " ")));
  }
  print_text("area: {}   tags: {}   effort: {}\n",
             request.area.empty() ? "-" : request.area,
             request.tags.empty() ? "-" : fmt::format("{}", fmt::join(request.tags, ", ")),
             request.effort ? effort_cell(request.effort)
                            : fmt::format("needs an estimate (default {})", config.default_effort));
  print_text("logged {}   updated {}\n", request.created_at, request.updated_at);
  if (!request.description.empty()) print_text("\n{}\n", request.description);
  print_text("\n");
  const auto& base = config.base_currency;
  std::string closed;
  if (totals.won > 0) closed += fmt::format("; won {} {}", base, format_amount(totals.won));
  if (totals.lost > 0) closed += fmt::format("; lost {} {}", base, format_amount(totals.lost));
  auto deals = fmt::format("{} deal{}", totals.deals_asking, totals.deals_asking == 1 ? "" : "s");
  if (totals.deals != totals.deals_asking) {
    deals += fmt::format(" ({} count{}: account_policy {})", totals.deals, totals.deals == 1 ? "s" : "",
                         to_string(config.scoring.account_policy));
  }
  print_bold(fmt::format("Asks: {} from {} account{} in {}; value {} {}, pipeline {} {}{}{}", totals.asks,
                         totals.accounts, totals.accounts == 1 ? "" : "s", deals, base, format_amount(totals.value), base, format_amount(totals.pipeline), closed,
                         totals.soonest_close.empty() ? "" : "; soonest close " + totals.soonest_close),
             "\n");
  if (!asks.empty()) write_table(stdout, asks_table(asks, Format::table), Format::table,
                                 context.table_style());
  print_text("\n");
  print_bold("History", "\n");
  for (const auto& entry : history) {
    print_text("{}  {}  {} {}{}\n", entry.at, entry.actor, entry.action, entry.field,
               entry.action == "changed"
                   ? fmt::format(": '{}' -> '{}'", entry.old_value, entry.new_value)
                   : fmt::format(": {}", entry.new_value));
  }
}

}  // namespace

void run_show(Context& context, const ShowOptions& options) {
  auto id = parse_request_id(options.id, "ID");
  const auto& config = context.config();
  auto& store = context.store_for_reading();
  auto request = store.get_request(id);
  auto asks = store.asks_of(id);
  auto totals = request_figures(pointers_to(asks), index_accounts(store.list_accounts(), config), config);
  auto history = store.history(id);
  switch (context.format()) {
    case Format::json:
    case Format::jsonl: {
      auto record = to_json(request);
      record["totals"] = to_json(totals, config.base_currency);
      record["asks"] = Json::array();
      for (const auto& ask : asks) record["asks"].push_back(to_json(ask, config));
      record["history"] = Json::array();
      for (const auto& entry : history) record["history"].push_back(to_json(entry));
      context.print_json(record);
      break;
    }
    case Format::csv:
    case Format::tsv:
    case Format::md:
    case Format::html:
    case Format::svg:
      context.print_table(fields_table(request, totals, config));
      break;
    case Format::table:
      print_human(context, request, asks, totals, history);
      break;
  }
}

}  // namespace reqtriage::cli
