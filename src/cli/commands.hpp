#pragma once
// The options of each subcommand and the function that runs it. app.cpp binds
// the options with CLI11; cmd_*.cpp run them and never see CLI11.
#include <optional>
#include <string>
#include <vector>

#include "context.hpp"

namespace reqtriage {
struct Score;
struct Ranking;
struct PastStore;
}

namespace reqtriage::cli {

/// Options given empty ("--value ''") are errors, not absent: hence optional.
struct LogOptions {
  std::optional<std::string> title;
  std::string description;
  std::string note;  ///< the sales rep's words, verbatim
  std::string account;
  std::optional<std::string> value;
  std::optional<std::string> currency;
  std::optional<std::string> stage;
  std::optional<std::string> close;
  std::string by;
  std::optional<std::string> effort;
  std::optional<std::string> area;
  std::string source;
  std::optional<std::string> to;
  std::vector<std::string> tags;
  std::optional<std::string> deal;
  std::optional<std::string> importance;
  bool new_account = false;  ///< keep a name close to an existing account's as a new account
  bool new_request = false;  ///< log even when a declined or shipped request has the title
};
void run_log(Context& context, const LogOptions& options);

/// The filters list, score, export and the reports share (reqtriage(1),
/// FILTERS), as typed.
struct FilterOptions {
  std::vector<std::string> statuses;
  std::vector<std::string> tags;
  std::vector<std::string> areas;
  std::vector<std::string> accounts;
  std::vector<std::string> segments;
  std::vector<std::string> reps;
  std::vector<std::string> stages;
  std::vector<std::string> importances;
  bool all = false;  ///< include merged requests (list and export)
};
/// The filter the options describe, each name resolved against the store
/// and config; an account, segment or rep nobody has is NotFoundError.
RequestFilter read_filter(Context& context, const FilterOptions& options);

/// The store at the end of a past day (--as-of); says so on stderr when
/// nothing had been logged by then, rather than print an empty page alone.
PastStore store_at(Context& context, Store& store, const std::string& date);

/// Ranks are the company's: when `filter` (as typed) narrows the view, each
/// score of `view` takes its rank in the whole ranking (now, or on the past
/// day) and keeps its place in the view as view_rank.
void use_company_ranks(Store& store, const Config& config, const Profile& profile, const RequestFilter& filter,
                       const PastStore* past, Ranking& view);

struct ListOptions {
  FilterOptions filter;
};
void run_list(Context& context, const ListOptions& options);

struct ShowOptions {
  std::string id;
};
void run_show(Context& context, const ShowOptions& options);

struct SetOptions {
  std::string id;
  std::optional<std::string> effort;
  std::optional<std::string> status;
  std::optional<std::string> reason;
  std::optional<std::string> workaround;
  std::optional<std::string> title;
  std::optional<std::string> description;
  std::optional<std::string> area;
  std::vector<std::string> tags;
  std::vector<std::string> untags;
  std::optional<std::string> target;
  std::vector<std::string> links;
  std::vector<std::string> unlinks;
};
void run_set(Context& context, const SetOptions& options);

struct HistoryOptions {
  std::string id;
};
void run_history(Context& context, const HistoryOptions& options);

void run_accounts(Context& context);

struct AccountOptions {
  std::string name;
  std::optional<std::string> segment;
  std::optional<std::string> arr;
  std::optional<std::string> alias;
  bool new_account = false;  ///< record a name close to a known account's as a new account
};
void run_account(Context& context, const AccountOptions& options);
/// Refuses (InputError) a new account name a typo away from a known one.
void refuse_close_account(Store& store, const std::string& name, std::string_view option);
void run_account_rename(Context& context, const std::string& name, const std::string& new_name);
struct AccountMergeOptions {
  std::vector<std::string> names;
  std::string into;
};
void run_account_merge(Context& context, const AccountMergeOptions& options);
void run_account_unmerge(Context& context, const std::string& name);

/// `ask ID`: show one ask, or correct, move, delete or restore it.
struct AskOptions {
  std::string id;
  std::optional<std::string> value;
  std::optional<std::string> currency;
  std::optional<std::string> stage;
  std::optional<std::string> close;
  std::optional<std::string> account;
  std::optional<std::string> by;
  std::optional<std::string> note;
  std::optional<std::string> importance;
  std::optional<std::string> deal;
  std::optional<std::string> move_to;
  bool remove = false;  ///< --delete
  std::optional<std::string> reason;
  bool restore = false;
  bool new_account = false;
};
void run_ask(Context& context, const AskOptions& options);

struct ScoreOptions {
  std::optional<std::string> top;
  std::optional<std::string> profile;
  bool explain = false;
  std::string explain_id;  ///< empty: explain every row
  std::optional<std::string> what_if;
  bool snapshot = false;  ///< save the ranking for report review's movers
  bool matrix = false;    ///< draw the value/effort quadrant chart
  std::optional<std::string> as_of;  ///< rank as things stood at the end of this date
  FilterOptions filter;
};
void run_score(Context& context, const ScoreOptions& options);
/// The value/effort chart of these ranked scores as SVG (the first
/// `highlighted` ranks stand out), placed by rank of value and of effort.
std::string value_effort_svg(const std::vector<const Score*>& scores, std::size_t highlighted,
                             const std::string& currency);

struct ImportOptions {
  std::string file;  ///< "-" for standard input
  std::optional<std::string> map;
  std::optional<std::string> delimiter;
  bool skip_invalid = false;
  bool dry_run = false;
  std::vector<std::string> ignored_columns;
  bool ignore_unknown_columns = false;
  std::optional<std::string> suggest_map;  ///< print a map of this name for the file, import nothing
  bool tracker = false;  ///< the file is a tracker's export (--map names a [tracker.maps] entry)
  bool new_account = false;  ///< accept new account names close to known ones
};
void run_import(Context& context, const ImportOptions& options);

struct ExportOptions {
  std::string what = "requests";
  std::string output;  ///< empty or "-": standard output
  std::string columns; ///< comma-separated; empty: all
  FilterOptions filter;
  std::optional<std::string> profile;
  bool raw = false;
  bool excel = false;
  std::optional<std::string> delimiter;  ///< CSV: ',' or ';'
};
void run_export(Context& context, const ExportOptions& options);

struct DedupeOptions {
  bool list = false;
  bool auto_merge = false;
  bool interactive = false;
  bool dry_run = false;
  std::optional<std::string> min_similarity;
  std::vector<std::string> explain;  ///< two request ids: why they are or are not alike
};
void run_dedupe(Context& context, const DedupeOptions& options);

struct MergeOptions {
  std::vector<std::string> ids;
  std::string into;
  bool force = false;  ///< merge requests less alike than the dedupe threshold without asking
};
void run_merge(Context& context, const MergeOptions& options);
void run_unmerge(Context& context, const std::string& id);
struct DeleteOptions {
  std::string id;
  std::string reason;
};
void run_delete(Context& context, const DeleteOptions& options);
void run_restore(Context& context, const std::string& id);
void run_not_duplicate(Context& context, const std::vector<std::string>& ids);

struct ReportOptions {
  FilterOptions filter;
  std::optional<std::string> since; ///< review and reps: from this date
  std::optional<std::string> top;   ///< review: how many of the ranking
  std::optional<std::string> profile;
  bool save = false;                ///< review: save the ranking for the next review
  bool no_snapshot = false;         ///< review: save nothing (the default; older scripts say so)
  std::optional<std::string> as_of; ///< as things stood at the end of this date
  bool full = false;                ///< review: every new ask, not one line per request
};
void run_report_accounts(Context& context, const ReportOptions& options);
void run_report_review(Context& context, const ReportOptions& options);
void run_report_reps(Context& context, const ReportOptions& options);

void run_doctor(Context& context);
void run_backup(Context& context, const std::string& path);
void run_migrate(Context& context, const std::string& target);

/// The command line's shape, read off the parser's own definitions, so the
/// completion scripts can never drift from it.
struct OptionSpec {
  std::string name;  ///< "--value" or "-q"
  std::string description;
  bool takes_value = false;
};
struct CommandSpec {
  std::string name;
  std::string description;
  std::vector<OptionSpec> options;
  bool takes_id = false;  ///< a request id is expected as an argument
  std::vector<CommandSpec> subcommands;
};
/// Prints the completion script for bash, zsh or fish.
void run_completion(Context& context, const CommandSpec& root, const std::string& shell);

void run_config_check(Context& context);
void run_config_show(Context& context);
struct ConfigInitOptions {
  bool force = false;
};
void run_config_init(Context& context, const ConfigInitOptions& options);

}  // namespace reqtriage::cli
