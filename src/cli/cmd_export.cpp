// reqtriage export: ranked requests, asks or accounts for spreadsheets,
// scripts and review notes.
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <unordered_map>

#include "commands.hpp"
#include "report_common.hpp"
#include "output_file.hpp"
#include "progress.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/scoring.hpp"
#include "reqtriage/xlsx.hpp"

namespace reqtriage::cli {
namespace {

std::string number_cell(double value) { return fmt::format("{}", value); }
std::string money_cell(double units) { return amount_cell(units, Format::csv); }

// Columns --columns can add to the requests; read only when named.
const std::vector<std::string>& extra_request_columns() {
  static const std::vector<std::string> names{"account_names", "top_account", "reps",   "workaround",
                                              "target",        "links",       "description", "days_to_close"};
  return names;
}

// Who asks for each request: account names, reps, and the account whose
// open deals there are worth most.
struct AskPeople {
  std::set<std::string> accounts;
  std::set<std::string> reps;
  std::map<std::string, double> open_value;  ///< by account name
  std::string top_account() const {
    std::string top;
    double best = -1;
    for (const auto& [name, value] : open_value) {
      if (value > best) {
        best = value;
        top = name;
      }
    }
    return top;
  }
};

std::unordered_map<RequestId, AskPeople> people_by_request(Store& store, const Config& config,
                                                           const RequestFilter& filter) {
  std::unordered_map<RequestId, AskPeople> people;
  store.for_each_ask(filter, [&](const Ask& ask) {
    auto& entry = people[ask.request_id];
    if (!ask.account.empty()) entry.accounts.insert(ask.account);
    if (!ask.rep.empty()) entry.reps.insert(ask.rep);
    if (!ask.account.empty() && config.stage_kind(ask.stage) == StageKind::open) {
      auto& value = entry.open_value[ask.account];
      value = std::max(value, ask.value ? config.to_base(*ask.value) : 0.0);
    }
  });
  return people;
}

Table requests_table(Store& store, const Config& config, const Profile& profile, const RequestFilter& filter,
                     const std::vector<std::string>& extras) {
  auto ranking = rank_store(store, config, profile, filter, today_utc());
  use_company_ranks(store, config, profile, filter, nullptr, ranking);
  const auto& base = config.base_currency;
  Table table;
  table.columns = {{"rank", Kind::number},
                   {"id", Kind::number},
                   {"title"},
                   {"status"},
                   {"reason"},
                   {"area"},
                   {"tags", Kind::text, false, "", ','},
                   {"accounts", Kind::number},
                   {"asks", Kind::number},
                   {"deals", Kind::number},
                   money_column("value", base),
                   money_column("pipeline", base),
                   money_column("won", base),
                   money_column("lost", base),
                   money_column("arr", base),
                   {"effort", Kind::number},
                   {"needs_estimate", Kind::boolean},
                   {"score", Kind::number},
                   {"soonest_close", Kind::date},
                   {"created_at", Kind::timestamp},
                   {"updated_at", Kind::timestamp}};
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
                          q.needs_estimate ? "true" : "false", format_score(score.score),
                          q.soonest_close, request.created_at, request.updated_at});
  }
  if (extras.empty()) return table;
  bool needs_people = std::any_of(extras.begin(), extras.end(), [](const std::string& name) {
    return name == "account_names" || name == "top_account" || name == "reps";
  });
  auto people = needs_people ? people_by_request(store, config, filter) : std::unordered_map<RequestId, AskPeople>{};
  for (const auto& name : extras) {
    if (name == "links") {
      table.columns.push_back({name, Kind::link, false, "", ' '});
    } else {
      table.columns.push_back({name, name == "days_to_close" ? Kind::number : Kind::text});
    }
  }
  for (std::size_t i = 0; i < ranking.scores.size(); ++i) {
    const auto& score = ranking.scores[i];
    const auto& request = *score.request;
    const auto& who = people[request.id];
    for (const auto& name : extras) {
      if (name == "account_names") table.rows[i].push_back(fmt::format("{}", fmt::join(who.accounts, ", ")));
      if (name == "top_account") table.rows[i].push_back(who.top_account());
      if (name == "reps") table.rows[i].push_back(fmt::format("{}", fmt::join(who.reps, ", ")));
      if (name == "workaround") table.rows[i].push_back(request.workaround);
      if (name == "target") table.rows[i].push_back(request.target);
      if (name == "links") table.rows[i].push_back(fmt::format("{}", fmt::join(request.links, " ")));
      if (name == "description") table.rows[i].push_back(request.description);
      if (name == "days_to_close") table.rows[i].push_back(number_cell(score.quantities[Quantity::days_to_close]));
    }
  }
  return table;
}

std::vector<Column> asks_columns(const Config& config) {
  return {{"ask_id", Kind::number, false, "id"}, {"request_id", Kind::number},
          {"request_title"},        {"request_status"},
          {"account"},              {"value", Kind::number, false, "amount"},
          {"currency", Kind::text, false, "amount_currency"}, money_column("value", config.base_currency),
          {"stage"},                {"stage_kind"},
          {"close_date", Kind::date}, {"rep"},
          {"source"},               {"note"},
          {"created_at", Kind::timestamp}, {"deal"},
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

std::vector<Column> accounts_columns(const Config& config) {
  const auto& base = config.base_currency;
  return {{"account"},           {"segment"},
          {"arr", Kind::number}, {"arr_currency"},
          {"requests", Kind::number}, {"asks", Kind::number},
          {"deals", Kind::number}, money_column("value", base),
          money_column("pipeline", base), money_column("won", base),
          money_column("lost", base), {"statuses"}};
}

// One row per account that asks for something the filter keeps, in the
// accounts' order, streamed: an account's asks are held, never all of them.
void stream_accounts(Store& store, const Config& config, const RequestFilter& filter,
                     const std::function<void(const std::vector<std::string>&)>& emit) {
  std::unordered_map<RequestId, Status> status_of;
  for (const auto& request : store.list_requests(filter)) status_of.emplace(request.id, request.status);
  auto accounts = store.list_accounts();
  auto index = index_accounts(accounts, config);
  for_each_account_asks(store, filter, nullptr, accounts, [&](const Account& account, const std::vector<const Ask*>& asks) {
    if (account.merged_into) return;
    auto figures = total_figures(asks, index, config);
    // Its requests, counted by status: "new:2 declined:1".
    std::map<Status, std::set<RequestId>> statuses;
    std::set<RequestId> requests;
    for (const Ask* ask : asks) {
      statuses[status_of.at(ask->request_id)].insert(ask->request_id);
      requests.insert(ask->request_id);
    }
    std::vector<std::string> counts;
    for (const auto& [status, ids] : statuses) counts.push_back(fmt::format("{}:{}", to_string(status), ids.size()));
    emit({account.name, account.segment, account.arr ? money_cell(static_cast<double>(account.arr->cents) / 100) : "",
          account.arr ? account.arr->currency : "", std::to_string(requests.size()), std::to_string(figures.asks),
          std::to_string(figures.deals), money_cell(figures.value), money_cell(figures.pipeline),
          money_cell(figures.won), money_cell(figures.lost), fmt::format("{}", fmt::join(counts, " "))});
  });
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

// What one --what exports: its columns, and the rows it sends one by one.
struct Export {
  std::vector<Column> columns;
  int status_column = -1;
  std::function<void(const std::function<void(const std::vector<std::string>&)>&)> produce;
};

Export from_table(Table table) {
  Export result;
  result.columns = table.columns;
  result.status_column = table.status_column;
  result.produce = [rows = std::move(table.rows)](const auto& emit) {
    for (const auto& row : rows) emit(row);
  };
  return result;
}

UsageError unknown_what(const std::string& what) {
  return UsageError(fmt::format("--what: unknown '{}': expected requests, asks, accounts or all", what));
}

Export what_to_export(const std::string& what, Store& store, const Config& config, const ExportOptions& options,
                      const RequestFilter& filter) {
  if (what == "requests") {
    const auto& profile = config.scoring.find_profile(options.profile.value_or(config.scoring.profile));
    std::vector<std::string> extras;
    for (const auto& name : split_columns(options.columns.empty() ? std::string("rank") : options.columns)) {
      const auto& known = extra_request_columns();
      if (std::find(known.begin(), known.end(), name) != known.end()) extras.push_back(name);
    }
    return from_table(requests_table(store, config, profile, filter, extras));
  }
  if (what == "asks") {
    Export result;
    result.columns = asks_columns(config);
    result.status_column = 3;
    result.produce = [&store, &config, filter](const auto& emit) { stream_asks(store, config, filter, emit); };
    return result;
  }
  if (what == "accounts") {
    Export result;
    result.columns = accounts_columns(config);
    result.produce = [&store, &config, filter](const auto& emit) { stream_accounts(store, config, filter, emit); };
    return result;
  }
  throw unknown_what(what);
}

// Only the --columns asked for, in their order.
void pick_columns(Export& export_, const std::string& names) {
  if (names.empty()) return;
  auto picked = column_positions(export_.columns, split_columns(names));
  std::vector<Column> shown;
  int shown_status = -1;
  for (auto i : picked) {
    if (static_cast<int>(i) == export_.status_column) shown_status = static_cast<int>(shown.size());
    shown.push_back(export_.columns[i]);
  }
  export_.columns = std::move(shown);
  export_.status_column = shown_status;
  export_.produce = [inner = std::move(export_.produce), picked](const auto& emit) {
    std::vector<std::string> cells;
    inner([&](const std::vector<std::string>& row) {
      cells.clear();
      for (auto i : picked) cells.push_back(row[i]);
      emit(cells);
    });
  };
}

// Copies a finished file's bytes to the stream.
void copy_file_to(const std::string& path, std::FILE* out) {
  std::FILE* in = std::fopen(path.c_str(), "rb");
  if (!in) throw OutputError(fmt::format("cannot read back {}: {}", path, std::strerror(errno)));
  char buffer[1 << 16];
  std::size_t read = 0;
  while ((read = std::fread(buffer, 1, sizeof buffer, in)) > 0) {
    if (std::fwrite(buffer, 1, read, out) != read) {
      std::fclose(in);
      throw OutputError(fmt::format("cannot write the workbook: {}", std::strerror(errno)));
    }
  }
  std::fclose(in);
}

// A private temporary file for libxlsxwriter, which writes by name; removed on the way out.
struct TemporaryFile {
  std::string path;
  TemporaryFile() {
    auto pattern = (std::filesystem::temp_directory_path() / "reqtriage-XXXXXX.xlsx").string();
    int fd = ::mkstemps(pattern.data(), 5);
    if (fd < 0) throw OutputError(fmt::format("cannot make a temporary file: {}", std::strerror(errno)));
    ::close(fd);
    path = pattern;
  }
  ~TemporaryFile() { std::remove(path.c_str()); }
};

void export_xlsx(Context& context, const ExportOptions& options, Store& store, const RequestFilter& filter) {
  const auto& config = context.config();
  bool to_stdout = options.output.empty() || options.output == "-";
  if (to_stdout && ::isatty(STDOUT_FILENO) == 1) {
    throw UsageError("--format xlsx: a workbook is not for the terminal; give --output FILE (or redirect it)");
  }
  if (options.what == "all" && !options.columns.empty()) {
    throw UsageError("--columns: give it with one --what, not with all (each sheet has its own columns)");
  }
  static const std::vector<std::pair<std::string, std::string>> all_sheets{
      {"requests", "Ranking"}, {"asks", "Asks"}, {"accounts", "Accounts"}};  // what, sheet name
  std::vector<std::pair<std::string, std::string>> sheets;
  for (const auto& sheet : all_sheets) {
    if (options.what == "all" || options.what == sheet.first) sheets.push_back(sheet);
  }
  if (sheets.empty()) throw unknown_what(options.what);
  std::optional<OutputFile> file;
  if (!to_stdout) {
    context.refuse_own_files(options.output, "--output");
    file.emplace(options.output);
  }
  TemporaryFile temporary;
  std::size_t rows = 0;
  {
    auto workbook = open_xlsx(temporary.path);
    Progress progress(context, "exporting a workbook", 0);
    for (const auto& [what, sheet] : sheets) {
      auto export_ = what_to_export(what, store, config, options, filter);
      pick_columns(export_, options.columns);
      workbook->add_sheet(sheet, export_.columns, config.base_currency);
      export_.produce([&](const std::vector<std::string>& row) {
        workbook->row(row);
        progress.update(++rows);
      });
    }
    workbook->close();
    progress.finish();
  }
  copy_file_to(temporary.path, to_stdout ? stdout : file->stream());
  if (file) {
    file->commit();
    context.say("Wrote {} rows in {} sheet{} to {}", rows, sheets.size(), sheets.size() == 1 ? "" : "s", options.output);
  }
}

char read_delimiter(const std::optional<std::string>& text) {
  if (!text) return ',';
  if (*text == "," || *text == ";") return (*text)[0];
  throw UsageError(fmt::format("--delimiter: '{}': CSV takes ',' or ';' (use --format tsv for tabs)", *text));
}

}  // namespace

void run_export(Context& context, const ExportOptions& options) {
  const auto& config = context.config();
  auto filter = read_filter(context, options.filter);
  if (context.xlsx_requested()) {
    if (options.delimiter || options.excel || options.raw) {
      throw UsageError("--delimiter, --excel and --raw are for CSV; a workbook's cells are typed, never formulas");
    }
    export_xlsx(context, options, context.store_for_reading(), filter);
    return;
  }
  auto format = context.format_given() ? context.format() : Format::csv;
  if (options.delimiter && format != Format::csv) throw UsageError("--delimiter goes with CSV");
  if (options.what == "all") throw UsageError("--what all writes one workbook: give --format xlsx --output FILE");
  auto& store = context.store_for_reading();
  auto export_ = what_to_export(options.what, store, config, options, filter);
  pick_columns(export_, options.columns);

  auto style = context.table_style();
  style.neutralize = !options.raw;
  style.excel = options.excel;
  style.delimiter = read_delimiter(options.delimiter);
  bool to_stdout = options.output.empty() || options.output == "-";
  std::optional<OutputFile> file;
  if (!to_stdout) {
    style.color = false;
    style.width = 0;
    context.refuse_own_files(options.output, "--output");
    file.emplace(options.output);
  }
  TableWriter writer(to_stdout ? stdout : file->stream(), export_.columns, format, style, export_.status_column);
  std::size_t rows = 0;
  Progress progress(context, fmt::format("exporting {}", options.what), 0);
  export_.produce([&](const std::vector<std::string>& row) {
    writer.row(row);
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
