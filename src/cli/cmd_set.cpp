// reqtriage set ID: change a request's fields; every change goes to history.
#include "commands.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/json.hpp"
#include "reqtriage/parse.hpp"

namespace reqtriage::cli {
namespace {

RequestChanges read_changes(const SetOptions& options) {
  RequestChanges changes;
  if (options.title) changes.title = parse_title(*options.title, "--title");
  if (options.description) changes.description = parse_long_text(*options.description, "--description");
  if (options.area) {
    changes.area = options.area->empty() ? std::string() : parse_tag(*options.area, "--area");
  }
  if (options.effort) {
    bool clear = *options.effort == "none";
    changes.effort = clear ? std::optional<double>() : parse_effort(*options.effort, "--effort");
  }
  if (options.status) changes.status = parse_status(*options.status, "--status");
  if (options.reason) changes.reason = parse_long_text(*options.reason, "--reason");
  if (options.workaround) changes.workaround = parse_long_text(*options.workaround, "--workaround");
  for (const auto& tag : options.tags) changes.add_tags.push_back(parse_tag(tag, "--tag"));
  for (const auto& tag : options.untags) changes.remove_tags.push_back(parse_tag(tag, "--untag"));
  if (options.target) {
    bool clear = *options.target == "none" || options.target->empty();
    changes.target = clear ? std::string() : parse_target(*options.target, "--target");
  }
  for (const auto& link : options.links) changes.add_links.push_back(parse_link(link, "--link"));
  for (const auto& link : options.unlinks) changes.remove_links.push_back(parse_link(link, "--unlink"));
  return changes;
}

}  // namespace

void run_set(Context& context, const SetOptions& options) {
  auto id = parse_request_id(options.id, "ID");
  auto changes = read_changes(options);
  if (changes.empty()) {
    throw UsageError(
        "set needs a change: --title, --description, --area, --effort, --status, --reason, "
        "--workaround, --target, --tag, --untag, --link or --unlink");
  }
  auto& store = context.store_for_writing();
  auto recorded = store.update_request(id, changes);
  if (recorded.empty()) context.say("#{}: nothing changed.", id);
  for (const auto& entry : recorded) {
    context.say("#{}: {} '{}' -> '{}'", id, entry.field, entry.old_value, entry.new_value);
  }
  if (is_json(context.format())) {
    context.print_json(to_json(store.get_request(id)));
  }
}

}  // namespace reqtriage::cli
