// reqtriage merge / unmerge / not-duplicate.
#include "commands.hpp"
#include "effects.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"

namespace reqtriage::cli {
namespace {

void say_recorded(Context& context, const std::vector<HistoryEntry>& recorded) {
  for (const auto& entry : recorded) {
    context.say("#{}: {} {}", entry.request_id.value_or(0), entry.action,
                entry.new_value.empty() ? entry.old_value : entry.new_value);
  }
}

}  // namespace

void run_merge(Context& context, const MergeOptions& options) {
  auto survivor = parse_request_id(options.into, "--into");
  std::vector<RequestId> ids;
  for (const auto& id : options.ids) ids.push_back(parse_request_id(id, "ID"));
  auto& store = context.store_for_writing();
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
