// libFuzzer target: the formula parser and evaluator.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "reqtriage/config.hpp"
#include "reqtriage/formula.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  try {
    auto formula = reqtriage::Formula::parse(text, reqtriage::quantity_names());
    std::vector<double> values(reqtriage::quantity_names().size(), 0.0);
    for (std::size_t i = 0; i < values.size(); ++i) values[i] = static_cast<double>(i) - 3.5;
    double result = formula.evaluate(values);
    if (!std::isfinite(result)) std::abort();  // a score is always a number
    formula.substitute(values);
    formula.terms(values);
  } catch (const reqtriage::FormulaError&) {
  }
  return 0;
}
