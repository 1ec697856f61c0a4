#pragma once
/// The sentence a sales rep sends a customer about a request: one template
/// per status (`[messages]` in the config), filled from the request.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "reqtriage/domain.hpp"

namespace reqtriage {

/// The templates a config without [messages] has (config_template shows them).
const std::map<Status, std::string>& default_messages();

/// The placeholders a template may use: {title}, {reason}, {workaround},
/// {target}, {link}.
const std::vector<std::string>& message_placeholders();

/// Checks a template: known placeholders, balanced braces and brackets, no
/// brackets inside brackets. Throws InputError saying what is wrong.
void check_message_template(std::string_view text);

/// Fills a template. A part in [brackets] is kept only when every
/// placeholder in it has a value, so "planned[ for {target}]." reads right
/// with or without a target. `{{`, `}}`, `[[` and `]]` are literal. A value
/// ending in '.', '!' or '?' swallows a '.' that follows it.
std::string fill_message(std::string_view text, const std::map<std::string, std::string>& values);

/// The sentence for a request under its status's template; empty when the
/// status has none.
std::string customer_message(const Request& request, const std::map<Status, std::string>& templates);

}  // namespace reqtriage
