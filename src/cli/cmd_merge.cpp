// reqtriage merge / unmerge / not-duplicate.
#include <unistd.h>

#include <iostream>
#include <set>

#include "commands.hpp"
#include "effects.hpp"
#include "reqtriage/dedupe.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage::cli {
namespace {

// What the merge did, and each answer its customers now hear that changed
// (a survivor taking a merged request's decision, target or links).
void say_recorded(Context& context, const std::vector<HistoryEntry>& recorded) {
  for (const auto& entry : recorded) {
    if (entry.action == "changed") {
      context.say("#{}: {} '{}' -> '{}' (what its customers are told)", entry.request_id.value_or(0), entry.field,
                  entry.old_value, entry.new_value);
      continue;
    }
    context.say("#{}: {} {}", entry.request_id.value_or(0), entry.action,
                entry.new_value.empty() ? entry.old_value : entry.new_value);
  }
}

// Requests less alike than the dedupe threshold are merged only when the PM
// says so: on a terminal by answering, in a script with --force.
void confirm_unlike(Context& context, Store& store, const std::vector<RequestId>& ids, RequestId survivor,
                    bool force) {
  // What the merge itself refuses (an id given twice, a missing or merged
  // request) it names first.
  if (force || std::set<RequestId>(ids.begin(), ids.end()).size() != ids.size()) return;
  auto comparable = [&](RequestId id) {
    auto request = store.find_request(id);
    return request && request->status != Status::merged;
  };
  for (auto id : ids) {
    if (id == survivor || !comparable(id) || !comparable(survivor)) continue;
    auto pair = explain_pair(store, context.config(), id, survivor);
    if (pair.similarity.similarity >= pair.threshold) continue;
    auto what = fmt::format("#{} '{}' and #{} '{}' are {:.3f} alike, below the dedupe threshold {:.2f}", id,
                            store.get_request(id).title, survivor, store.get_request(survivor).title,
                            pair.similarity.similarity, pair.threshold);
    if (::isatty(STDIN_FILENO) != 1 || ::isatty(STDERR_FILENO) != 1) {
      throw InputError(fmt::format("{}; merge them anyway with --force", what));
    }
    fmt::print(stderr, "{}. Merge anyway? [y/N] ", escape_for_terminal(what));
    std::string answer;
    if (!std::getline(std::cin, answer) || (answer != "y" && answer != "yes")) {
      throw Error(ExitCode::failure, "not merged");
    }
  }
}

}  // namespace

void run_merge(Context& context, const MergeOptions& options) {
  auto survivor = parse_request_id(options.into, "--into");
  std::vector<RequestId> ids;
  for (const auto& id : options.ids) ids.push_back(parse_request_id(id, "ID"));
  auto& store = context.store_for_writing();
  confirm_unlike(context, store, ids, survivor, options.force);
  MoneyEffects effects(context);
  say_recorded(context, store.merge(ids, survivor));
  effects.print(context);
}

void run_unmerge(Context& context, const std::string& id_text) {
  auto id = parse_request_id(id_text, "ID");
  auto& store = context.store_for_writing();
  MoneyEffects effects(context);
  say_recorded(context, store.unmerge(id));
  effects.print(context);
}

void run_not_duplicate(Context& context, const std::vector<std::string>& ids) {
  if (ids.size() != 2) throw UsageError("not-duplicate takes two request ids");
  auto a = parse_request_id(ids[0], "ID");
  auto b = parse_request_id(ids[1], "ID");
  context.store_for_writing().mark_not_duplicate(a, b);
  context.say("#{} and #{} are not duplicates; dedupe will not suggest them again.", a, b);
}

}  // namespace reqtriage::cli
