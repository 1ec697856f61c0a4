#pragma once
/// Tables as sheets of a native .xlsx workbook (libxlsxwriter, seen only in
/// xlsx.cpp, the module reqtriage-xlsx.so), written row by row in its constant-memory mode, so a million
/// asks never sit in memory. Each cell is typed by its column's Kind: numbers
/// are numbers (money columns with their currency's number format), booleans
/// booleans, timestamps and dates dates, text text (never a formula).
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "reqtriage/table.hpp"

namespace reqtriage {

class XlsxWorkbook {
 public:
  virtual ~XlsxWorkbook() = default;
  /// Starts a sheet: the header row bold and frozen, column widths set.
  /// `currency` is the base currency, for columns named like value_USD.
  virtual void add_sheet(const std::string& name, const std::vector<Column>& columns,
                         const std::string& currency) = 0;
  virtual void row(const std::vector<std::string>& cells) = 0;
  /// Sets each sheet's autofilter and writes the file; throws OutputError.
  virtual void close() = 0;
};

/// A new workbook at `path`, through the module reqtriage-xlsx.so, loaded on
/// first use (libxlsxwriter brings libcrypto, whose loading would slow every
/// command); throws OutputError when the file cannot be made.
std::unique_ptr<XlsxWorkbook> open_xlsx(const std::string& path);

}  // namespace reqtriage
