#pragma once
/// Turning a CRM or spreadsheet export into validated import rows, read as
/// a stream: every row is checked, every problem of a row reported, and the
/// problems summarised by kind, in memory bounded whatever the file's size.
#include <cstdio>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "reqtriage/config.hpp"
#include "reqtriage/store.hpp"

namespace reqtriage {

struct ImportSettings {
  const ImportMap* map = nullptr;  ///< null: columns found by their headers
  char delimiter = 0;              ///< 0: the map's, else detected
  std::vector<std::string> ignored_columns;  ///< headers the user said to ignore (no map)
  bool ignore_unknown_columns = false;
};

/// One kind of problem ("column "Stage": unknown stage") with how many rows
/// had it, the first row, and a few of the values.
struct ProblemKind {
  std::string kind;
  std::size_t count = 0;
  std::size_t first_row = 0;
  std::vector<std::string> examples;
  std::string hint;  ///< how to fix them all, when known
};

/// Reads the rows of one file. Row 1 is the header: it must name a title
/// column (with a map: every column the map names); without a map, a column
/// that matches no field is refused unless ignored. Rows of one file are
/// never merged with each other: two rows with the same title, account, rep
/// and note are two asks; two rows with the same CRM id are an error.
class ImportReader {
 public:
  /// Keeps this many problems word for word; the rest are counted by kind.
  static constexpr std::size_t shown_problems = 20;

  ImportReader(std::string source, const Config& config, ImportSettings settings);
  ~ImportReader();

  /// Feeds the next piece of the file; complete rows go to `rows`.
  void feed(std::string_view piece, std::vector<ImportRow>& rows);
  /// Ends the file; throws InputError for a file without a header.
  void finish(std::vector<ImportRow>& rows);

  /// Header cell -> field (or "" for an ignored column), in header order.
  std::vector<std::pair<std::string, std::string>> mapping() const;
  std::size_t data_rows() const;
  std::size_t invalid_rows() const;
  /// The first problems, each naming the row, column, value and reason.
  const std::vector<std::string>& first_problems() const;
  /// Every problem, by kind, most frequent first.
  std::vector<ProblemKind> problem_kinds() const;

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

/// Reads pieces of `in` (64 KiB at a time) through the reader until `batch`
/// holds at least `want` rows; returns false once the file is done.
bool read_batch(std::FILE* in, ImportReader& reader, std::vector<ImportRow>& batch, std::size_t want);

/// An [import.maps.NAME] table for the file's header and values: each column
/// mapped to the field its header suggests, the date order and decimal mark
/// its values use, and its stage names mapped (or to be mapped) to the
/// config's stages. Reads the whole file.
std::string suggest_import_map(std::FILE* in, const std::string& source, const std::string& name,
                               const Config& config, char delimiter);

/// The headers each field is recognised by without a map (case-insensitive):
/// reqtriage's own, and those of Salesforce, HubSpot, Pipedrive and
/// Dynamics exports.
const std::vector<std::string>& header_aliases(const std::string& field);

}  // namespace reqtriage
