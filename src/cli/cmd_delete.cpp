// reqtriage delete / restore: junk leaves every ranking, and can come back.
#include "commands.hpp"
#include "effects.hpp"
#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"

namespace reqtriage::cli {

void run_delete(Context& context, const DeleteOptions& options) {
  auto id = parse_request_id(options.id, "ID");
  auto reason = parse_long_text(options.reason, "--reason");
  if (reason.empty()) throw InputError("--reason: say why it goes (the history keeps it)");
  auto& store = context.store_for_writing();
  MoneyEffects effects(context);
  store.delete_request(id, reason);
  context.say("Deleted #{}: it is in no ranking, report or export; bring it back with `reqtriage restore {}`.", id,
              id);
  effects.print(context);
}

void run_restore(Context& context, const std::string& id_text) {
  auto id = parse_request_id(id_text, "ID");
  auto& store = context.store_for_writing();
  MoneyEffects effects(context);
  store.restore_request(id);
  context.say("Restored #{}.", id);
  effects.print(context);
}

}  // namespace reqtriage::cli
