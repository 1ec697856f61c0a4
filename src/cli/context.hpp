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
  /// The store for a command that only reads: a missing database reads as empty.
  Store& store_for_reading();
  /// The store for a command that writes: created on first use.
  Store& store_for_writing();
  /// The database: a file path or a PostgreSQL URL (with any password).
  std::string db_path();

  Format format() const { return m_format; }
  bool format_given() const { return !m_options.format.empty(); }
  TableStyle table_style() const;
  bool color() const { return m_color; }

  void print_table(const Table& table) const;
  /// Writes JSON, or JSON Lines with --format jsonl, to stdout.
  void print_json(const nlohmann::ordered_json& value) const;

  /// A message for the person at the terminal, on stderr; silent with --quiet.
  template <typename... Args>
  void say(fmt::format_string<Args...> format, Args&&... args) const {
    if (!m_options.quiet) fmt::print(stderr, "{}\n", fmt::format(format, std::forward<Args>(args)...));
  }
  /// A warning on stderr; shown even with --quiet.
  template <typename... Args>
  void warn(fmt::format_string<Args...> format, Args&&... args) const {
    fmt::print(stderr, "reqtriage: warning: {}\n", fmt::format(format, std::forward<Args>(args)...));
  }

 private:
  GlobalOptions m_options;
  Format m_format;
  bool m_color;
  std::unique_ptr<Config> m_config;
  std::unique_ptr<Store> m_store;
  bool m_store_writable = false;

  Store& open(bool create);
};

/// Amounts in tables: grouped ("120,000") for people, plain ("120000") for
/// CSV and TSV so spreadsheets and scripts read numbers.
std::string amount_cell(double units, Format format);
std::string effort_cell(const std::optional<double>& effort);

}  // namespace reqtriage::cli
