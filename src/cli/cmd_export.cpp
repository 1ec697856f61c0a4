// reqtriage export: ranked requests, asks or accounts for spreadsheets,
// scripts and review notes.
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "commands.hpp"
#include "output_file.hpp"
#include "progress.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/scoring.hpp"

namespace reqtriage::cli {
namespace {

std::string number_cell(double value) { return fmt::format("{}", value); }
std::string money_cell(double units) { return amount_cell(units, Format::csv); }

Table requests_table(Store& store, const Config& config, const Profile& profile,
                     const RequestFilter& filter) {
  auto ranking = rank_store(store, config, profile, filter, today_utc());
  const auto& base = config.base_currency;
  Table table;
  table.columns = {{"rank", Kind::number},
                   {"id", Kind::number},
                   {"title"},
                   {"status"},
                   {"reason"},
                   {"area"},
                   {"tags"},
                   {"accounts", Kind::number},
                   {"asks", Kind::number},
                   {"deals", Kind::number},
                   {"value_" + base, Kind::number},
                   {"pipeline_" + base, Kind::number},
                   {"won_" + base, Kind::number},
                   {"lost_" + base, Kind::number},
                   {"arr_" + base, Kind::number},
                   {"effort", Kind::number},
                   {"needs_estimate"},
                   {"score", Kind::number},
                   {"soonest_close"},
                   {"created_at"},
                   {"updated_at"}};
  table.status_column = 3;
  for (const auto& score : ranking.scores) {
    const auto& request = *score.request;
    const auto& q = score.quantities;
    table.rows.push_back({score.rank > 0 ? std::to_string(score.rank) : "",
                          std::to_string(request.id), request.title,
                          std::string(to_string(request.status)), request.reason, request.area,
                          fmt::format("{}", fmt::join(request.tags, ",")),
                          number_cell(q[Quantity::accounts]), number_cell(q[Quantity::asks]),
                          number_cell(q[Quantity::deals]), money_cell(q[Quantity::value]),
                          money_cell(q[Quantity::pipeline]), money_cell(q[Quantity::won]),
                          money_cell(q[Quantity::lost]), money_cell(q[Quantity::arr]), number_cell(q[Quantity::effort]),
                          q.needs_estimate ? "true" : "false", number_cell(score.score),
                          q.soonest_close, request.created_at, request.updated_at});
  }
  return table;
}

std::vector<Column> asks_columns(const Config& config) {
  return {{"ask_id", Kind::number}, {"request_id", Kind::number},
          {"request_title"},        {"request_status"},
          {"account"},              {"value", Kind::number},
          {"currency"},             {"value_" + config.base_currency, Kind::number},
          {"stage"},                {"stage_kind"},
          {"close_date"},           {"rep"},
          {"source"},               {"note"},
          {"created_at"},           {"deal"},
          {"importance"}};
}

// One row per ask, streamed: a million asks never sit in memory at once.
void stream_asks(Store& store, const Config& config, const RequestFilter& filter,
                 const std::function<void(const std::vector<std::string>&)>& emit) {
  std::unordered_map<RequestId, std::pair<std::string, Status>> requests;
  for (auto& request : store.list_requests(filter)) {
    requests.emplace(request.id, std::pair(std::move(request.title), request.status));
  }
  std::vector<std::string> row(asks_columns(config).size());
  store.for_each_ask(filter, [&](const Ask& ask) {
    const auto& [title, status] = requests.at(ask.request_id);
    row[0] = std::to_string(ask.id);
    row[1] = std::to_string(ask.request_id);
    row[2] = title;
    row[3] = std::string(to_string(status));
    row[4] = ask.account;
    row[5] = ask.value ? money_cell(static_cast<double>(ask.value->cents) / 100) : "";
    row[6] = ask.value ? ask.value->currency : "";
    row[7] = ask.value ? money_cell(config.to_base(*ask.value)) : "";
    row[8] = ask.stage;
    row[9] = std::string(to_string(config.stage_kind(ask.stage)));
    row[10] = ask.close_date;
    row[11] = ask.rep;
    row[12] = ask.source;
    row[13] = ask.note;
    row[14] = ask.created_at;
    row[15] = ask.deal;
    row[16] = std::string(to_string(ask.importance));
    emit(row);
  });
}

Table accounts_table(Store& store, const Config& config, const RequestFilter& filter) {
  std::map<RequestId, Status> status_of;
  for (const auto& request : store.list_requests(filter)) status_of[request.id] = request.status;
  auto asks = store.list_asks(filter);
  // Each account's requests, counted by status: "new:2 declined:1".
  std::map<std::int64_t, std::map<Status, std::set<RequestId>>> statuses;
  for (const auto& ask : asks) statuses[ask.account_id][status_of.at(ask.request_id)].insert(ask.request_id);
  const auto& base = config.base_currency;
  Table table;
  table.columns = {{"account"},           {"segment"},
                   {"arr", Kind::number}, {"arr_currency"},
                   {"requests", Kind::number}, {"asks", Kind::number},
                   {"deals", Kind::number}, {"value_" + base, Kind::number},
                   {"pipeline_" + base, Kind::number}, {"won_" + base, Kind::number},
                   {"lost_" + base, Kind::number}, {"statuses"}};
  auto accounts = store.list_accounts();
  for (const auto& entry : figures_by_account(accounts, asks, index_accounts(accounts, config), config)) {
    const auto& figures = entry.figures;
    if (figures.asks == 0) continue;  // asked for nothing the filter kept
    const auto& account = *entry.account;
    std::vector<std::string> counts;
    for (const auto& [status, ids] : statuses[account.id]) {
      counts.push_back(fmt::format("{}:{}", to_string(status), ids.size()));
    }
    table.rows.push_back({account.name, account.segment,
                          account.arr ? money_cell(static_cast<double>(account.arr->cents) / 100) : "",
                          account.arr ? account.arr->currency : "", std::to_string(entry.requests),
                          std::to_string(figures.asks), std::to_string(figures.deals), money_cell(figures.value),
                          money_cell(figures.pipeline), money_cell(figures.won), money_cell(figures.lost),
                          fmt::format("{}", fmt::join(counts, " "))});
  }
  return table;
}

std::vector<std::string> split_columns(const std::string& text) {
  std::vector<std::string> names;
  std::size_t start = 0;
  while (start <= text.size()) {
    auto comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    auto name = text.substr(start, comma - start);
    if (name.empty()) throw UsageError(fmt::format("--columns: empty column name in '{}'", text));
    names.push_back(name);
    start = comma + 1;
  }
  return names;
}

}  // namespace

void run_export(Context& context, const ExportOptions& options) {
  const auto& config = context.config();
  auto filter = read_filter(options.filter);
  auto format = context.format_given() ? context.format() : Format::csv;
  auto& store = context.store_for_reading();
  // What to export: its columns, and the rows it sends one by one.
  std::vector<Column> columns;
  int status_column = -1;
  std::function<void(const std::function<void(const std::vector<std::string>&)>&)> produce;
  auto from_table = [&](Table table) {
    columns = table.columns;
    status_column = table.status_column;
    produce = [rows = std::move(table.rows)](const auto& emit) {
      for (const auto& row : rows) emit(row);
    };
  };
  if (options.what == "requests") {
    const auto& profile = config.scoring.find_profile(options.profile.value_or(config.scoring.profile));
    from_table(requests_table(store, config, profile, filter));
  } else if (options.what == "asks") {
    columns = asks_columns(config);
    status_column = 3;
    produce = [&](const auto& emit) { stream_asks(store, config, filter, emit); };
  } else if (options.what == "accounts") {
    from_table(accounts_table(store, config, filter));
  } else {
    throw UsageError(fmt::format("--what: unknown '{}': expected requests, asks or accounts", options.what));
  }
  std::vector<std::size_t> picked(columns.size());
  for (std::size_t i = 0; i < picked.size(); ++i) picked[i] = i;
  if (!options.columns.empty()) picked = column_positions(columns, split_columns(options.columns));
  std::vector<Column> shown;
  int shown_status = -1;
  for (auto i : picked) {
    if (static_cast<int>(i) == status_column) shown_status = static_cast<int>(shown.size());
    shown.push_back(columns[i]);
  }

  auto style = context.table_style();
  style.neutralize = !options.raw;
  style.excel = options.excel;
  bool to_stdout = options.output.empty() || options.output == "-";
  std::optional<OutputFile> file;
  if (!to_stdout) {
    style.color = false;
    style.width = 0;
    context.refuse_own_files(options.output, "--output");
    file.emplace(options.output);
  }
  TableWriter writer(to_stdout ? stdout : file->stream(), shown, format, style, shown_status);
  std::size_t rows = 0;
  std::vector<std::string> cells;
  Progress progress(context, fmt::format("exporting {}", options.what), 0);
  produce([&](const std::vector<std::string>& row) {
    cells.clear();
    for (auto i : picked) cells.push_back(row[i]);
    writer.row(cells);
    progress.update(++rows);
  });
  writer.finish();
  progress.finish();
  if (file) {
    file->commit();
    context.say("Wrote {} {} to {}", rows, options.what, options.output);
  }
}

}  // namespace reqtriage::cli
