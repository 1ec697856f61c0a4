#include "context.hpp"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <filesystem>

#include "reqtriage/error.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/paths.hpp"

namespace reqtriage::cli {
namespace {

bool decide_color(const std::string& mode) {
  if (mode == "always") return true;
  if (mode == "never") return false;
  if (mode != "auto") {
    throw UsageError(
        fmt::format("--color: unknown value '{}': expected auto, always or never", mode));
  }
  const char* no_color = std::getenv("NO_COLOR");
  const char* term = std::getenv("TERM");
  if (no_color && *no_color) return false;
  if (term && std::string_view(term) == "dumb") return false;
  return ::isatty(STDOUT_FILENO) == 1;
}

std::size_t terminal_width() {
  if (::isatty(STDOUT_FILENO) != 1) return 0;
  winsize size{};
  if (::ioctl(STDOUT_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  if (const char* columns = std::getenv("COLUMNS"); columns && std::atoi(columns) > 0) {
    return static_cast<std::size_t>(std::atoi(columns));
  }
  return 80;
}

}  // namespace

Context::Context(GlobalOptions options)
    : m_options(std::move(options)),
      m_format(parse_format(m_options.format.empty() || m_options.format == "xlsx" ? "table" : m_options.format)),
      m_color(decide_color(m_options.color)) {}

Context::~Context() = default;

const Config& Context::config() {
  if (!m_config) {
    auto path = resolve_config_path(m_options.config);
    m_config = std::make_unique<Config>(path.empty() ? default_config() : load_config_file(path));
  }
  return *m_config;
}

std::string Context::db_path() { return resolve_db_path(m_options.db, config().store_url); }

Store& Context::open(IfMissing if_missing, bool read_only) {
  bool reopen = (m_store_in_memory && if_missing != IfMissing::scratch) || (m_store_read_only && !read_only);
  if (m_store && !reopen) return *m_store;
  m_store.reset();
  auto path = db_path();
  bool file = !is_database_url(path);
  std::error_code ignored;
  bool missing = file && !std::filesystem::exists(path, ignored);
  m_store_in_memory = missing && if_missing == IfMissing::scratch;
  m_store = open_store({path, if_missing, read_only, current_user()});
  m_store_read_only = read_only;
  m_created_database = missing && if_missing == IfMissing::create;
  if (file && !m_store_in_memory && !m_warned_open_to_others) {
    if (auto mode = open_to_others(path)) {
      m_warned_open_to_others = true;
      warn("{} can be read by others (mode {:04o}); make it private with: chmod 600 '{}'", path, mode, path);
    }
  }
  return *m_store;
}

void Context::discard_new_database() noexcept {
  if (!m_created_database) return;
  m_store.reset();
  try {
    auto path = db_path();
    ::unlink(path.c_str());
    for (const char* suffix : sqlite_companion_suffixes) ::unlink((path + suffix).c_str());
  } catch (...) {
    // The database stays: empty, which is harmless.
  }
  m_created_database = false;
}

Store& Context::store_for_reading() { return open(IfMissing::fail, true); }
Store& Context::store_for_writing() { return open(IfMissing::fail, false); }
Store& Context::store_for_adding() { return open(IfMissing::create, false); }
Store& Context::store_for_dry_run() { return open(IfMissing::scratch, false); }

void Context::refuse_own_files(const std::string& path, const std::string& option, bool config_too) {
  auto refuse = [&](const std::string& what) {
    throw UsageError(fmt::format("{}: {} is {}; refusing to write over it", option, path, what));
  };
  auto config_path = resolve_config_path(m_options.config);
  if (config_too && !config_path.empty() && same_file(path, config_path)) {
    refuse("the config file in use");
  }
  std::string database;
  try {
    database = db_path();
  } catch (const ConfigError&) {
    database = resolve_db_path(m_options.db, "");  // config init is replacing a broken config
  }
  if (is_database_url(database)) return;
  if (same_file(path, database)) refuse("the database in use");
  for (const char* suffix : sqlite_companion_suffixes) {
    if (same_file(path, database + suffix)) refuse(fmt::format("the database's {} file", suffix));
  }
}

TableStyle Context::table_style() const { return {m_color, terminal_width()}; }

Format Context::format() const {
  if (xlsx_requested()) {
    throw UsageError("--format xlsx: only export writes workbooks (reqtriage export --format xlsx --output FILE)");
  }
  return m_format;
}

void Context::print_table(const Table& table) const {
  write_table(stdout, table, format(), table_style());
}

void Context::print_json(const Json& value) const {
  if (format() == Format::html || m_format == Format::svg) {
    throw UsageError(fmt::format("--format {}: this command writes table, csv, tsv, json, jsonl or md",
                                 to_string(m_format)));
  }
  if (m_format == Format::jsonl && value.is_array() && value.empty()) return;
  fmt::print(stdout, "{}\n", render_json(value, m_format));
}

std::string amount_cell(double units, Format format) {
  if (format == Format::table) return format_amount(units);
  return fmt::format("{}", std::round(units * 100) / 100);
}

std::string effort_cell(const std::optional<double>& effort) {
  return effort ? fmt::format("{}", *effort) : std::string();
}

}  // namespace reqtriage::cli
