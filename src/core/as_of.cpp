// Rebuilding the store as it stood on a past day, from its history.
#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/scoring.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage {
namespace {

std::optional<Money> money_from_text(const std::string& text) {
  if (text.empty()) return std::nullopt;
  auto parsed = parse_amount(text, "history");
  return Money{parsed.cents, parsed.currency};
}

// The store's state, in memory, walked back in time one event at a time.
class PastState {
 public:
  std::map<RequestId, Request> requests;
  std::map<AskId, Ask> asks;
  std::vector<Account> accounts;
  std::unordered_map<RequestId, std::vector<const MergeRecord*>> merges;  ///< by merged request
  std::unordered_map<RequestId, std::vector<const MergeRecord*>> merges_into;  ///< by survivor
  std::unordered_map<RequestId, std::vector<AskId>> asks_logged_on;       ///< may list asks moved away since

  // Indexes what the walk looks up by something other than an id, so each
  // step costs the same however large the store.
  void index(const std::vector<MergeRecord>& all_merges) {
    for (const auto& merge : all_merges) {
      merges[merge.merged_id].push_back(&merge);
      merges_into[merge.survivor_id].push_back(&merge);
    }
    for (const auto& [id, ask] : asks) asks_logged_on[ask.origin_request_id].push_back(id);
  }

  // Each ask on an account gets the name its account had then.
  void name_asks() {
    std::unordered_map<std::int64_t, const std::string*> names;
    for (const auto& account : accounts) names.emplace(account.id, &account.name);
    for (auto& [id, ask] : asks) {
      if (auto found = names.find(ask.account_id); found != names.end()) ask.account = *found->second;
    }
  }

  void undo(const HistoryEntry& entry) {
    if (entry.action == "created" && entry.request_id) {
      requests.erase(*entry.request_id);
    } else if (entry.action == "ask-added") {
      asks.erase(ask_id_of(entry.new_value));
    } else if (entry.action == "changed" && entry.request_id) {
      undo_change(*entry.request_id, entry.field, entry.old_value);
    } else if (entry.action == "ask-changed") {
      undo_ask_change(entry.field, entry.old_value);
    } else if (entry.action == "ask-moved") {
      undo_ask_move(entry.field, entry.old_value);
    } else if (entry.action == "deleted" && entry.request_id) {
      if (auto found = requests.find(*entry.request_id); found != requests.end()) found->second.deleted_at.clear();
    } else if (entry.action == "restored" && entry.request_id) {
      if (auto found = requests.find(*entry.request_id); found != requests.end()) {
        found->second.deleted_at = entry.at;
        found->second.delete_reason = entry.old_value;
      }
    } else if (entry.action == "ask-deleted") {
      if (auto found = asks.find(ask_id_of(entry.field)); found != asks.end()) found->second.deleted_at.clear();
    } else if (entry.action == "ask-restored") {
      if (auto found = asks.find(ask_id_of(entry.field)); found != asks.end()) found->second.deleted_at = entry.at;
    } else if (entry.action == "account-changed") {
      undo_account_change(entry);
    } else if (entry.action == "account-renamed") {
      undo_rename(entry);
    } else if (entry.action == "account-merged" && entry.account_id) {
      for (auto& account : accounts) {
        if (account.id == *entry.account_id) account.merged_into.reset();
      }
    } else if (entry.action == "account-created" && entry.account_id) {
      std::erase_if(accounts, [&](const Account& account) { return account.id == *entry.account_id; });
    } else if (entry.action == "merged" && entry.request_id) {
      if (const auto* merge = find_merge(*entry.request_id, entry.at, false)) unmerge(*merge);
    } else if (entry.action == "unmerged" && entry.request_id) {
      if (const auto* merge = find_merge(*entry.request_id, entry.at, true)) remerge(*merge);
    }
  }

 private:
  static AskId ask_id_of(const std::string& text) {  // "#12 Acme, ..." or "ask #12 stage"
    auto hash = text.find('#');
    return hash == std::string::npos ? 0 : std::atoll(text.c_str() + hash + 1);
  }

  const MergeRecord* find_merge(RequestId id, const std::string& at, bool undone) const {
    auto found = merges.find(id);
    if (found == merges.end()) return nullptr;
    for (const auto* merge : found->second) {
      if ((undone ? merge->undone_at : merge->at) == at) return merge;
    }
    return nullptr;
  }

  // Calls `visit` with each ask logged on the request (still in the store).
  template <typename Visit>
  void for_each_ask_logged_on(RequestId id, Visit visit) {
    auto logged = asks_logged_on.find(id);
    if (logged == asks_logged_on.end()) return;
    for (auto ask_id : logged->second) {
      auto found = asks.find(ask_id);
      if (found != asks.end() && found->second.origin_request_id == id) visit(found->second);
    }
  }

  void undo_change(RequestId id, const std::string& field, const std::string& old) {
    auto found = requests.find(id);
    if (found == requests.end()) return;
    auto& request = found->second;
    if (field == "title") request.title = old;
    if (field == "description") request.description = old;
    if (field == "area") request.area = old;
    if (field == "reason") request.reason = old;
    if (field == "workaround") request.workaround = old;
    if (field == "status") request.status = parse_status(old, "history");
    if (field == "effort") request.effort = old.empty() ? std::nullopt : std::optional<double>(std::strtod(old.c_str(), nullptr));
    if (field == "tags") request.tags = split_list(old);
    if (field == "target") request.target = old;
    if (field == "links") request.links = split_list(old, ' ');
  }

  void undo_ask_change(const std::string& field, const std::string& old) {
    auto found = asks.find(ask_id_of(field));
    if (found == asks.end()) return;
    auto& ask = found->second;
    auto name = field.substr(field.rfind(' ') + 1);
    if (name == "value") ask.value = money_from_text(old);
    if (name == "stage") ask.stage = old;
    if (name == "close_date") ask.close_date = old;
    if (name == "rep") ask.rep = old;
    if (name == "note") ask.note = old;
    if (name == "deal") ask.deal = old;
    if (name == "importance") ask.importance = old.empty() ? Importance::unset : parse_importance(old, "history");
    if (name == "account") {
      // The name it had then: renames after this change are undone already.
      auto account = std::find_if(accounts.begin(), accounts.end(), [&](const Account& a) { return a.name == old; });
      ask.account_id = account == accounts.end() ? 0 : account->id;
      ask.account = old;
    }
  }

  // "#12" or "#12 (logged on #9)": the request it sat on, and where it was logged.
  void undo_ask_move(const std::string& field, const std::string& old) {
    auto found = asks.find(ask_id_of(field));
    if (found == asks.end()) return;
    auto& ask = found->second;
    ask.request_id = ask_id_of(old);
    auto logged = old.find("logged on #");
    ask.origin_request_id = logged == std::string::npos ? ask.request_id : std::atoll(old.c_str() + logged + 11);
    asks_logged_on[ask.origin_request_id].push_back(ask.id);
  }

  void undo_account_change(const HistoryEntry& entry) {
    for (auto& account : accounts) {
      if (!entry.account_id || account.id != *entry.account_id) continue;
      if (entry.field == "segment") account.segment = entry.old_value;
      if (entry.field == "arr") account.arr = money_from_text(entry.old_value);
    }
  }

  void undo_rename(const HistoryEntry& entry) {
    if (!entry.account_id) return;
    // The asks take their accounts' names at the end (name_asks).
    for (auto& account : accounts) {
      if (account.id == *entry.account_id) account.name = entry.old_value;
    }
  }

  // Before the merge: its asks back on the merged request, the survivor
  // without the tags the merge gave it.
  void unmerge(const MergeRecord& merge) {
    auto merged = requests.find(merge.merged_id);
    if (merged == requests.end()) return;
    merged->second.status = parse_status(merge.previous_status, "history");
    merged->second.merged_into.reset();
    for_each_ask_logged_on(merge.merged_id, [&](Ask& ask) { ask.request_id = merge.merged_id; });
    // Requests merged into it before (directly or down a chain) were pointed
    // at the survivor by this merge: they point at it again, with their asks.
    std::vector<RequestId> chain{merge.merged_id};
    for (std::size_t i = 0; i < chain.size(); ++i) {
      auto earlier = merges_into.find(chain[i]);
      if (earlier == merges_into.end()) continue;
      for (const auto* before : earlier->second) {
        bool stood = before->at < merge.at && (before->undone_at.empty() || before->undone_at > merge.at);
        auto member = requests.find(before->merged_id);
        if (!stood || member == requests.end() || member->second.merged_into != merge.survivor_id) continue;
        member->second.merged_into = merge.merged_id;
        for_each_ask_logged_on(before->merged_id, [&](Ask& ask) { ask.request_id = merge.merged_id; });
        chain.push_back(before->merged_id);
      }
    }
    if (auto survivor = requests.find(merge.survivor_id); survivor != requests.end()) {
      auto& tags = survivor->second.tags;
      for (const auto& tag : merge.added_tags) tags.erase(std::remove(tags.begin(), tags.end(), tag), tags.end());
    }
  }

  // Before the unmerge: the merge stood.
  void remerge(const MergeRecord& merge) {
    auto merged = requests.find(merge.merged_id);
    if (merged == requests.end()) return;
    RequestId survivor = merge.survivor_id;
    while (requests.count(survivor) && requests.at(survivor).merged_into) survivor = *requests.at(survivor).merged_into;
    merged->second.status = Status::merged;
    merged->second.merged_into = survivor;
    for_each_ask_logged_on(merge.merged_id, [&](Ask& ask) { ask.request_id = survivor; });
    if (auto target = requests.find(survivor); target != requests.end()) {
      for (const auto& tag : merge.added_tags) target->second.tags.push_back(tag);
    }
  }
};

}  // namespace

PastStore store_as_of(Store& store, const std::string& date) {
  auto cutoff = date + "T23:59:59Z";
  PastState past;
  RequestFilter everything;
  everything.include_merged = true;
  everything.include_deleted_asks = true;
  everything.include_deleted_requests = true;
  for (auto& request : store.list_requests(everything)) past.requests.emplace(request.id, std::move(request));
  for (auto& ask : store.list_asks(everything)) past.asks.emplace(ask.id, std::move(ask));
  past.accounts = store.list_accounts();
  auto merges = store.merges();
  past.index(merges);
  auto after_the_day = [&](const HistoryEntry& entry) { return entry.at > cutoff; };
  for (const auto& entry : store.recent_history(after_the_day)) past.undo(entry);
  past.name_asks();
  PastStore result;
  result.date = date;
  // What was deleted then is in no ranking of that day, nor are its asks.
  std::set<RequestId> deleted;
  for (auto& [id, request] : past.requests) {
    if (request.deleted_at.empty()) {
      result.requests.push_back(std::move(request));
    } else {
      deleted.insert(id);
    }
  }
  for (auto& [id, ask] : past.asks) {
    if (ask.deleted_at.empty() && !deleted.count(ask.request_id)) result.asks.push_back(std::move(ask));
  }
  result.accounts = std::move(past.accounts);
  return result;
}

Ranking rank_past(const PastStore& past, const Config& config, const Profile& profile,
                  const RequestFilter& filter) {
  Ranking ranking;
  ranking.accounts = index_accounts(past.accounts, config);
  std::map<std::int64_t, std::string_view> segments;
  for (const auto& account : past.accounts) segments[account.id] = account.segment;
  std::map<RequestId, std::vector<const Ask*>> asks_of;
  for (const auto& ask : past.asks) {
    if (filter.keeps(ask, segments[ask.account_id])) asks_of[ask.request_id].push_back(&ask);
  }
  for (const auto& request : past.requests) {
    bool has_ask = !filter.filters_asks() || asks_of.count(request.id) > 0;
    if (filter.keeps(request) && has_ask) ranking.requests.push_back(request);
  }
  for (const auto& request : ranking.requests) {
    ranking.scores.push_back(
        score_request(request, asks_of[request.id], ranking.accounts, config, profile, past.date));
  }
  sort_into_ranks(ranking.scores, config.scoring.statuses);
  return ranking;
}

}  // namespace reqtriage
