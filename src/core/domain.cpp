#include <fmt/chrono.h>
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>

#include "reqtriage/domain.hpp"
#include "reqtriage/error.hpp"

namespace reqtriage {

const std::vector<Status>& all_statuses() {
  static const std::vector<Status> statuses{Status::new_,    Status::triaged,  Status::planned,
                                            Status::in_progress, Status::shipped,
                                            Status::declined, Status::merged};
  return statuses;
}

std::string_view to_string(Status status) {
  switch (status) {
    case Status::new_: return "new";
    case Status::triaged: return "triaged";
    case Status::planned: return "planned";
    case Status::in_progress: return "in-progress";
    case Status::shipped: return "shipped";
    case Status::declined: return "declined";
    case Status::merged: return "merged";
  }
  return "new";
}

std::string status_names() {
  std::string names;
  for (auto status : all_statuses()) {
    names += names.empty() ? "" : ", ";
    names += to_string(status);
  }
  return names;
}

Status parse_status(std::string_view text, std::string_view where) {
  for (auto status : all_statuses()) {
    if (to_string(status) == text) return status;
  }
  throw InputError(
      fmt::format("{}: unknown status '{}': expected one of {}", where, text, status_names()));
}

bool is_open(Status status) {
  return status == Status::new_ || status == Status::triaged || status == Status::planned ||
         status == Status::in_progress;
}

bool is_decided(Status status) { return status == Status::declined || status == Status::shipped; }

bool is_answered(Status status) {
  return status == Status::planned || status == Status::in_progress || is_decided(status);
}

std::string_view to_string(Importance importance) {
  switch (importance) {
    case Importance::unset: return "";
    case Importance::blocker: return "blocker";
    case Importance::important: return "important";
    case Importance::nice: return "nice";
  }
  return "";
}

Importance parse_importance(std::string_view text, std::string_view where) {
  for (auto level : {Importance::blocker, Importance::important, Importance::nice}) {
    if (text == to_string(level)) return level;
  }
  throw InputError(fmt::format("{}: unknown importance '{}': expected blocker, important or nice", where, text));
}

bool RequestChanges::empty() const {
  return !title && !description && !area && !effort && !status && !reason && !workaround && !target &&
         add_tags.empty() && remove_tags.empty() && add_links.empty() && remove_links.empty();
}

namespace {

template <typename T, typename U>
bool any_of_or_empty(const std::vector<T>& wanted, const U& value) {
  return wanted.empty() || std::find(wanted.begin(), wanted.end(), value) != wanted.end();
}

}  // namespace

bool RequestFilter::filters_asks() const {
  return !account_ids.empty() || !segments.empty() || !reps.empty() || !stages.empty() || !importances.empty();
}

bool RequestFilter::narrows() const {
  return !statuses.empty() || !tags.empty() || !areas.empty() || filters_asks();
}

bool RequestFilter::keeps(const Request& request) const {
  bool status_kept = statuses.empty() ? include_merged || request.status != Status::merged
                                      : any_of_or_empty(statuses, request.status);
  bool tag_kept = tags.empty() || std::any_of(request.tags.begin(), request.tags.end(),
                                              [&](const std::string& tag) { return any_of_or_empty(tags, tag); });
  return status_kept && tag_kept && any_of_or_empty(areas, request.area);
}

bool RequestFilter::keeps(const Ask& ask, std::string_view segment) const {
  return (include_deleted_asks || ask.deleted_at.empty()) && any_of_or_empty(account_ids, ask.account_id) &&
         any_of_or_empty(segments, segment) && any_of_or_empty(reps, ask.rep) && any_of_or_empty(stages, ask.stage) &&
         any_of_or_empty(importances, ask.importance);
}

void check_changes(const Request& current, const RequestChanges& changes) {
  if (changes.status == Status::merged) {
    throw InputError("--status: a request becomes merged only by merging it into another");
  }
  if (changes.status && current.status == Status::merged && *changes.status != Status::merged) {
    throw InputError(fmt::format("--status: request #{} is merged into #{}; unmerge it first",
                                 current.id, current.merged_into.value_or(0)));
  }
  for (const auto& link : changes.remove_links) {
    if (std::find(current.links.begin(), current.links.end(), link) == current.links.end()) {
      throw InputError(fmt::format("--unlink: request #{} has no link {}", current.id, link));
    }
  }
  // A decline needs a reason: the one given, or the one the request has
  // (a tracker declining again keeps it).
  bool reason_left = changes.reason ? !changes.reason->empty() : !current.reason.empty();
  bool declined_after = changes.status.value_or(current.status) == Status::declined;
  if (declined_after && !reason_left) {
    throw InputError(fmt::format("--status declined needs --reason: sales needs to know why, to tell the customer{}",
                                 current.id != 0 ? fmt::format(" (request #{} has none)", current.id) : ""));
  }
}

std::string now_utc() {
  if (const char* fixed = std::getenv("REQTRIAGE_NOW"); fixed && *fixed) return fixed;
  auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
  return fmt::format("{:%Y-%m-%dT%H:%M:%SZ}", now);
}

std::string today_utc() { return now_utc().substr(0, 10); }

std::string add_days(const std::string& date, int days) {
  int year = std::atoi(date.substr(0, 4).c_str());
  auto month = static_cast<unsigned>(std::atoi(date.substr(5, 2).c_str()));
  auto day = static_cast<unsigned>(std::atoi(date.substr(8, 2).c_str()));
  std::chrono::sys_days start{std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}};
  std::chrono::year_month_day shifted{start + std::chrono::days{days}};
  return fmt::format("{:04}-{:02}-{:02}", static_cast<int>(shifted.year()),
                     static_cast<unsigned>(shifted.month()), static_cast<unsigned>(shifted.day()));
}

}  // namespace reqtriage
