#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <cmath>
#include <vector>

#include "reqtriage/formula.hpp"

using namespace reqtriage;

namespace {
const std::vector<std::string> names{"x", "y", "z"};

double eval(const std::string& text, std::vector<double> values = {2, 3, 4}) {
  return Formula::parse(text, names).evaluate(values);
}

std::string error_of(const std::string& text) {
  try {
    Formula::parse(text, names);
  } catch (const FormulaError& error) {
    return fmt::format("{}: {}", error.column(), error.what());
  }
  return "no error";
}
}  // namespace

TEST_CASE("precedence and associativity", "[formula]") {
  CHECK(eval("1 + 2 * 3") == 7);
  CHECK(eval("(1 + 2) * 3") == 9);
  CHECK(eval("10 - 4 - 3") == 3);
  CHECK(eval("24 / 4 / 2") == 3);
  CHECK(eval("2 ^ 3 ^ 2") == 512);  // right-associative
  CHECK(eval("-2 ^ 2") == -4);      // unary minus binds looser than ^
  CHECK(eval("2 ^ -1") == 0.5);
  CHECK(eval("--x") == 2);
  CHECK(eval("x * y + z") == 10);
  CHECK(eval("x + y * z ^ 2 / 8") == 8);
  CHECK(eval("  .5 + 1.25 ") == 1.75);
}

TEST_CASE("functions", "[formula]") {
  CHECK(eval("log(1)") == 0);
  CHECK(eval("log10(1000)") == Approx(3));
  CHECK(eval("sqrt(z)") == 2);
  CHECK(eval("min(x, y, z)") == 2);
  CHECK(eval("max(x, y, z)") == 4);
  CHECK(eval("clamp(10, 0, 5)") == 5);
  CHECK(eval("clamp(-1, 0, 5)") == 0);
  CHECK(eval("ramp(0, 10, 20)") == 0);
  CHECK(eval("ramp(10, 10, 20)") == 0);
  CHECK(eval("ramp(15, 10, 20)") == 0.5);
  CHECK(eval("ramp(25, 10, 20)") == 1);
  CHECK(eval("ramp (x, 0, 4)") == 0.5);
}

TEST_CASE("undefined operations give 0", "[formula]") {
  CHECK(eval("x / 0") == 0);
  CHECK(eval("0 / 0") == 0);
  CHECK(eval("1 + x / (y - 3)") == 1);
  CHECK(eval("log(0)") == 0);
  CHECK(eval("log(-1)") == 0);
  CHECK(eval("sqrt(-4)") == 0);
  CHECK(eval("10 ^ 400") == 0);
  CHECK(eval("ramp(x, 5, 5)") == 0);
}

TEST_CASE("errors name the column", "[formula]") {
  CHECK(error_of("x + w") == "5: unknown name 'w'; known: x, y, z");
  CHECK(error_of("x +") == "4: the formula ends where a value was expected");
  CHECK(error_of("(x + y") == "7: missing ')'");
  CHECK(error_of("x y") == "3: unexpected 'y'");
  CHECK(error_of("x * * y") == "5: unexpected '*' where a value was expected");
  CHECK(error_of("min(x)") == "1: min takes 2 to 16 arguments, got 1");
  CHECK(error_of("max(x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x,x)") == "1: max takes 2 to 16 arguments, got 17");
  CHECK(error_of("x + clamp(x, y)") == "5: clamp takes 3 arguments, got 2");
  CHECK(error_of("log()") == "1: log takes 1 argument, got 0");
  CHECK(error_of("exp(x)") == "1: unknown function 'exp'; known: clamp, log, log10, max, min, ramp, sqrt");
  CHECK(error_of("x + log") == "5: 'log' is a function: write log(...)");
  CHECK(error_of("1.2.3") == "1: '1.2.3' is not a number");
  CHECK(error_of("x / 1" + std::string(400, '7')) == "5: the number starting '177777777777' is out of range");
  CHECK(eval(".5 + 1.") == 1.5);
  CHECK(error_of("") == "1: the formula is empty");
  CHECK(error_of("x # y") == "3: unexpected '#'");
}

TEST_CASE("nesting and length are bounded, with the column", "[formula]") {
  std::vector<std::string> value_only{"value"};
  auto deep = std::string(65, '(') + "1" + std::string(65, ')');
  CHECK_THROWS_WITH(Formula::parse(deep, value_only), Catch::Contains("nests more than 64 levels deep"));
  CHECK_THROWS_AS(Formula::parse(std::string(20000, '-') + "value", value_only), FormulaError);
  CHECK_THROWS_AS(Formula::parse(std::string(17500, '(') + "1" + std::string(17500, ')'), value_only), FormulaError);
  std::string powers = "2";
  for (int i = 0; i < 100; ++i) powers += "^2";
  CHECK_THROWS_AS(Formula::parse(powers, value_only), FormulaError);
  CHECK_NOTHROW(Formula::parse(std::string(60, '(') + "value" + std::string(60, ')'), value_only));
  try {
    Formula::parse(deep, value_only);
  } catch (const FormulaError& error) {
    CHECK(error.column() == 65);
  }
  std::string flat = "1";
  for (int i = 0; i < 1500; ++i) flat += "+1";
  CHECK_THROWS_WITH(Formula::parse(flat, value_only), Catch::Contains("at most 2000 are allowed"));
}

TEST_CASE("substitution and terms explain the value", "[formula]") {
  auto formula = Formula::parse("x * 2 + y / z - -z", names);
  std::vector<double> values{1.5, -6, 4};
  CHECK(formula.substitute(values) == "1.5 * 2 + (-6) / 4 - -4");
  auto terms = formula.terms(values);
  REQUIRE(terms.size() == 3);
  CHECK(terms[0].text == "x * 2");
  CHECK(terms[1].text == "y / z");
  CHECK(terms[2].text == "-z");
  CHECK(terms[2].sign == -1);
  double sum = 0;
  for (const auto& term : terms) sum = sum + term.sign * term.value;
  CHECK(sum == formula.evaluate(values));
  CHECK(Formula::parse("(x + y)", names).terms(values).size() == 2);
}

TEST_CASE("copies evaluate the same", "[formula]") {
  auto formula = Formula::parse("max(x, y) ^ 2", names);
  Formula copy = formula;
  std::vector<double> values{3, 5, 0};
  CHECK(copy.evaluate(values) == 25);
  CHECK(copy.text() == "max(x, y) ^ 2");
}
