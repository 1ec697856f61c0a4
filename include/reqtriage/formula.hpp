#pragma once
/// Scoring formulas: arithmetic over named quantities, parsed once and
/// evaluated per request. Any operation whose result is not a finite number
/// (x / 0, log of 0 or less, sqrt of a negative, overflow) gives 0, so a
/// score is always a number.
#include <cstddef>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

namespace reqtriage {

/// A syntax error, an unknown name or a wrong number of arguments, at a
/// 1-based column of the formula text.
class FormulaError : public std::runtime_error {
 public:
  FormulaError(std::size_t column, const std::string& message)
      : std::runtime_error(message), m_column(column) {}
  std::size_t column() const noexcept { return m_column; }

 private:
  std::size_t m_column;
};

class Formula {
 public:
  struct Node;

  /// Parses `text`, where variables are the given names (their index is the
  /// index of their value at evaluation). Throws FormulaError.
  static Formula parse(const std::string& text, const std::vector<std::string>& variables);

  Formula(Formula&&) noexcept;
  Formula& operator=(Formula&&) noexcept;
  Formula(const Formula& other);
  Formula& operator=(const Formula& other);
  ~Formula();

  double evaluate(std::span<const double> values) const;
  const std::string& text() const { return m_text; }
  /// The text with each variable replaced by its value ("pipeline / effort"
  /// becomes "96000 / 5").
  std::string substitute(std::span<const double> values) const;

  /// One top-level term of a sum: `sign * value` for each term, added left
  /// to right, is exactly evaluate().
  struct Term {
    int sign = 1;
    std::string text;
    double value = 0;
  };
  std::vector<Term> terms(std::span<const double> values) const;

 private:
  Formula() = default;
  std::string m_text;
  std::unique_ptr<Node> m_root;
  struct Occurrence {
    std::size_t begin;
    std::size_t length;
    std::size_t variable;
  };
  std::vector<Occurrence> m_occurrences;
  friend class FormulaParser;
};

/// The value as shown in explanations: up to 6 significant digits, no
/// exponent for everyday magnitudes.
std::string format_number(double value);

}  // namespace reqtriage
