#pragma once
// What every subcommand shares: global options, the config, the store, and
// how to print.
#include <fmt/format.h>

#include <nlohmann/json_fwd.hpp>

#include <cstdio>
#include <memory>
#include <string>

#include "reqtriage/config.hpp"
#include "reqtriage/store.hpp"
#include "reqtriage/table.hpp"
#include "terminal.hpp"

namespace reqtriage::cli {

struct GlobalOptions {
  std::string db;
  std::string config;
  std::string color = "auto";
  std::string format;  ///< empty: not given (table, or what the command prefers)
  bool quiet = false;
};

class Context {
 public:
  explicit Context(GlobalOptions options);
  ~Context();

  const GlobalOptions& options() const { return m_options; }
  /// The config, loaded on first use.
  const Config& config();
  /// The store for a command that reads, or changes what is there: a missing
  /// database is an error ("no database at PATH"), never created.
  Store& store_for_reading();
  Store& store_for_writing();
  /// The store for a command that adds data (log, import): created on first use.
  Store& store_for_adding();
  /// The store for a dry run: a missing database is an empty store in memory.
  Store& store_for_dry_run();
  /// Removes the database file this run created, after a failed import
  /// undid everything in it: a failed first import leaves no empty database.
  void discard_new_database() noexcept;
  /// Refuses (exit 2) to write output over the database in use (or its
  /// -wal, -shm, -journal files) or the config file.
  /// (`config_too` false: the config is what is being written.)
  void refuse_own_files(const std::string& path, const std::string& option, bool config_too = true);
  /// The database: a file path or a PostgreSQL URL (with any password).
  std::string db_path();

  /// The output format; --format xlsx is refused here: only export writes
  /// workbooks, and asks for xlsx_requested() first.
  Format format() const;
  bool format_given() const { return !m_options.format.empty(); }
  bool xlsx_requested() const { return m_options.format == "xlsx"; }
  TableStyle table_style() const;
  bool color() const { return m_color; }

  void print_table(const Table& table) const;
  /// Writes JSON, or JSON Lines with --format jsonl, to stdout.
  void print_json(const nlohmann::ordered_json& value) const;

  /// A message for the person at the terminal, on stderr; silent with --quiet.
  template <typename... Args>
  void say(fmt::format_string<Args...> format, Args&&... args) const {
    if (!m_options.quiet) print_stderr(format, std::forward<Args>(args)...);
  }
  /// A warning on stderr; shown even with --quiet.
  template <typename... Args>
  void warn(fmt::format_string<Args...> format, Args&&... args) const {
    print_stderr("reqtriage: warning: {}", fmt::format(format, std::forward<Args>(args)...));
  }

 private:
  GlobalOptions m_options;
  Format m_format;
  bool m_color;
  std::unique_ptr<Config> m_config;
  std::unique_ptr<Store> m_store;
  bool m_store_in_memory = false;
  bool m_store_read_only = false;
  bool m_warned_open_to_others = false;  ///< once a run, though a read may reopen to write
  bool m_created_database = false;  ///< this run created the database file

  Store& open(IfMissing if_missing, bool read_only);
};

/// Amounts in tables: grouped ("120,000") for people, plain ("120000") for
/// CSV and TSV so spreadsheets and scripts read numbers.
std::string amount_cell(double units, Format format);
std::string effort_cell(const std::optional<double>& effort);

}  // namespace reqtriage::cli
