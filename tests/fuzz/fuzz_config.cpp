// libFuzzer target: the config loader (toml++ and our key checks).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "reqtriage/config.hpp"
#include "reqtriage/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  try {
    reqtriage::load_config_text(text, "fuzz.toml");
  } catch (const reqtriage::Error&) {
  }
  return 0;
}
