// reqtriage import FILE|-: CRM and spreadsheet exports in, every row checked first.
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <sstream>

#include "commands.hpp"
#include "progress.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/importer.hpp"
#include "reqtriage/json.hpp"

namespace reqtriage::cli {
namespace {

std::string read_input(const std::string& file) {
  std::stringstream text;
  if (file == "-") {
    text << std::cin.rdbuf();
    return text.str();
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(ExitCode::failure, fmt::format("cannot read {}: {}", file, std::strerror(errno)));
  // Read in one piece when the size is known (a file, not a pipe): a string
  // stream copies a large export twice.
  in.seekg(0, std::ios::end);
  auto size = in.tellg();
  if (size > 0) {
    std::string whole(static_cast<std::size_t>(size), '\0');
    in.seekg(0);
    if (in.read(whole.data(), size)) return whole;
    in.clear();
  }
  in.seekg(0);
  text << in.rdbuf();
  return text.str();
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
              {"unchanged", counts.unchanged},       {"invalid", invalid}};
    context.print_json(json);
    return;
  }
  Table table;
  for (const char* name : {"new_requests", "new_asks", "attached", "updated", "unchanged", "invalid"}) {
    table.columns.push_back({name, Kind::number});
  }
  table.rows.push_back({std::to_string(counts.new_requests), std::to_string(counts.new_asks),
                        std::to_string(counts.attached), std::to_string(counts.updated),
                        std::to_string(counts.unchanged), std::to_string(invalid)});
  context.print_table(table);
}

}  // namespace

void run_import(Context& context, const ImportOptions& options) {
  const auto& config = context.config();
  const ImportMap* map = options.map ? &config.find_import_map(*options.map) : nullptr;
  auto delimiter = parse_delimiter(options.delimiter);
  auto source = options.file == "-" ? std::string("standard input") : options.file;
  auto text = read_input(options.file);
  auto prepared = prepare_import(text, source, config, map, delimiter);

  for (const auto& problem : prepared.problems) print_stderr("{}: {}", source, problem.message);
  if (!prepared.problems.empty() && !options.skip_invalid) {
    throw InputError(fmt::format(
        "{}: {} of {} rows are invalid; nothing was written (fix them, or import the rest with "
        "--skip-invalid)",
        source, prepared.problems.size(), prepared.data_rows));
  }

  Progress progress(context, fmt::format("importing {}", source), prepared.rows.size());
  auto counts = (options.dry_run ? context.store_for_dry_run() : context.store_for_adding()).import_rows(prepared.rows, options.dry_run,
                                                            [&](std::size_t done) { progress.update(done); });
  progress.finish();

  context.say("{}{}: {} new asks ({} on existing requests), {} new requests, {} updated, {} "
              "unchanged{}.",
              options.dry_run ? "Dry run, nothing written: " : "Imported ", source,
              counts.new_asks, counts.attached, counts.new_requests, counts.updated,
              counts.unchanged,
              prepared.problems.empty() ? "" : fmt::format(", {} invalid rows skipped", prepared.problems.size()));
  print_counts(context, counts, prepared.problems.size());
}

}  // namespace reqtriage::cli
