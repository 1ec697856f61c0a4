// Opening a workbook through the module reqtriage-xlsx.so (see xlsx.hpp).
#include "modules.hpp"
#include "reqtriage/xlsx.hpp"

namespace reqtriage {

std::unique_ptr<XlsxWorkbook> open_xlsx(const std::string& path) {
  using Open = XlsxWorkbook* (*)(const std::string&);
  auto open = reinterpret_cast<Open>(module_entry("reqtriage-xlsx.so", "reqtriage_open_xlsx", "spreadsheet support"));
  return std::unique_ptr<XlsxWorkbook>(open(path));
}

}  // namespace reqtriage
