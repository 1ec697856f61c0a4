// libFuzzer target: the CSV reader and the import validation behind it.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "reqtriage/config.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/importer.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const auto config = reqtriage::default_config();
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    reqtriage::prepare_import(text, "fuzz.csv", config, nullptr, 0);
  } catch (const reqtriage::Error&) {
    // Rejected input is the expected outcome for most of it.
  }
  return 0;
}
