// The filters list, score, export and the reports share (reqtriage(1),
// FILTERS): what was typed, resolved against the store and the config.
#include <set>

#include "commands.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/scoring.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage::cli {
namespace {

// The stored spellings `typed` stands for, matched without case; none is
// NotFoundError listing some that exist.
std::vector<std::string> stored_spellings(const std::string& typed, const std::vector<std::string>& stored,
                                          std::string_view option, std::string_view what) {
  std::vector<std::string> matches;
  auto key = fold_case(typed);
  for (const auto& name : stored) {
    if (fold_case(name) == key) matches.push_back(name);
  }
  if (matches.empty()) {
    std::vector<std::string> some(stored.begin(), stored.begin() + static_cast<long>(std::min<std::size_t>(stored.size(), 10)));
    throw NotFoundError(fmt::format("{}: no {} '{}'; {}", option, what, typed,
                                    stored.empty() ? fmt::format("no ask names a {} yet", what)
                                                   : fmt::format("known: {}{}", fmt::join(some, ", "),
                                                                 stored.size() > some.size() ? ", ..." : "")));
  }
  return matches;
}

}  // namespace

RequestFilter read_filter(Context& context, const FilterOptions& options) {
  RequestFilter filter;
  filter.include_merged = options.all;
  for (const auto& status : options.statuses) filter.statuses.push_back(parse_status(status, "--status"));
  for (const auto& tag : options.tags) filter.tags.push_back(parse_tag(tag, "--tag"));
  for (const auto& area : options.areas) filter.areas.push_back(parse_tag(area, "--area"));
  for (const auto& importance : options.importances) {
    filter.importances.push_back(parse_importance(importance, "--importance"));
  }
  for (const auto& stage : options.stages) filter.stages.push_back(context.config().stage(stage, "--stage"));
  if (options.accounts.empty() && options.segments.empty() && options.reps.empty()) return filter;
  auto& store = context.store_for_reading();
  for (const auto& typed : options.accounts) {
    auto account = store.match_account(parse_name(typed, "--account"));
    if (!account) throw NotFoundError(fmt::format("--account: no account '{}'", typed));
    filter.account_ids.push_back(account->id);
  }
  if (!options.segments.empty()) {
    std::set<std::string> segments;
    for (const auto& account : store.list_accounts()) {
      if (!account.segment.empty()) segments.insert(account.segment);
    }
    std::vector<std::string> known(segments.begin(), segments.end());
    for (const auto& typed : options.segments) {
      for (auto& name : stored_spellings(parse_name(typed, "--segment"), known, "--segment", "segment")) {
        filter.segments.push_back(std::move(name));
      }
    }
  }
  if (!options.reps.empty()) {
    auto known = store.list_reps();
    for (const auto& typed : options.reps) {
      for (auto& name : stored_spellings(parse_name(typed, "--rep"), known, "--rep", "rep")) {
        filter.reps.push_back(std::move(name));
      }
    }
  }
  return filter;
}

PastStore store_at(Context& context, Store& store, const std::string& date) {
  auto past = store_as_of(store, date);
  if (past.requests.empty() && store.count_requests() > 0) {
    RequestFilter every_request;
    every_request.include_merged = true;
    every_request.include_deleted_requests = true;
    auto first = store.list_requests(every_request).front().created_at.substr(0, 10);
    context.warn("--as-of {}: nothing had been logged by the end of that day (the first request is from {})",
                 date, first);
  }
  return past;
}

void use_company_ranks(Store& store, const Config& config, const Profile& profile, const RequestFilter& filter,
                       const PastStore* past, Ranking& view) {
  if (!filter.narrows()) return;
  RequestFilter whole;
  whole.statuses = config.scoring.statuses;
  auto company = past ? rank_past(*past, config, profile, whole)
                      : rank_store(store, config, profile, whole, today_utc());
  use_company_ranks(view.scores, company.scores);
}

}  // namespace reqtriage::cli
