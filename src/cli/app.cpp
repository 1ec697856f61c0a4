// The command line: the only file that sees CLI11. It binds each
// subcommand's options and hands them to run_*() in cmd_*.cpp.
#include "app.hpp"

#include <CLI/CLI.hpp>
#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <iostream>

#include "commands.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/text.hpp"
#include "terminal.hpp"

namespace reqtriage::cli {
namespace {

// An option whose presence matters even when empty ("--reason ''").
CLI::Option* add_optional(CLI::App& app, const std::string& name,
                          std::optional<std::string>& target, const std::string& help) {
  return app.add_option_function<std::string>(
      name, [&target](const std::string& value) { target = value; }, help);
}

// A repeatable option taking one value each time (`--tag a --tag b`).
CLI::Option* add_repeated(CLI::App& app, const std::string& name, std::vector<std::string>& target,
                          const std::string& help) {
  return app.add_option(name, target, help)->allow_extra_args(false)->take_all();
}

CLI::App* add_command(CLI::App& app, const std::string& name, const std::string& help,
                      const std::string& example) {
  auto* command = app.add_subcommand(name, help);
  command->footer("Example:\n  " + example);
  return command;
}

struct Commands {
  LogOptions log;
  ListOptions list;
  ShowOptions show;
  SetOptions set;
  HistoryOptions history;
  AccountOptions account;
  std::pair<std::string, std::string> account_names;
  AccountMergeOptions account_merge;
  AskOptions ask;
  ScoreOptions score;
  ImportOptions import;
  ExportOptions export_;
  DedupeOptions dedupe;
  MergeOptions merge;
  std::string unmerge_id;
  DeleteOptions remove;
  std::string restore_id;
  std::vector<std::string> distinct_ids;
  ReportOptions report;
  std::string backup_path;
  std::string migrate_target;
  std::string shell;
  ConfigInitOptions config_init;
  std::vector<std::pair<CLI::App*, std::function<void(Context&)>>> runners;

  void add(CLI::App* command, std::function<void(Context&)> runner) {
    runners.emplace_back(command, std::move(runner));
  }
};

void setup_log(CLI::App& app, Commands& commands) {
  auto& o = commands.log;
  auto* log = add_command(app, "log", "Record a request and its first ask (or, with --to, add an ask)",
                          "reqtriage log 'SSO with Okta' --account Acme --value 120k --stage "
                          "proposal --close 2026-12-31 --by dana --tag sso");
  add_optional(*log, "TITLE", o.title, "What the customer needs, in a line");
  log->add_option("--description", o.description, "The problem statement (the PM's words)");
  log->add_option("--note,--verbatim", o.note, "The sales rep's words, kept verbatim on the ask");
  log->add_option("--account", o.account, "The customer account asking");
  add_optional(*log, "--value", o.value, "Deal value: 120000, 120,000, 120k, 1.2M, $120k, EUR 50k");
  add_optional(*log, "--currency", o.currency, "Currency of --value (default: the base currency)");
  add_optional(*log, "--stage", o.stage, "Deal stage, one of the config's [stages]");
  add_optional(*log, "--close", o.close, "Expected close date, YYYY-MM-DD");
  log->add_option("--by", o.by, "The sales rep who relayed it");
  add_optional(*log, "--effort", o.effort, "Effort estimate (a number)");
  add_repeated(*log, "--tag", o.tags, "A tag (repeatable)");
  add_optional(*log, "--area", o.area, "Product area");
  log->add_option("--source", o.source, "Where it came from: call, email, a CRM id");
  add_optional(*log, "--to", o.to, "Add the ask to this existing request instead");
  add_optional(*log, "--deal", o.deal,
               "The deal (CRM opportunity) the ask belongs to: asks of one deal count it once");
  add_optional(*log, "--importance", o.importance, "How much it matters to the customer: blocker, important, nice");
  log->add_flag("--new", o.new_request,
                "Log a new request even when a declined or shipped one has the same title");
  log->add_flag("--new-account", o.new_account, "Keep --account as a new account even when it is close to a known one");
  commands.add(log, [&o](Context& c) { run_log(c, o); });
}

// The shared filters (reqtriage(1), FILTERS); `with_all` adds --all.
void add_filter_options(CLI::App& command, FilterOptions& o, bool with_all) {
  add_repeated(command, "--status", o.statuses, "Only requests with this status (repeatable)");
  add_repeated(command, "--tag", o.tags, "Only requests with this tag (repeatable)");
  add_repeated(command, "--area", o.areas, "Only requests in this product area (repeatable)");
  add_repeated(command, "--account", o.accounts, "Only this account's asks (repeatable)");
  add_repeated(command, "--segment", o.segments, "Only asks from accounts in this segment (repeatable)");
  add_repeated(command, "--rep", o.reps, "Only asks relayed by this sales rep (repeatable)");
  add_repeated(command, "--stage", o.stages, "Only asks whose deal is in this stage (repeatable)");
  add_repeated(command, "--importance", o.importances, "Only asks of this importance (repeatable)");
  if (with_all) command.add_flag("--all", o.all, "Include merged requests");
}

void setup_list(CLI::App& app, Commands& commands) {
  auto& o = commands.list;
  auto* list = add_command(app, "list", "List requests (all but merged ones, unless filtered)",
                           "reqtriage list --status new --tag sso --format csv");
  add_filter_options(*list, o.filter, true);
  commands.add(list, [&o](Context& c) { run_list(c, o); });
}

void setup_export(CLI::App& app, Commands& commands) {
  auto& o = commands.export_;
  auto* command = add_command(
      app, "export",
      "Export ranked requests, asks or accounts: CSV (the default), TSV, JSON, JSON Lines, Markdown",
      "reqtriage export --what requests --excel --output ranking.csv");
  command->add_option("--what", o.what, "requests (in score order), asks, accounts, or all (xlsx: one sheet each)");
  command->add_option("--output", o.output, "Write to this file (whole or not at all); - for stdout");
  command->add_option("--columns", o.columns, "Only these columns, in this order: a,b,c");
  add_optional(*command, "--profile", o.profile, "Scoring profile for the requests' order");
  command->add_flag("--raw", o.raw, "Do not neutralise cells a spreadsheet would run as formulas");
  command->add_flag("--excel", o.excel, "CSV with a UTF-8 byte-order mark and CRLF line ends");
  add_optional(*command, "--delimiter", o.delimiter, "CSV field separator: ',' (default) or ';' for comma-decimal locales");
  add_filter_options(*command, o.filter, true);
  commands.add(command, [&o](Context& c) { run_export(c, o); });
}

void setup_show(CLI::App& app, Commands& commands) {
  auto& o = commands.show;
  auto* show = add_command(app, "show", "Show a request, its asks, totals and history",
                           "reqtriage show 12");
  show->add_option("ID", o.id, "Request id (12 or #12)")->required();
  commands.add(show, [&o](Context& c) { run_show(c, o); });
}

void setup_set(CLI::App& app, Commands& commands) {
  auto& o = commands.set;
  auto* set = add_command(app, "set", "Change a request; every change is recorded in history",
                          "reqtriage set 12 --status declined --reason 'SCIM covers it'");
  set->add_option("ID", o.id, "Request id (12 or #12)")->required();
  add_optional(*set, "--effort", o.effort, "Effort estimate, or 'none' to clear it");
  add_optional(*set, "--status", o.status,
               "new, triaged, planned, in-progress, shipped or declined (needs --reason)");
  add_optional(*set, "--reason", o.reason, "Why it was decided so (told to sales)");
  add_optional(*set, "--workaround", o.workaround, "What the customer can do meanwhile");
  add_optional(*set, "--title", o.title, "New title");
  add_optional(*set, "--description", o.description, "New problem statement");
  add_optional(*set, "--area", o.area, "Product area ('' to clear)");
  add_repeated(*set, "--tag", o.tags, "Add a tag (repeatable)");
  add_repeated(*set, "--untag", o.untags, "Remove a tag (repeatable)");
  add_optional(*set, "--target", o.target,
               "When it should ship: YYYY-MM-DD, YYYY-Q1..Q4 or a release name ('none' to clear)");
  add_repeated(*set, "--link", o.links, "Link an engineering ticket: PROJ-123 or a URL (repeatable)");
  add_repeated(*set, "--unlink", o.unlinks, "Remove a link (repeatable)");
  commands.add(set, [&o](Context& c) { run_set(c, o); });
}

void setup_history(CLI::App& app, Commands& commands) {
  auto& o = commands.history;
  auto* history = add_command(app, "history", "Show recorded changes, of one request or all",
                              "reqtriage history 12");
  history->add_option("ID", o.id, "Request id (12 or #12)");
  commands.add(history, [&o](Context& c) { run_history(c, o); });
}

void setup_accounts(CLI::App& app, Commands& commands) {
  auto* accounts = add_command(app, "accounts", "List accounts with their asks and totals",
                               "reqtriage accounts --format csv");
  commands.add(accounts, [](Context& c) { run_accounts(c); });

  auto& o = commands.account;
  auto* account = add_command(app, "account", "Show an account, or record its segment, ARR and aliases; rename, "
                              "merge or unmerge accounts",
                              "reqtriage account Acme --segment enterprise --arr 250k");
  account->add_option("NAME", o.name, "Account name");
  add_optional(*account, "--segment", o.segment, "Customer segment, e.g. enterprise");
  add_optional(*account, "--arr", o.arr, "Annual recurring revenue, e.g. 250k or EUR 80k");
  add_optional(*account, "--alias", o.alias, "Another name of the account: asks logged under it land here");
  account->add_flag("--new-account", o.new_account,
                    "Record NAME as a new account even when it is close to a known one");
  commands.add(account, [account, &o](Context& c) {
    if (account->get_subcommands().empty()) run_account(c, o);
  });

  auto& names = commands.account_names;
  auto* rename = add_command(*account, "rename", "Rename an account (its asks follow)",
                             "reqtriage account rename 'Contoso' 'Contoso Health'");
  rename->add_option("OLD", names.first, "The account's name now")->required();
  rename->add_option("NEW", names.second, "Its new name")->required();
  commands.add(rename, [&names](Context& c) { run_account_rename(c, names.first, names.second); });

  auto& merge = commands.account_merge;
  auto* merge_command = add_command(*account, "merge",
                                    "Merge accounts: their asks move to --into, their names become its aliases",
                                    "reqtriage account merge 'Contoso' 'Contoso Hlth' --into 'Contoso Health'");
  merge_command->add_option("NAME", merge.names, "The accounts to merge")->required();
  merge_command->add_option("--into", merge.into, "The account they become (created if new)")->required();
  commands.add(merge_command, [&merge](Context& c) { run_account_merge(c, merge); });

  auto* unmerge = add_command(*account, "unmerge", "Undo an account's latest merge: its asks come back",
                              "reqtriage account unmerge 'Contoso Hlth'");
  unmerge->add_option("NAME", names.first, "The merged account's own name")->required();
  commands.add(unmerge, [&names](Context& c) { run_account_unmerge(c, names.first); });
}

void setup_ask(CLI::App& app, Commands& commands) {
  auto& o = commands.ask;
  auto* ask = add_command(app, "ask", "Show one ask, or correct, move, delete or restore it",
                          "reqtriage ask 41 --value 90k --stage negotiation");
  ask->add_option("ASK", o.id, "Ask id (41 or #41)")->required();
  add_optional(*ask, "--value", o.value, "Correct the deal value (all asks of its deal)");
  add_optional(*ask, "--currency", o.currency, "Correct the currency of the value");
  add_optional(*ask, "--stage", o.stage, "Correct the stage (all asks of its deal)");
  add_optional(*ask, "--close", o.close, "Correct the close date (all asks of its deal)");
  add_optional(*ask, "--account", o.account, "Correct the account");
  add_optional(*ask, "--by", o.by, "Correct the sales rep");
  add_optional(*ask, "--note", o.note, "Correct the rep's note");
  add_optional(*ask, "--importance", o.importance, "blocker, important or nice");
  add_optional(*ask, "--deal", o.deal, "Correct the deal it belongs to");
  add_optional(*ask, "--move-to", o.move_to, "Move it to another request (it was logged on the wrong one)");
  ask->add_flag("--delete", o.remove, "Delete it (kept, so --restore brings it back); needs --reason");
  add_optional(*ask, "--reason", o.reason, "Why it is deleted");
  ask->add_flag("--restore", o.restore, "Bring a deleted ask back exactly");
  ask->add_flag("--new-account", o.new_account, "Keep --account as a new account even when close to a known one");
  commands.add(ask, [&o](Context& c) { run_ask(c, o); });
}

void setup_score(CLI::App& app, Commands& commands) {
  auto& o = commands.score;
  auto* score = add_command(app, "score", "Rank requests by deal value and effort; explain any score",
                            "reqtriage score --top 10 --explain");
  add_optional(*score, "--top", o.top, "Show only the first N");
  add_optional(*score, "--profile", o.profile, "Scoring profile (default: [scoring] profile)");
  score->add_option_function<std::string>(
           "--explain",
           [&o](const std::string& id) {
             o.explain = true;
             o.explain_id = id;
           },
           "Add each score's breakdown; with an ID, explain that request in full")
      ->expected(0, 1);
  add_optional(*score, "--what-if", o.what_if,
               "Compare the ranking under another config file");
  score->add_flag("--snapshot", o.snapshot, "Save the ranking, for the rank movers of report review");
  score->add_flag("--matrix", o.matrix,
                  "Draw the ranked requests as a value/effort quadrant chart (with --top, the first N)");
  add_optional(*score, "--as-of", o.as_of, "Rank as things stood at the end of this date (from the history)");
  add_filter_options(*score, o.filter, false);
  commands.add(score, [&o](Context& c) { run_score(c, o); });
}

void setup_import(CLI::App& app, Commands& commands) {
  auto& o = commands.import;
  auto* import = add_command(app, "import",
                             "Import asks from a CRM or spreadsheet export (CSV or TSV); every row "
                             "is checked before anything is written",
                             "reqtriage import opportunities.csv --map salesforce --dry-run");
  import->add_option("FILE", o.file, "The file, or - for standard input")->required();
  add_optional(*import, "--map", o.map, "A column map from the config's [import.maps]");
  add_optional(*import, "--delimiter", o.delimiter, "',', ';' or tab (default: detected)");
  import->add_flag("--skip-invalid", o.skip_invalid, "Import the valid rows and report the rest");
  import->add_flag("--dry-run", o.dry_run, "Show what would happen and the columns used; write nothing");
  import->add_flag("--new-account", o.new_account,
                   "Accept new account names a typo away from known ones as accounts of their own");
  add_repeated(*import, "--ignore-column", o.ignored_columns, "Leave out this column, which matches no field (repeatable)");
  import->add_flag("--ignore-unknown-columns", o.ignore_unknown_columns, "Leave out every column that matches no field");
  add_optional(*import, "--suggest-map", o.suggest_map,
               "Print an [import.maps.NAME] table for the file's columns and values; import nothing");
  import->add_flag("--tracker", o.tracker,
                   "FILE is an issue tracker's CSV export, read with --map from [tracker.maps]: linked requests "
                   "take their tickets' status and target");
  commands.add(import, [&o](Context& c) { run_import(c, o); });
}

void setup_dedupe(CLI::App& app, Commands& commands) {
  auto& o = commands.dedupe;
  auto* dedupe = add_command(app, "dedupe",
                             "Find likely duplicates: review them on a terminal, list them when "
                             "piped or with --list, or merge the surest with --auto",
                             "reqtriage dedupe --auto --dry-run");
  dedupe->add_flag("--list", o.list, "List the candidate pairs instead of reviewing them");
  dedupe->add_flag("--auto", o.auto_merge, "Merge every group at or above auto_threshold");
  dedupe->add_flag("--interactive", o.interactive, "Review group by group even when not on a terminal");
  dedupe->add_flag("--dry-run", o.dry_run, "With --auto: show what would be merged");
  add_optional(*dedupe, "--min-similarity", o.min_similarity,
               "Similarity threshold, 0 to 1 (default: [dedupe] threshold, or auto_threshold)");
  dedupe->add_option("--explain", o.explain, "Why two requests are or are not alike: --explain 12 15")
      ->expected(2);
  commands.add(dedupe, [&o](Context& c) { run_dedupe(c, o); });

  auto& m = commands.merge;
  auto* merge = add_command(app, "merge", "Merge requests into another; their asks and value add up",
                            "reqtriage merge 14 15 --into 12");
  merge->add_option("ID", m.ids, "Requests to merge")->required();
  merge->add_option("--into", m.into, "The request that survives")->required();
  merge->add_flag("--force", m.force,
                  "Merge requests less alike than the dedupe threshold without asking (needed in a script)");
  commands.add(merge, [&m](Context& c) { run_merge(c, m); });

  auto* unmerge = add_command(app, "unmerge", "Undo the merge of a request, restoring it exactly",
                              "reqtriage unmerge 14");
  unmerge->add_option("ID", commands.unmerge_id, "The merged request")->required();
  commands.add(unmerge, [&id = commands.unmerge_id](Context& c) { run_unmerge(c, id); });

  auto& d = commands.remove;
  auto* remove = add_command(app, "delete",
                             "Take a request that is junk out of every ranking, report and export (kept for restore)",
                             "reqtriage delete 31 --reason 'test entry'");
  remove->add_option("ID", d.id, "The request")->required();
  remove->add_option("--reason", d.reason, "Why it goes (kept in the history)")->required();
  commands.add(remove, [&d](Context& c) { run_delete(c, d); });

  auto* restore = add_command(app, "restore", "Bring a deleted request back exactly as it was",
                              "reqtriage restore 31");
  restore->add_option("ID", commands.restore_id, "The deleted request")->required();
  commands.add(restore, [&id = commands.restore_id](Context& c) { run_restore(c, id); });

  auto* distinct = add_command(app, "not-duplicate",
                               "Record that two requests are not duplicates; dedupe will not "
                               "suggest them again",
                               "reqtriage not-duplicate 12 31");
  distinct->add_option("ID", commands.distinct_ids, "Two request ids")->required()->expected(2);
  commands.add(distinct, [&ids = commands.distinct_ids](Context& c) { run_not_duplicate(c, ids); });
}

void setup_report(CLI::App& app, Commands& commands) {
  auto& o = commands.report;
  auto* report = add_command(app, "report", "Reports for sales and the weekly review (Markdown by default)",
                             "reqtriage report review --save > review.md");
  report->require_subcommand(1);
  auto* accounts = add_command(
      *report, "accounts", "Per account: each ask, its request's status, rank, effort, and the sentence to send the customer",
      "reqtriage report accounts --account Acme > acme.md");
  add_optional(*accounts, "--profile", o.profile, "Scoring profile for the ranks");
  add_optional(*accounts, "--as-of", o.as_of, "Ranks and statuses as they stood at the end of this date");
  add_filter_options(*accounts, o.filter, false);
  auto* review = add_command(
      *report, "review",
      "The weekly digest: top requests, rank movers, new requests and asks, estimates needed, "
      "decisions, value by status; --save keeps the ranking for next week's movers",
      "reqtriage report review --save > review.md");
  add_optional(*review, "--since", o.since, "From this date (default: the last review, else a week ago)");
  add_optional(*review, "--top", o.top, "How many of the ranking (default 10)");
  add_optional(*review, "--profile", o.profile, "Scoring profile for the ranks");
  review->add_flag("--save", o.save, "Save this ranking: the next review's movers and window start here");
  review->add_flag("--no-snapshot", o.no_snapshot, "Save nothing (the default; kept for older scripts)");
  add_optional(*review, "--as-of", o.as_of, "The review as of the end of this date (saves no ranking)");
  review->add_flag("--full", o.full, "List every new ask, not one line per request");
  add_filter_options(*review, o.filter, false);
  auto* reps = add_command(
      *report, "reps",
      "Per sales rep: their customers' asks whose request changed (status, target, links, merge), with the "
      "sentence to send",
      "reqtriage report reps --rep 'Dana Smith' --since 2026-11-20");
  add_optional(*reps, "--since", o.since, "Changes from this date (default: the last review, else a week ago)");
  add_filter_options(*reps, o.filter, false);
  commands.add(accounts, [&o](Context& c) { run_report_accounts(c, o); });
  commands.add(review, [&o](Context& c) { run_report_review(c, o); });
  commands.add(reps, [&o](Context& c) { run_report_reps(c, o); });
}

void setup_maintenance(CLI::App& app, Commands& commands) {
  auto* doctor = add_command(app, "doctor",
                             "Check the database: SQLite's integrity and foreign keys, and the "
                             "tool's own invariants; exit 1 on any problem",
                             "reqtriage doctor");
  commands.add(doctor, [](Context& c) { run_doctor(c); });
  auto* backup = add_command(app, "backup",
                             "Write a consistent, private copy of the database to a new file, "
                             "even while others write",
                             "reqtriage backup ~/requests-$(date +%F).db");
  backup->add_option("FILE", commands.backup_path, "The new file")->required();
  commands.add(backup, [&path = commands.backup_path](Context& c) { run_backup(c, path); });
  auto* migrate = add_command(app, "migrate",
                              "Copy the whole store into an empty one: a local file into a team "
                              "PostgreSQL store, or back into a file; every table is counted again",
                              "reqtriage migrate --to postgresql://dana@db.example.com/requests");
  migrate->add_option("--to", commands.migrate_target, "The empty store to copy into: a PostgreSQL URL or a new file")
      ->required();
  commands.add(migrate, [&target = commands.migrate_target](Context& c) { run_migrate(c, target); });
}

void setup_config(CLI::App& app, Commands& commands) {
  auto* config = add_command(app, "config", "Check, show or create the config file",
                             "reqtriage config init && reqtriage config check");
  config->require_subcommand(1);
  auto* check = add_command(*config, "check", "Validate the config; exit 0, or 5 with the error",
                            "reqtriage --config new.toml config check");
  auto* show = add_command(*config, "show", "Print the effective config as TOML", "reqtriage config show");
  auto* init = add_command(*config, "init", "Write a commented template config", "reqtriage config init");
  init->add_flag("--force", commands.config_init.force, "Overwrite an existing file");
  commands.add(check, [](Context& c) { run_config_check(c); });
  commands.add(show, [](Context& c) { run_config_show(c); });
  commands.add(init, [&o = commands.config_init](Context& c) { run_config_init(c, o); });
}

// The shape of a (sub)command, for the completion scripts.
CommandSpec describe(const CLI::App& command) {
  CommandSpec spec;
  spec.name = command.get_name();
  spec.description = command.get_description();
  for (const auto* option : command.get_options()) {
    if (!option->nonpositional()) {
      // A positional named ID (or like it) takes request ids.
      if (option->get_name().find("ID") != std::string::npos) spec.takes_id = true;
      continue;
    }
    bool takes_value = option->get_type_size_max() > 0;
    for (const auto& name : option->get_lnames()) spec.options.push_back({"--" + name, option->get_description(), takes_value});
    for (const auto& name : option->get_snames()) spec.options.push_back({"-" + name, option->get_description(), takes_value});
  }
  for (const auto* sub : command.get_subcommands({})) spec.subcommands.push_back(describe(*sub));
  return spec;
}

void setup_completion(CLI::App& app, Commands& commands) {
  auto* completion = add_command(app, "completion",
                                 "Print a completion script for bash, zsh or fish, generated from "
                                 "the command definitions",
                                 "source <(reqtriage completion bash)");
  completion->add_option("SHELL", commands.shell, "bash, zsh or fish")->required();
  commands.add(completion, [&app, &shell = commands.shell](Context& c) { run_completion(c, describe(app), shell); });
}

void add_global_options(CLI::App& app, GlobalOptions& global) {
  app.add_option("--db", global.db, "Database file (else $REQTRIAGE_DB, else "
                                    "$XDG_DATA_HOME/reqtriage/requests.db)");
  app.add_option("--config", global.config, "Config file (else $REQTRIAGE_CONFIG, else "
                                            "$XDG_CONFIG_HOME/reqtriage/config.toml)");
  app.add_option("--color", global.color, "auto, always or never (auto honours NO_COLOR)");
  app.add_option("--format", global.format, "Output: table, csv, tsv, json, jsonl or md (export: also xlsx)");
  app.add_flag("-q,--quiet", global.quiet, "No messages on stderr, only errors and warnings");
}

// stdout is checked at exit: `reqtriage list > /dev/full` (or with stdout
// closed) must not succeed.
int check_stdout(bool stdout_open) {
  if (!stdout_open) {
    print_stderr("reqtriage: error: cannot write the output: standard output is closed");
    return static_cast<int>(ExitCode::output);
  }
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    print_stderr("reqtriage: error: cannot write the output: {}", std::strerror(errno));
    return static_cast<int>(ExitCode::output);
  }
  return 0;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

// The candidate nearest to `typed`, if it is near enough to be a typo.
std::string nearest(const std::string& typed, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, typed.size() / 3) + 1;
  for (const auto& candidate : candidates) {
    auto distance = edit_distance(typed, candidate);
    if (distance < best_distance) {
      best = candidate;
      best_distance = distance;
    }
  }
  return best;
}

std::vector<std::string> option_names(CLI::App* command) {
  std::vector<std::string> names;
  for (CLI::App* level = command; level; level = level->get_parent()) {
    for (const auto* option : level->get_options()) {
      for (const auto& name : option->get_lnames()) names.push_back("--" + name);
    }
  }
  return names;
}

// Says what was mistyped and the nearest valid word, for an unknown
// subcommand or option. Returns false when the error is of another kind.
bool explain_typo(CLI::App& app, int argc, char** argv) {
  static const std::vector<std::string> valued{"--db", "--config", "--color", "--format"};
  CLI::App* level = &app;
  for (int i = 1; i < argc; ++i) {
    std::string word = argv[i];
    if (std::find(valued.begin(), valued.end(), word) != valued.end()) {
      ++i;
      continue;
    }
    if (word.starts_with("--")) {
      auto name = word.substr(0, word.find('='));
      auto options = option_names(level);
      if (std::find(options.begin(), options.end(), name) != options.end()) continue;
      auto guess = nearest(name, options);
      print_stderr("reqtriage: error: unknown option '{}'{}", name,
                 guess.empty() ? "" : fmt::format("; did you mean '{}'?", guess));
      return true;
    }
    auto subcommands = level->get_subcommands({});
    if (word.starts_with("-") || subcommands.empty()) continue;
    std::vector<std::string> names;
    for (auto* sub : subcommands) {
      if (sub->get_name() == word) level = sub;
      names.push_back(sub->get_name());
    }
    if (level->get_name() == word) continue;
    auto guess = nearest(word, names);
    print_stderr("reqtriage: error: unknown command '{}'{}", word,
               guess.empty() ? "; see 'reqtriage --help'" : fmt::format("; did you mean '{}'?", guess));
    return true;
  }
  return false;
}

// A path given as "" is an unset variable, not a choice: `--db "$DB"` must
// not fall back to the personal database, nor `--output "$OUT"` to stdout.
void refuse_empty_paths(const CLI::App& app) {
  std::vector<const CLI::App*> levels{&app};
  for (std::size_t i = 0; i < levels.size(); ++i) {
    for (const auto* sub : levels[i]->get_subcommands({})) {
      if (sub->parsed()) levels.push_back(sub);
    }
  }
  static const std::vector<std::string> paths{"reqtriage --db", "reqtriage --config", "export --output",
                                              "migrate --to", "import FILE", "backup FILE", "score --what-if"};
  for (const auto* level : levels) {
    for (const auto* option : level->get_options()) {
      auto name = level->get_name() + " " + option->get_name();
      if (option->count() == 0 || std::find(paths.begin(), paths.end(), name) == paths.end()) continue;
      for (const auto& value : option->results()) {
        if (value.empty()) throw UsageError(fmt::format("{}: the path is empty (an unset variable?)", option->get_name()));
      }
    }
  }
}

int report(const std::string& message, ExitCode code) {
  print_stderr("reqtriage: error: {}", message);
  return static_cast<int>(code);
}

}  // namespace

int run(int argc, char** argv) {
  bool stdout_open = guard_standard_streams();
  CLI::App app{"reqtriage: triage the feature requests sales relays from customers",
               "reqtriage"};
  app.set_version_flag("--version", std::string("reqtriage ") + REQTRIAGE_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // global options work after the subcommand too
  // CLI11 prints this itself: what it quotes of the command line is escaped here.
  app.failure_message([](const CLI::App*, const CLI::Error& error) {
    return fmt::format("reqtriage: error: {}\nRun with --help for more information.\n",
                       escape_for_terminal(error.what()));
  });
  app.footer("Exit codes: 0 ok, 1 failure, 2 usage, 3 invalid input, 4 no such request,\n"
             "5 config error, 6 database busy, 7 output not written. See reqtriage(1).");

  GlobalOptions global;
  add_global_options(app, global);
  Commands commands;
  setup_log(app, commands);
  setup_list(app, commands);
  setup_show(app, commands);
  setup_set(app, commands);
  setup_history(app, commands);
  setup_accounts(app, commands);
  setup_ask(app, commands);
  setup_score(app, commands);
  setup_import(app, commands);
  setup_export(app, commands);
  setup_dedupe(app, commands);
  setup_report(app, commands);
  setup_maintenance(app, commands);
  setup_completion(app, commands);
  setup_config(app, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() != 0 && explain_typo(app, argc, argv)) {
      return static_cast<int>(ExitCode::usage);
    }
    int code = app.exit(error);
    // --help and --version go through std::cout: unwritten, they fail too.
    if (code == 0 && !std::cout.flush()) {
      print_stderr("reqtriage: error: cannot write the output: {}", std::strerror(errno));
      return static_cast<int>(ExitCode::output);
    }
    return code == 0 ? 0 : static_cast<int>(ExitCode::usage);
  }

  try {
    refuse_empty_paths(app);
    Context context(global);
    for (auto& [command, runner] : commands.runners) {
      if (command->parsed()) runner(context);
    }
  } catch (const Error& error) {
    check_stdout(stdout_open);
    return report(error.what(), error.code());
  } catch (const std::exception& error) {
    // A failed write to stdout (fmt throws) is output not written.
    if (int code = check_stdout(stdout_open); code != 0) return code;
    return report(error.what(), ExitCode::failure);
  }
  return check_stdout(stdout_open);
}

}  // namespace reqtriage::cli
