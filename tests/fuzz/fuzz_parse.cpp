// libFuzzer target: amounts, dates, ids, efforts, tags and titles as typed.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/similarity.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  auto attempt = [](auto&& parse) {
    try {
      parse();
    } catch (const reqtriage::Error&) {
    }
  };
  attempt([&] {
    auto amount = reqtriage::parse_amount(text, "fuzz");
    if (amount.cents < 0) __builtin_trap();  // never negative
  });
  attempt([&] { reqtriage::parse_date(text, "fuzz"); });
  attempt([&] { reqtriage::parse_request_id(text, "fuzz"); });
  attempt([&] { reqtriage::parse_effort(text, "fuzz"); });
  attempt([&] { reqtriage::parse_tag(text, "fuzz"); });
  attempt([&] { reqtriage::parse_title(text, "fuzz"); });
  reqtriage::basic_tokens(text);
  return 0;
}
