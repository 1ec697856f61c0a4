// libFuzzer target: the CSV reader and the import validation behind it.
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "reqtriage/config.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/importer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto config = reqtriage::default_config();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    // Fed in two pieces, split where the data says, as a stream would be.
    reqtriage::ImportReader reader("fuzz.csv", config, {nullptr, 0, {}, true});
    std::vector<reqtriage::ImportRow> rows;
    auto split = text.empty() ? 0 : static_cast<std::size_t>(data[0]) % text.size();
    reader.feed(text.substr(0, split), rows);
    reader.feed(text.substr(split), rows);
    reader.finish(rows);
    reader.problem_kinds();
  } catch (const reqtriage::Error&) {
    // Rejected input is the expected outcome for most of it.
  }
  return 0;
}
