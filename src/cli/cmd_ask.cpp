// reqtriage ask ID: one ask, and the corrections to it: edit, move, delete,
// restore. Every change is recorded in history.
#include "commands.hpp"
#include "effects.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/parse.hpp"

namespace reqtriage::cli {
namespace {

bool wants_edit(const AskOptions& o) {
  return o.value || o.currency || o.stage || o.close || o.account || o.by || o.note || o.importance || o.deal;
}

// The corrections as the store takes them, checked against the config.
AskChanges read_changes(const AskOptions& o, const Ask& ask, const Config& config) {
  AskChanges changes;
  if (o.value) {
    changes.value = config.money(parse_amount(*o.value, "--value"), o.currency.value_or(""), "--value");
  } else if (o.currency) {
    if (!ask.value) throw UsageError("--currency: the ask has no value; give --value with it");
    changes.value = config.money(ParsedAmount{ask.value->cents, ""}, *o.currency, "--currency");
  }
  if (o.stage) changes.stage = o.stage->empty() ? std::string() : config.stage(*o.stage, "--stage");
  if (o.close) changes.close_date = o.close->empty() ? std::string() : parse_date(*o.close, "--close");
  if (o.account) changes.account = parse_name(*o.account, "--account");
  if (o.by) changes.rep = parse_name(*o.by, "--by");
  if (o.note) changes.note = parse_long_text(*o.note, "--note");
  if (o.deal) changes.deal = parse_deal(*o.deal, "--deal");
  if (o.importance) {
    changes.importance = o.importance->empty() ? Importance::unset : parse_importance(*o.importance, "--importance");
  }
  return changes;
}

void check_combination(const AskOptions& o) {
  if (o.remove && o.restore) throw UsageError("--delete and --restore: give one");
  if ((o.remove || o.restore) && (wants_edit(o) || o.move_to)) {
    throw UsageError(fmt::format("--{}: give it alone (correct the ask before or after)", o.remove ? "delete" : "restore"));
  }
  if (o.remove && (!o.reason || parse_long_text(*o.reason, "--reason").empty())) {
    throw UsageError("--delete needs --reason: why the ask goes (a test entry, logged twice, ...)");
  }
  if (o.reason && !o.remove) throw UsageError("--reason goes with --delete");
  if (o.move_to && wants_edit(o)) throw UsageError("--move-to: give it alone (correct the ask before or after)");
}

// `effects`: what the correction moved (MoneyEffects), in the JSON; null when none was made.
void print_ask(Context& context, const Ask& ask, const Request& request, const std::vector<HistoryEntry>& history,
               const Json& effects) {
  const auto& config = context.config();
  auto base_value = ask.value ? config.to_base(*ask.value) : 0.0;
  if (is_json(context.format())) {
    auto record = to_json(ask, config);
    record["request_title"] = request.title;
    record["stage_kind"] = std::string(to_string(config.stage_kind(ask.stage)));
    record["stage_weight"] = config.stage_weight(ask.stage);
    record["history"] = Json::array();
    for (const auto& entry : history) record["history"].push_back(to_json(entry));
    if (!effects.is_null()) record["effects"] = effects;
    context.print_json(record);
    return;
  }
  Table fields;
  fields.columns = {{"field"}, {"value", Kind::text, true}};
  auto add = [&](std::string name, std::string value) { fields.rows.push_back({std::move(name), std::move(value)}); };
  add("ask", std::to_string(ask.id));
  add("request", fmt::format("#{} {}", request.id, request.title));
  add("account", ask.account);
  add("deal", ask.deal);
  add("importance", std::string(to_string(ask.importance)));
  add("value", ask.value ? format_money(*ask.value) : "");
  add("value_" + config.base_currency, ask.value ? amount_cell(base_value, Format::csv) : "");
  add("stage", ask.stage);
  add("stage_kind", fmt::format("{}{}", to_string(config.stage_kind(ask.stage)),
                                config.find_stage(ask.stage) ? "" : " (stage unknown)"));
  add("stage_weight", fmt::format("{}", config.stage_weight(ask.stage)));
  add("close_date", ask.close_date);
  add("rep", ask.rep);
  add("source", ask.source);
  add("note", ask.note);
  add("created_at", ask.created_at);
  add("deleted_at", ask.deleted_at);
  add("delete_reason", ask.delete_reason);
  context.print_table(fields);
  if (context.format() == Format::table && !history.empty()) {
    print_text("\n");
    for (const auto& entry : history) {
      print_text("{}  {}  {} {}: {}\n", entry.at, entry.actor, entry.action, entry.field,
                 entry.old_value.empty() ? entry.new_value
                                         : fmt::format("'{}' -> '{}'", entry.old_value, entry.new_value));
    }
  }
}

// The history entries about this ask.
std::vector<HistoryEntry> ask_history(Store& store, const Ask& ask) {
  auto prefix = fmt::format("ask #{}", ask.id);
  auto added = fmt::format("#{} ", ask.id);
  std::vector<HistoryEntry> entries;
  for (auto& entry : store.history(std::nullopt)) {
    bool about = entry.field == prefix || entry.field.starts_with(prefix + " ") ||
                 (entry.action == "ask-added" && (entry.new_value.starts_with(added) ||
                                                  entry.new_value == added.substr(0, added.size() - 1)));
    if (about && entry.action != "ask-moved-away") entries.push_back(std::move(entry));
  }
  return entries;
}

// "  ask #3 value: 'USD 5,000' -> 'USD 100,000'"
void say_changes(Context& context, const std::vector<HistoryEntry>& recorded) {
  for (const auto& entry : recorded) context.say("  {}: '{}' -> '{}'", entry.field, entry.old_value, entry.new_value);
}

}  // namespace

void run_ask(Context& context, const AskOptions& options) {
  AskId id = parse_request_id(options.id, "ASK");
  check_combination(options);
  bool changes_something = options.remove || options.restore || options.move_to || wants_edit(options);
  auto& store = changes_something ? context.store_for_writing() : context.store_for_reading();
  auto ask = store.find_ask(id);
  if (!ask) throw NotFoundError(fmt::format("no ask #{}", id));
  std::optional<MoneyEffects> effects;
  if (changes_something) effects.emplace(context);
  if (options.remove) {
    store.delete_ask(id, parse_long_text(*options.reason, "--reason"));
    context.say("Deleted ask #{}; bring it back with `reqtriage ask {} --restore`.", id, id);
  } else if (options.restore) {
    auto recorded = store.restore_ask(id);
    context.say("Restored ask #{}.", id);
    say_changes(context, {recorded.begin() + 1, recorded.end()});
  } else {
    if (wants_edit(options)) {
      auto changes = read_changes(options, *ask, context.config());
      if (changes.account && !options.new_account) refuse_close_account(store, *changes.account, "--account");
      changes.account_apart = options.new_account;
      auto recorded = store.update_ask(id, changes);
      context.say("{} change{} recorded{}", recorded.size(), recorded.size() == 1 ? "" : "s",
                  recorded.empty() ? "." : ":");
      say_changes(context, recorded);
    }
    if (options.move_to) {
      auto to = parse_request_id(*options.move_to, "--move-to");
      store.move_ask(id, to);
      context.say("Moved ask #{} to #{}.", id, to);
    }
  }
  Json moved = effects ? effects->report(context) : Json();
  ask = store.find_ask(id);
  print_ask(context, *ask, store.get_request(ask->request_id), ask_history(store, *ask), moved);
}

}  // namespace reqtriage::cli
