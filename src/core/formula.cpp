#include "reqtriage/formula.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>

namespace reqtriage {

enum class Op { number, variable, negate, add, subtract, multiply, divide, power, call };
enum class Function { log, log10, sqrt, min, max, clamp, ramp };

struct Formula::Node {
  Op op = Op::number;
  double number = 0;
  std::size_t variable = 0;
  Function function = Function::log;
  std::vector<std::unique_ptr<Node>> children;
  std::size_t begin = 0;  ///< span of the text this node came from
  std::size_t end = 0;

  std::unique_ptr<Node> clone() const {
    auto copy = std::make_unique<Node>();
    copy->op = op;
    copy->number = number;
    copy->variable = variable;
    copy->function = function;
    copy->begin = begin;
    copy->end = end;
    for (const auto& child : children) copy->children.push_back(child->clone());
    return copy;
  }
};

namespace {

struct FunctionInfo {
  Function function;
  std::size_t min_args;
  std::size_t max_args;
};

const std::map<std::string, FunctionInfo, std::less<>>& functions() {
  static const std::map<std::string, FunctionInfo, std::less<>> table{
      {"log", {Function::log, 1, 1}},     {"log10", {Function::log10, 1, 1}},
      {"sqrt", {Function::sqrt, 1, 1}},   {"min", {Function::min, 2, 16}},
      {"max", {Function::max, 2, 16}},    {"clamp", {Function::clamp, 3, 3}},
      {"ramp", {Function::ramp, 3, 3}}};
  return table;
}

double finite_or_zero(double value) { return std::isfinite(value) ? value : 0.0; }

double call(Function function, const std::vector<double>& args) {
  switch (function) {
    case Function::log: return std::log(args[0]);
    case Function::log10: return std::log10(args[0]);
    case Function::sqrt: return std::sqrt(args[0]);
    case Function::min: return *std::min_element(args.begin(), args.end());
    case Function::max: return *std::max_element(args.begin(), args.end());
    case Function::clamp: return std::min(std::max(args[0], args[1]), args[2]);
    case Function::ramp: {
      double x = args[0], low = args[1], high = args[2];
      if (x <= low) return 0;
      if (x >= high) return 1;
      return (x - low) / (high - low);
    }
  }
  return 0;
}

double eval(const Formula::Node& node, std::span<const double> values) {
  auto child = [&](std::size_t i) { return eval(*node.children[i], values); };
  double result = 0;
  switch (node.op) {
    case Op::number: result = node.number; break;
    case Op::variable: result = values[node.variable]; break;
    case Op::negate: result = -child(0); break;
    case Op::add: result = child(0) + child(1); break;
    case Op::subtract: result = child(0) - child(1); break;
    case Op::multiply: result = child(0) * child(1); break;
    case Op::divide: result = child(0) / child(1); break;
    case Op::power: result = std::pow(child(0), child(1)); break;
    case Op::call: {
      std::vector<double> args;
      for (std::size_t i = 0; i < node.children.size(); ++i) args.push_back(child(i));
      result = call(node.function, args);
      break;
    }
  }
  return finite_or_zero(result);
}

bool is_name_start(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool is_name_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

}  // namespace

class FormulaParser {
 public:
  FormulaParser(const std::string& text, const std::vector<std::string>& variables,
                Formula& formula)
      : m_text(text), m_variables(variables), m_formula(formula) {}

  std::unique_ptr<Formula::Node> parse() {
    skip_space();
    if (m_pos == m_text.size()) throw error(m_pos, "the formula is empty");
    // Parsing, evaluating, copying and freeing all recurse over the tree: a
    // bounded text and nesting keep them within the stack.
    if (m_text.size() > max_length) {
      throw error(max_length, fmt::format("the formula is {} characters long; at most {} are allowed",
                                          m_text.size(), max_length));
    }
    auto root = expression();
    skip_space();
    if (m_pos != m_text.size()) {
      throw error(m_pos, fmt::format("unexpected '{}'", m_text[m_pos]));
    }
    return root;
  }

 private:
  const std::string& m_text;
  const std::vector<std::string>& m_variables;
  Formula& m_formula;
  std::size_t m_pos = 0;
  std::size_t m_depth = 0;
  static constexpr std::size_t max_length = 2000;
  static constexpr std::size_t max_depth = 64;

  // Counts one level of nesting while alive.
  struct Nested {
    explicit Nested(FormulaParser& parser) : m_parser(parser) {
      if (++m_parser.m_depth > max_depth) {
        throw m_parser.error(m_parser.m_pos, fmt::format("the formula nests more than {} levels deep "
                                                         "(parentheses, signs, powers or calls)", max_depth));
      }
    }
    ~Nested() { --m_parser.m_depth; }
    Nested(const Nested&) = delete;
    Nested& operator=(const Nested&) = delete;
    FormulaParser& m_parser;
  };

  FormulaError error(std::size_t pos, const std::string& message) const {
    return FormulaError(pos + 1, message);
  }

  void skip_space() {
    while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos]))) ++m_pos;
  }

  bool take(char c) {
    skip_space();
    if (m_pos < m_text.size() && m_text[m_pos] == c) {
      ++m_pos;
      return true;
    }
    return false;
  }

  static std::unique_ptr<Formula::Node> binary(Op op, std::unique_ptr<Formula::Node> left,
                                               std::unique_ptr<Formula::Node> right) {
    auto node = std::make_unique<Formula::Node>();
    node->op = op;
    node->begin = left->begin;
    node->end = right->end;
    node->children.push_back(std::move(left));
    node->children.push_back(std::move(right));
    return node;
  }

  // expression := term (('+' | '-') term)*
  std::unique_ptr<Formula::Node> expression() {
    auto left = term();
    for (;;) {
      if (take('+')) {
        left = binary(Op::add, std::move(left), term());
      } else if (take('-')) {
        left = binary(Op::subtract, std::move(left), term());
      } else {
        return left;
      }
    }
  }

  // term := unary (('*' | '/') unary)*
  std::unique_ptr<Formula::Node> term() {
    auto left = unary();
    for (;;) {
      if (take('*')) {
        left = binary(Op::multiply, std::move(left), unary());
      } else if (take('/')) {
        left = binary(Op::divide, std::move(left), unary());
      } else {
        return left;
      }
    }
  }

  // unary := '-' unary | power. So -2^2 is -(2^2), as in mathematics.
  std::unique_ptr<Formula::Node> unary() {
    Nested level(*this);
    skip_space();
    std::size_t start = m_pos;
    if (take('-')) {
      auto node = std::make_unique<Formula::Node>();
      node->op = Op::negate;
      node->begin = start;
      node->children.push_back(unary());
      node->end = node->children[0]->end;
      return node;
    }
    return power();
  }

  // power := primary ('^' unary)?, right-associative: 2^3^2 is 2^(3^2).
  std::unique_ptr<Formula::Node> power() {
    auto base = primary();
    if (take('^')) return binary(Op::power, std::move(base), unary());
    return base;
  }

  std::unique_ptr<Formula::Node> primary() {
    skip_space();
    std::size_t start = m_pos;
    if (m_pos == m_text.size()) throw error(m_pos, "the formula ends where a value was expected");
    char c = m_text[m_pos];
    if (c == '(') {
      ++m_pos;
      auto inner = expression();
      if (!take(')')) throw error(m_pos, "missing ')'");
      inner->begin = start;
      inner->end = m_pos;
      return inner;
    }
    if (std::isdigit(static_cast<unsigned char>(c)) || c == '.') return number();
    if (is_name_start(c)) return name();
    throw error(m_pos, fmt::format("unexpected '{}' where a value was expected", c));
  }

  std::unique_ptr<Formula::Node> number() {
    std::size_t start = m_pos;
    while (m_pos < m_text.size() &&
           (std::isdigit(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '.')) {
      ++m_pos;
    }
    auto digits = m_text.substr(start, m_pos - start);
    if (std::count(digits.begin(), digits.end(), '.') > 1 || digits == ".") {
      throw error(start, fmt::format("'{}' is not a number", digits));
    }
    auto node = std::make_unique<Formula::Node>();
    // from_chars, not stod: it ignores the locale and reports overflow
    // without throwing something that is not a FormulaError.
    auto [end, failure] = std::from_chars(digits.data(), digits.data() + digits.size(), node->number);
    if (failure == std::errc::result_out_of_range) {
      throw error(start, fmt::format("the number starting '{}' is out of range", digits.substr(0, 12)));
    }
    node->begin = start;
    node->end = m_pos;
    return node;
  }

  std::unique_ptr<Formula::Node> name() {
    std::size_t start = m_pos;
    while (m_pos < m_text.size() && is_name_char(m_text[m_pos])) ++m_pos;
    auto word = m_text.substr(start, m_pos - start);
    skip_space();
    bool is_call = m_pos < m_text.size() && m_text[m_pos] == '(';
    if (is_call) return call(word, start);
    auto found = std::find(m_variables.begin(), m_variables.end(), word);
    if (found == m_variables.end()) {
      bool is_function = functions().count(word) > 0;
      throw error(start, is_function ? fmt::format("'{}' is a function: write {}(...)", word, word)
                                     : fmt::format("unknown name '{}'; known: {}", word,
                                                   fmt::join(m_variables, ", ")));
    }
    auto node = std::make_unique<Formula::Node>();
    node->op = Op::variable;
    node->variable = static_cast<std::size_t>(found - m_variables.begin());
    node->begin = start;
    node->end = start + word.size();
    m_formula.m_occurrences.push_back({start, word.size(), node->variable});
    return node;
  }

  std::unique_ptr<Formula::Node> call(const std::string& word, std::size_t start) {
    auto found = functions().find(word);
    if (found == functions().end()) {
      std::vector<std::string> names;
      for (const auto& [function_name, info] : functions()) names.push_back(function_name);
      throw error(start, fmt::format("unknown function '{}'; known: {}", word, fmt::join(names, ", ")));
    }
    take('(');
    auto node = std::make_unique<Formula::Node>();
    node->op = Op::call;
    node->function = found->second.function;
    node->begin = start;
    if (!take(')')) {
      do {
        node->children.push_back(expression());
      } while (take(','));
      if (!take(')')) throw error(m_pos, fmt::format("missing ')' after the arguments of {}", word));
    }
    node->end = m_pos;
    const auto& info = found->second;
    auto count = node->children.size();
    if (count < info.min_args || count > info.max_args) {
      auto expected = info.min_args == info.max_args ? fmt::format("{}", info.min_args)
                                                     : fmt::format("{} to {}", info.min_args, info.max_args);
      throw error(start, fmt::format("{} takes {} argument{}, got {}", word, expected,
                                     info.min_args == 1 && info.max_args == 1 ? "" : "s", count));
    }
    return node;
  }
};

Formula Formula::parse(const std::string& text, const std::vector<std::string>& variables) {
  Formula formula;
  formula.m_text = text;
  formula.m_root = FormulaParser(formula.m_text, variables, formula).parse();
  std::sort(formula.m_occurrences.begin(), formula.m_occurrences.end(),
            [](const Occurrence& a, const Occurrence& b) { return a.begin < b.begin; });
  return formula;
}

Formula::Formula(Formula&&) noexcept = default;
Formula& Formula::operator=(Formula&&) noexcept = default;
Formula::~Formula() = default;
Formula::Formula(const Formula& other)
    : m_text(other.m_text),
      m_root(other.m_root ? other.m_root->clone() : nullptr),
      m_occurrences(other.m_occurrences) {}
Formula& Formula::operator=(const Formula& other) {
  if (this != &other) *this = Formula(other);
  return *this;
}

double Formula::evaluate(std::span<const double> values) const { return eval(*m_root, values); }

std::string Formula::substitute(std::span<const double> values) const {
  std::string out;
  std::size_t pos = 0;
  for (const auto& occurrence : m_occurrences) {
    out += m_text.substr(pos, occurrence.begin - pos);
    double value = values[occurrence.variable];
    out += value < 0 ? "(" + format_number(value) + ")" : format_number(value);
    pos = occurrence.begin + occurrence.length;
  }
  return out + m_text.substr(pos);
}

std::vector<Formula::Term> Formula::terms(std::span<const double> values) const {
  std::vector<Term> found;
  // Walk the left spine of + and - nodes: ((a + b) - c) is a, +b, -c.
  std::vector<std::pair<int, const Node*>> stack;
  const Node* node = m_root.get();
  while (node->op == Op::add || node->op == Op::subtract) {
    stack.push_back({node->op == Op::add ? 1 : -1, node->children[1].get()});
    node = node->children[0].get();
  }
  stack.push_back({1, node});
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    const Node* term = it->second;
    found.push_back({it->first, m_text.substr(term->begin, term->end - term->begin),
                     eval(*term, values)});
  }
  return found;
}

std::string format_number(double value) {
  if (value == 0) return "0";
  double magnitude = std::fabs(value);
  if (magnitude >= 1e15 || magnitude < 1e-6) return fmt::format("{:.6g}", value);
  if (magnitude >= 1e6) return fmt::format("{:.0f}", value);
  return fmt::format("{:.6g}", value);
}

}  // namespace reqtriage
