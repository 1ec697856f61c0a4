// reqtriage report accounts: per account, each ask with its request's
// standing and the sentence for the customer.
#include <set>

#include "report_common.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/html.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/messages.hpp"
#include "reqtriage/money.hpp"
#include "reqtriage/parse.hpp"

namespace reqtriage::cli {

void run_report_accounts(Context& context, const ReportOptions& options) {
  auto format = report_format(context, {Format::md, Format::html, Format::csv, Format::tsv, Format::json, Format::jsonl},
                              "accounts");
  const auto& config = context.config();
  const auto& profile = chosen_profile(config, options);
  auto& store = context.store_for_reading();
  auto filter = read_filter(context, options.filter);
  // As things stood at the end of a past day, rebuilt from the history, or now.
  std::optional<PastStore> past;
  if (options.as_of) past = store_at(context, store, parse_date(*options.as_of, "--as-of"));
  auto ranking = report_ranking(context, profile, filter, past ? &*past : nullptr);
  auto scores = by_id(ranking);
  auto accounts = past ? past->accounts : store.list_accounts();
  const auto& base = config.base_currency;
  std::vector<Column> flat_columns = {{"account"},          {"ask", Kind::number}, {"request", Kind::number},
                                     {"title"},            {"status"},           {"rank", Kind::number},
                                     {"effort", Kind::number}, {"deal"},          money_column("value", base),
                                     {"stage"},            {"stage_kind"},       {"close_date", Kind::date},
                                     {"reason"},           {"workaround"},       {"target"},
                                     {"links", Kind::link}, {"message"}};
  // Each format's rows are made only when asked for, and written an account
  // at a time (HTML, a page, at the end): a store's worth of asks in every
  // shape at once was most of the time and memory.
  bool flat = format == Format::csv || format == Format::tsv;
  bool brief = format == Format::md || format == Format::html;
  bool as_json = is_json(format);
  std::optional<TableWriter> flat_writer;
  if (flat) flat_writer.emplace(stdout, flat_columns, format, context.table_style());
  std::optional<JsonArrayWriter> json_writer;
  if (as_json) json_writer.emplace(stdout, format);
  std::string html;
  bool any_account = false;
  auto as_of = past ? past->date : today_utc();
  // Markdown goes out an account at a time.
  if (format == Format::md) {
    print_text("# Account report\n\n_As of {}; values in {}; ranks by profile {}._\n", as_of, base, profile.name);
  }
  auto report_account = [&](const Account& account, const std::vector<const Ask*>& account_asks) {
    std::vector<const Ask*> counted;  // on requests still in the ranking's view
    Table own;
    own.columns = {{"ask", Kind::number}, {"request"}, {"status"}, {"rank", Kind::number}, {"effort", Kind::number},
                   {"deal"}, {"value", Kind::number}, {"stage"}, {"close"}, {"tell the customer"}};
    auto asks_json = Json::array();
    for (const Ask* ask : account_asks) {
      auto scored = scores.find(ask->request_id);
      if (scored == scores.end()) continue;
      const auto* score = scored->second;
      counted.push_back(ask);
      const auto& request = *score->request;
      double value = ask->value ? config.to_base(*ask->value) : 0;
      auto kind = std::string(to_string(config.stage_kind(ask->stage)));
      auto effort = request.effort ? effort_cell(request.effort) : "";
      auto message = customer_message(request, config.messages);
      auto links = fmt::format("{}", fmt::join(request.links, " "));
      auto stage = ask->stage.empty() ? std::string() : fmt::format("{} ({})", ask->stage, kind);
      if (flat) {
        flat_writer->row({account.name, std::to_string(ask->id), std::to_string(request.id), request.title,
                          std::string(to_string(request.status)), rank_cell(score), effort, ask->deal,
                          money_cell(value, Format::csv), ask->stage, kind, ask->close_date, request.reason,
                          request.workaround, request.target, links, message});
      }
      if (brief) {
        own.rows.push_back({std::to_string(ask->id), fmt::format("#{} {}", request.id, request.title),
                            std::string(to_string(request.status)), rank_cell(score), effort, ask->deal,
                            money_cell(value, Format::md), stage, ask->close_date, message});
      }
      if (as_json) {
        asks_json.push_back({{"id", ask->id}, {"request_id", request.id}, {"title", request.title},
                             {"status", std::string(to_string(request.status))},
                             {"rank", score->rank > 0 ? Json(score->rank) : Json()},
                             {"effort", request.effort ? Json(*request.effort) : Json()},
                             {"deal", ask->deal.empty() ? Json() : Json(ask->deal)},
                             {"value", value}, {"stage", ask->stage.empty() ? Json() : Json(ask->stage)},
                             {"stage_kind", kind},
                             {"close_date", ask->close_date.empty() ? Json() : Json(ask->close_date)},
                             {"reason", request.reason.empty() ? Json() : Json(request.reason)},
                             {"workaround", request.workaround.empty() ? Json() : Json(request.workaround)},
                             {"target", request.target.empty() ? Json() : Json(request.target)},
                             {"links", request.links}, {"message", message}});
      }
    }
    if (counted.empty()) return;
    any_account = true;
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
      print_text("\n## {}\n\n{}\n\n{}", markdown_text(account.name), facts_line(markdown_text), markdown_table(own));
    }
    if (format == Format::html) {
      html += fmt::format("<h2>{}</h2>\n<p>{}</p>\n{}", html_escape(account.name), facts_line(html_escape),
                          html_table(own));
    }
    if (!as_json) return;
    auto record = Json{{"account", account.name}, {"segment", account.segment},
                       {"arr", account.arr ? Json(static_cast<double>(account.arr->cents) / 100) : Json()},
                       {"arr_currency", account.arr ? Json(account.arr->currency) : Json()},
                       {"requests", requests.size()}};
    record.update(to_json(totals, base));
    record["ask_list"] = std::move(asks_json);
    json_writer->add(record);
  };
  for_each_account_asks(store, filter, past ? &*past : nullptr, accounts, report_account);
  switch (format) {
    case Format::md:
      if (!any_account) print_text("\nNo asks from any account yet.\n");
      break;
    case Format::html:
      print_text("{}", html_page(fmt::format("Account report, {}", as_of),
                                 fmt::format("<h1>Account report</h1>\n<p class=\"note\">As of {}; values in {}; ranks by "
                                             "profile {}.</p>\n{}",
                                             as_of, html_escape(base),
                                             html_escape(profile.name),
                                             html.empty() ? "<p>No asks from any account yet.</p>\n" : html)));
      break;
    case Format::json:
    case Format::jsonl:
      json_writer->finish();
      break;
    default:
      flat_writer->finish();
  }
}

}  // namespace reqtriage::cli
