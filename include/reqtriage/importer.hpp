#pragma once
/// Turning a CRM or spreadsheet export into validated import rows. Every
/// row is checked before anything is written; each bad row is reported.
#include <string>
#include <string_view>
#include <vector>

#include "reqtriage/config.hpp"
#include "reqtriage/store.hpp"

namespace reqtriage {

struct ImportProblem {
  std::size_t row = 0;
  std::string message;  ///< names the row, the column, the value and the reason
};

struct PreparedImport {
  std::vector<ImportRow> rows;
  std::vector<ImportProblem> problems;
  std::size_t data_rows = 0;  ///< rows after the header
};

/// Reads `text` with the map (or, without one, by matching headers to field
/// names) and validates every row as `log` would. `delimiter` 0 takes the
/// map's, else detects it. Throws InputError when the file itself cannot be
/// read as a table: broken quoting, no header, no title column, a column the
/// map names that the header lacks.
PreparedImport prepare_import(std::string_view text, const std::string& source,
                              const Config& config, const ImportMap* map, char delimiter);

/// The headers each field is recognised by without a map (case-insensitive).
const std::vector<std::string>& header_aliases(const std::string& field);

}  // namespace reqtriage
