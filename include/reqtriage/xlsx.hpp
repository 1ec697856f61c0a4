#pragma once
/// Tables as sheets of a native .xlsx workbook (libxlsxwriter, seen only in
/// xlsx.cpp), written row by row in its constant-memory mode, so a million
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
  /// Writes to a new file at `path`; throws OutputError when it cannot.
  explicit XlsxWorkbook(const std::string& path);
  ~XlsxWorkbook();
  XlsxWorkbook(const XlsxWorkbook&) = delete;
  XlsxWorkbook& operator=(const XlsxWorkbook&) = delete;

  /// Starts a sheet: the header row bold and frozen, column widths set.
  /// `currency` is the base currency, for columns named like value_USD.
  void add_sheet(const std::string& name, const std::vector<Column>& columns, const std::string& currency);
  void row(const std::vector<std::string>& cells);
  /// Sets each sheet's autofilter and writes the file; throws OutputError.
  void close();

 private:
  struct State;
  std::unique_ptr<State> m_state;
};

}  // namespace reqtriage
