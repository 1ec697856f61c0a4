// reqtriage log: record a request and its first ask, or add an ask with --to.
#include "commands.hpp"
#include "reqtriage/dedupe.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/money.hpp"
#include "reqtriage/parse.hpp"
#include "reqtriage/text.hpp"

namespace reqtriage::cli {
namespace {

std::optional<NewAsk> read_ask(const LogOptions& options, const Config& config) {
  NewAsk ask;
  ask.account = parse_name(options.account, "--account");
  if (ask.account.empty() && !options.account.empty()) {
    throw InputError("--account: the name shows nothing (only spaces); give the customer's name");
  }
  if (options.value) {
    ask.value = config.money(parse_amount(*options.value, "--value"),
                             options.currency.value_or(""), "--value");
  } else if (options.currency) {
    throw UsageError("--currency goes with --value: it names the currency of the deal value");
  }
  if (options.stage) ask.stage = config.stage(*options.stage, "--stage");
  if (options.close) ask.close_date = parse_date(*options.close, "--close");
  ask.rep = parse_name(options.by, "--by");
  ask.source = parse_name(options.source, "--source");
  ask.note = parse_long_text(options.note, "--note");
  if (options.deal) ask.deal = parse_deal(*options.deal, "--deal");
  if (options.importance) ask.importance = parse_importance(*options.importance, "--importance");
  bool empty = ask.account.empty() && !ask.value && ask.stage.empty() && ask.close_date.empty() &&
               ask.rep.empty() && ask.source.empty() && ask.note.empty() && ask.deal.empty() &&
               ask.importance == Importance::unset;
  if (empty) return std::nullopt;
  return ask;
}

NewRequest read_request(const LogOptions& options) {
  NewRequest request;
  request.title = parse_title(options.title.value_or(""), "TITLE");
  request.description = parse_long_text(options.description, "--description");
  if (options.area) request.area = parse_tag(*options.area, "--area");
  for (const auto& tag : options.tags) request.tags.push_back(parse_tag(tag, "--tag"));
  if (options.effort) request.effort = parse_effort(*options.effort, "--effort");
  return request;
}

void check_no_request_fields(const LogOptions& options) {
  bool request_fields = options.title || !options.description.empty() || options.area ||
                        !options.tags.empty() || options.effort;
  if (request_fields) {
    throw UsageError(
        "--to adds an ask to an existing request: give no TITLE, --description, --area, --tag "
        "or --effort (change those with 'reqtriage set')");
  }
}

void print_result(Context& context, const Request& request, const std::optional<AskId>& ask_id) {
  if (!is_json(context.format())) {
    fmt::print(stdout, "{}\n", request.id);
    return;
  }
  Json record = to_json(request);
  record["ask"] = nullptr;
  for (const auto& ask : context.store_for_reading().asks_of(request.id)) {
    if (ask_id && ask.id == *ask_id) record["ask"] = to_json(ask, context.config());
  }
  context.print_json(record);
}

// "declined 2026-11-20: 'Low value for the effort' (workaround: ...)"
std::string decision_of(Store& store, const Request& request) {
  std::string when;
  for (const auto& entry : store.history(request.id)) {
    if (entry.field == "status" && entry.new_value == to_string(request.status)) when = entry.at.substr(0, 10);
  }
  auto text = fmt::format("{}{}", to_string(request.status), when.empty() ? "" : " " + when);
  if (!request.reason.empty()) text += fmt::format(": '{}'", request.reason);
  if (!request.workaround.empty()) text += fmt::format(" (workaround: {})", request.workaround);
  return text;
}

// The same opportunity relayed twice on this request, once with a deal key
// and once without: the policy counts one, and the PM can make them one deal.
void warn_same_deal(Context& context, Store& store, RequestId request, AskId added) {
  auto asks = store.asks_of(request);
  for (const auto& pair : likely_same_deals(pointers_to(asks), context.config())) {
    if (pair.unkeyed != added && pair.keyed != added) continue;
    context.warn("ask #{} of {} looks like deal {} (ask #{}) relayed again; if it is, make them one deal with "
                 "`reqtriage ask {} --deal '{}'`",
                 pair.unkeyed, pair.account, pair.deal, pair.keyed, pair.unkeyed, pair.deal);
  }
}

}  // namespace

void run_log(Context& context, const LogOptions& options) {
  const auto& config = context.config();
  auto ask = read_ask(options, config);
  if (options.to) {
    check_no_request_fields(options);
    auto id = parse_request_id(*options.to, "--to");
    if (!ask) {
      throw UsageError("--to needs an ask to add: give --account, --value, --stage, --close, "
                       "--by, --source, --note, --deal or --importance");
    }
    auto& store = context.store_for_adding();
    if (!options.new_account) refuse_close_account(store, ask->account, "--account");
    ask->account_apart = options.new_account;
    auto ask_id = store.add_ask(id, *ask);
    auto request = store.get_request(id);
    context.say("Added ask #{} to #{} '{}'.", ask_id, id, request.title);
    warn_same_deal(context, store, id, ask_id);
    print_result(context, request, ask_id);
    return;
  }
  if (!options.title) {
    throw UsageError("log needs a TITLE, or --to ID to add an ask to an existing request");
  }
  auto request = read_request(options);
  auto& store = context.store_for_adding();
  if (ask && !options.new_account) refuse_close_account(store, ask->account, "--account");
  if (ask) ask->account_apart = options.new_account;
  // Looked up before logging, so the new request does not find itself.
  auto similar = look_alikes(store, config, request.title, 3);
  // Sales already has an answer for a declined or shipped feature: the same
  // title again is refused, so the customer hears one answer.
  for (const auto& look_alike : similar) {
    const auto& known = look_alike.request;
    if (!options.new_request && is_decided(known.status) && normalize_title(known.title) == normalize_title(request.title)) {
      throw InputError(fmt::format("TITLE: #{} '{}' is this request, {}; add this ask there with --to {}, or give "
                                   "--new to log a new request",
                                   known.id, known.title, decision_of(store, known), known.id));
    }
  }
  auto ids = store.log_request(request, ask);
  for (const auto& look_alike : similar) {
    const auto& known = look_alike.request;
    if (is_decided(known.status)) {
      context.warn("looks like #{} '{}', {}; add this ask there with --to {}", known.id, known.title,
                   decision_of(store, known), known.id);
    } else {
      context.warn("looks like #{} '{}' ({:.2f}); add it there with --to {}", known.id, known.title,
                   look_alike.similarity, known.id);
    }
  }
  context.say("Logged #{} '{}'{}.", ids.request_id, request.title,
              ids.ask_id ? fmt::format(" with ask #{}", *ids.ask_id) : "");
  print_result(context, store.get_request(ids.request_id), ids.ask_id);
}

}  // namespace reqtriage::cli
