// reqtriage import FILE|-: CRM and spreadsheet exports in, read as a stream,
// every row checked, all or nothing.
#include <sys/stat.h>

#include <cerrno>
#include <cstring>
#include <map>
#include <memory>

#include <set>

#include "commands.hpp"
#include "reqtriage/account_names.hpp"
#include "reqtriage/money.hpp"
#include "progress.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/importer.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/tracker.hpp"

namespace reqtriage::cli {
namespace {

// Rows looked up and written together; memory holds about one batch.
constexpr std::size_t batch_rows = 5000;

using File = std::unique_ptr<std::FILE, int (*)(std::FILE*)>;

// The file, or standard input for "-". A folder is refused (reading one gave
// std::bad_alloc); a pipe or device is read as a stream like any file.
File open_input(const std::string& file) {
  if (file == "-") return File(stdin, [](std::FILE*) { return 0; });
  struct stat info {};
  if (::stat(file.c_str(), &info) == 0 && S_ISDIR(info.st_mode)) {
    throw Error(ExitCode::failure, fmt::format("cannot read {}: it is a folder; give a CSV or TSV file", file));
  }
  std::FILE* in = std::fopen(file.c_str(), "rb");
  if (!in) throw Error(ExitCode::failure, fmt::format("cannot read {}: {}", file, std::strerror(errno)));
  return File(in, &std::fclose);
}

char parse_delimiter(const std::optional<std::string>& text) {
  if (!text) return 0;
  if (*text == ",") return ',';
  if (*text == ";") return ';';
  if (*text == "tab" || *text == "\\t" || *text == "\t") return '\t';
  throw UsageError(fmt::format("--delimiter: unknown delimiter '{}': expected ',', ';' or tab", *text));
}

void print_counts(Context& context, const ImportCounts& counts, std::size_t invalid) {
  if (is_json(context.format())) {
    Json json{{"new_requests", counts.new_requests}, {"new_asks", counts.new_asks},
              {"attached", counts.attached},         {"updated", counts.updated},
              {"unchanged", counts.unchanged},       {"invalid", invalid},
              {"deleted", counts.deleted},           {"on_decided", counts.on_decided}};
    context.print_json(json);
    return;
  }
  Table table;
  for (const char* name : {"new_requests", "new_asks", "attached", "updated", "unchanged", "invalid", "deleted",
                           "on_decided"}) {
    table.columns.push_back({name, Kind::number});
  }
  table.rows.push_back({std::to_string(counts.new_requests), std::to_string(counts.new_asks),
                        std::to_string(counts.attached), std::to_string(counts.updated),
                        std::to_string(counts.unchanged), std::to_string(invalid),
                        std::to_string(counts.deleted), std::to_string(counts.on_decided)});
  context.print_table(table);
}

// Each problem of the first rows word for word, then every problem by kind.
void report_problems(const std::string& source, const ImportReader& reader) {
  for (const auto& problem : reader.first_problems()) print_stderr("{}: {}", source, problem);
  auto kinds = reader.problem_kinds();
  std::size_t problems = 0;
  bool repeated = false;
  for (const auto& kind : kinds) {
    problems += kind.count;
    repeated = repeated || kind.count > 1;
  }
  // The summary is for problems that repeat, or that were not all shown.
  if (problems <= reader.first_problems().size() && !repeated) return;
  print_stderr("{}: problems by kind:", source);
  for (const auto& kind : kinds) {
    print_stderr("  {} ×{} (first on row {}{}){}", kind.kind, kind.count, kind.first_row,
                 kind.examples.empty() ? "" : fmt::format("; e.g. '{}'", fmt::join(kind.examples, "', '")),
                 kind.hint.empty() ? "" : "; " + kind.hint);
  }
}

void print_mapping(Context& context, const ImportReader& reader) {
  for (const auto& [column, field] : reader.mapping()) {
    context.say("  \"{}\" -> {}", column, field.empty() ? "(not imported)" : field);
  }
}


// import --tracker: the status and target of each linked request from its ticket.
void import_tracker(Context& context, const ImportOptions& options) {
  if (!options.map) throw UsageError("--tracker needs --map NAME, a [tracker.maps.NAME] table of the config");
  if (options.skip_invalid || options.suggest_map || options.delimiter || !options.ignored_columns.empty() ||
      options.ignore_unknown_columns) {
    throw UsageError("--tracker takes only --map and --dry-run");
  }
  const auto& map = context.config().find_tracker_map(*options.map);
  auto source = options.file == "-" ? std::string("standard input") : options.file;
  auto in = open_input(options.file);
  auto exported = read_tracker_export(in.get(), source, map);
  auto& store = context.store_for_reading();
  auto plan = plan_tracker_sync(store, exported, source);
  std::map<std::string, std::size_t> unmapped;
  for (const auto& [value, row] : exported.unmapped) unmapped.emplace(value, row);
  for (const auto& [value, row] : unmapped) {
    context.warn("{}: row {}: '{}' is not in [tracker.maps.{}]; those tickets' status is left as is", source, row,
                 value, map.name);
  }
  for (const auto& skipped : plan.skipped) context.warn("{}", skipped);
  std::vector<std::pair<RequestId, RequestChanges>> changes;
  for (const auto& update : plan.updates) {
    context.say("#{} ({}): {}", update.request, update.key, fmt::join(update.described, "; "));
    changes.emplace_back(update.request, update.changes);
  }
  if (!options.dry_run && !changes.empty()) context.store_for_writing().update_requests(changes);
  context.say("{}{}: {} tickets, {} linked; {} request{} {}.", options.dry_run ? "dry run: " : "", source,
              exported.tickets.size(), plan.linked_tickets, plan.updates.size(),
              plan.updates.size() == 1 ? "" : "s", options.dry_run ? "would change" : "changed");
  if (is_json(context.format())) {
    auto updates = Json::array();
    for (const auto& update : plan.updates) {
      updates.push_back({{"request", update.request}, {"key", update.key}, {"changes", update.described}});
    }
    context.print_json({{"dry_run", options.dry_run},
                        {"tickets", exported.tickets.size()},
                        {"linked", plan.linked_tickets},
                        {"updates", updates},
                        {"skipped", plan.skipped}});
  }
}

// Warns each line, the first ten, and how many more there were.
void warn_at_most_ten(Context& context, const std::vector<std::string>& lines, std::string_view more) {
  constexpr std::size_t shown_at_most = 10;
  for (std::size_t i = 0; i < lines.size() && i < shown_at_most; ++i) context.warn("{}", lines[i]);
  if (lines.size() > shown_at_most) context.warn("... and {} more {}", lines.size() - shown_at_most, more);
}

// New keyed asks that look like an unkeyed ask of their account on the same
// request: one opportunity relayed by a rep and again from the CRM. The
// policy counts one; the PM decides whether they are one deal.
void warn_same_deals(Context& context, Store& store, const std::vector<std::pair<AskId, AskId>>& candidates) {
  std::vector<std::string> lines;
  for (const auto& [unkeyed_id, keyed_id] : candidates) {
    auto unkeyed = store.find_ask(unkeyed_id);
    auto keyed = store.find_ask(keyed_id);
    if (!unkeyed || !keyed) continue;
    for (const auto& pair : likely_same_deals({&*unkeyed, &*keyed}, context.config())) {
      lines.push_back(fmt::format("ask #{} of {} looks like deal {} (new ask #{}) relayed again; if it is, make them "
                                  "one deal with `reqtriage ask {} --deal '{}'`",
                                  pair.unkeyed, pair.account, pair.deal, pair.keyed, pair.unkeyed, pair.deal));
    }
  }
  warn_at_most_ten(context, lines, "asks that look like a new deal of their account relayed again");
}

// Asks that took their deal's amount, stage or close date from the file: the
// deal changed on every request it asks for.
void warn_aligned_deals(Context& context, std::vector<std::string> aligned, bool dry_run) {
  if (dry_run) {
    for (auto& line : aligned) line = "would change: " + line;
  }
  warn_at_most_ten(context, aligned, "deals the file gave new figures");
}

// New account names a typo away from a known account (or from another new
// name of the file, "Contoso Hlth" beside "Contoso Health"): log refuses
// them, and so does an import, all of it, unless told --new-account.
class TypoAccounts {
 public:
  explicit TypoAccounts(Store& store) : m_store(store) {
    for (const auto& account : store.list_accounts()) {
      if (account.merged_into) continue;
      auto label = fmt::format("'{}' (account #{})", account.name, account.id);
      m_known.add(account.name, label);
      for (const auto& alias : account.aliases) m_known.add(alias, label);
    }
  }

  void check(const std::vector<ImportRow>& rows) {
    for (const auto& row : rows) {
      const auto& name = row.ask.account;
      if (name.empty() || !m_seen.insert(name).second || m_store.match_account(name)) continue;
      // Keyed like a new name before it ("Lucerne LLC" after "Lucerne Inc"):
      // the same new account.
      if (!m_new_keys.insert(account_key(name)).second) continue;
      if (const auto* close = m_known.close(name)) {
        m_found.push_back(fmt::format("row {}: '{}' is a new name beside {}", row.row, name, *close));
      } else {
        m_known.add(name, fmt::format("'{}' (new on row {})", name, row.row));
      }
    }
  }

  void refuse(const std::string& source) const {
    if (m_found.empty()) return;
    constexpr std::size_t shown_at_most = 10;
    std::vector<std::string> lines(m_found.begin(), m_found.begin() + std::min(m_found.size(), shown_at_most));
    if (m_found.size() > shown_at_most) lines.push_back(fmt::format("... and {} more", m_found.size() - shown_at_most));
    throw InputError(fmt::format(
        "{}: {} new account name{} a typo away from another, so nothing was written ({}); fix the file, make a "
        "name another's alias (`reqtriage account NAME --alias OTHER`), or give --new-account to keep them apart",
        source, m_found.size(), m_found.size() == 1 ? " is" : "s are", fmt::join(lines, "; ")));
  }

 private:
  Store& m_store;
  CloseNames m_known;
  std::set<std::string> m_seen;
  std::set<std::string> m_new_keys;
  std::vector<std::string> m_found;
};

}  // namespace

void run_import(Context& context, const ImportOptions& options) {
  if (options.tracker) {
    import_tracker(context, options);
    return;
  }
  const auto& config = context.config();
  const ImportMap* map = options.map ? &config.find_import_map(*options.map) : nullptr;
  auto delimiter = parse_delimiter(options.delimiter);
  auto source = options.file == "-" ? std::string("standard input") : options.file;
  auto in = open_input(options.file);
  if (options.suggest_map) {
    print_text("{}", suggest_import_map(in.get(), source, *options.suggest_map, config, delimiter));
    return;
  }

  ImportReader reader(source, config, {map, delimiter, options.ignored_columns, options.ignore_unknown_columns});
  Progress progress(context, fmt::format("importing {}", source), 0);
  auto& store = options.dry_run ? context.store_for_dry_run() : context.store_for_adding();
  std::optional<TypoAccounts> typos;
  if (!options.new_account) typos.emplace(store);
  auto next_batch = [&](std::vector<ImportRow>& batch) {
    bool more = read_batch(in.get(), reader, batch, batch_rows);
    if (typos) typos->check(batch);
    if (!more && typos) typos->refuse(source);
    // All or nothing: an invalid row undoes the rows written before it.
    if (!more && reader.invalid_rows() > 0 && !options.skip_invalid) {
      throw InputError(fmt::format(
          "{}: {} of {} rows are invalid; nothing was written (fix them, or import the rest with "
          "--skip-invalid)",
          source, reader.invalid_rows(), reader.data_rows()));
    }
    return more;
  };
  ImportCounts counts;
  try {
    counts = store.import_rows(next_batch, options.dry_run, [&](std::size_t done) { progress.update(done); });
  } catch (...) {
    progress.finish();
    report_problems(source, reader);
    context.discard_new_database();
    throw;
  }
  progress.finish();
  report_problems(source, reader);

  if (options.dry_run) {
    context.say("Columns of {}:", source);
    print_mapping(context, reader);
  }
  warn_same_deals(context, store, counts.unkeyed_beside_new_keyed);
  warn_aligned_deals(context, counts.deals_aligned, options.dry_run);
  if (counts.on_decided > 0) {
    context.warn("{} new ask{} joined declined or shipped requests: sales already has their answer "
                 "(report accounts shows it)",
                 counts.on_decided, counts.on_decided == 1 ? "" : "s");
  }
  context.say("{}{}: {} new asks ({} on existing requests), {} new requests, {} updated, {} "
              "unchanged{}{}.",
              options.dry_run ? "Dry run, nothing written: " : "Imported ", source,
              counts.new_asks, counts.attached, counts.new_requests, counts.updated,
              counts.unchanged,
              reader.invalid_rows() == 0 ? "" : fmt::format(", {} invalid rows skipped", reader.invalid_rows()),
              counts.deleted == 0 ? "" : fmt::format(", {} row{} left out: {} ask was deleted by hand", counts.deleted,
                                                    counts.deleted == 1 ? "" : "s", counts.deleted == 1 ? "its" : "their"));
  print_counts(context, counts, reader.invalid_rows());
}

}  // namespace reqtriage::cli
