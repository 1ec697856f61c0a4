#pragma once
// What a correction did for customers (reqtriage(1), MONEY): each request
// whose value, pipeline, won, lost or company rank it changed, before and
// after, so nothing a PM corrects moves money without saying so.
#include <string>
#include <unordered_map>

#include "context.hpp"
#include "reqtriage/json.hpp"

namespace reqtriage::cli {

class MoneyEffects {
 public:
  /// Reads every request's figures and rank before the correction.
  explicit MoneyEffects(Context& context);
  /// Compares them with the store now: says each change on stderr (one
  /// line a request) and returns them as a JSON array.
  Json report(Context& context) const;
  /// report(), and with --format json or jsonl the array on stdout as
  /// {"effects": [...]}: for commands that print nothing else.
  void print(Context& context) const;

 private:
  struct Standing {
    std::string title;
    double value = 0;
    double pipeline = 0;
    double won = 0;
    double lost = 0;
    double score = 0;
    int rank = 0;
  };
  static std::unordered_map<RequestId, Standing> standings(Context& context);
  std::unordered_map<RequestId, Standing> m_before;
};

}  // namespace reqtriage::cli
