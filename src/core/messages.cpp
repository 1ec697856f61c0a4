#include "reqtriage/messages.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "reqtriage/error.hpp"

namespace reqtriage {
namespace {

// Walks a template, calling `text` for literal text, `placeholder` for each
// {name} and `optional` at each '[' (true) and ']' (false). Throws
// InputError for what check_message_template refuses.
template <typename Text, typename Placeholder, typename Optional>
void walk_template(std::string_view tmpl, Text text, Placeholder placeholder, Optional optional) {
  bool in_optional = false;
  for (std::size_t i = 0; i < tmpl.size(); ++i) {
    char c = tmpl[i];
    bool doubled = i + 1 < tmpl.size() && tmpl[i + 1] == c;
    if ((c == '{' || c == '}' || c == '[' || c == ']') && doubled) {
      text(std::string_view(&tmpl[i], 1));
      ++i;
    } else if (c == '{') {
      auto end = tmpl.find('}', i);
      if (end == std::string_view::npos) throw InputError(fmt::format("'{{' at character {} is never closed", i + 1));
      auto name = tmpl.substr(i + 1, end - i - 1);
      const auto& known = message_placeholders();
      if (std::find(known.begin(), known.end(), name) == known.end()) {
        throw InputError(fmt::format("unknown placeholder {{{}}}: expected {{{}}}", name, fmt::join(known, "}, {")));
      }
      placeholder(name);
      i = end;
    } else if (c == '}') {
      throw InputError(fmt::format("'}}' at character {} closes nothing (write '}}}}' for the character)", i + 1));
    } else if (c == '[') {
      if (in_optional) throw InputError(fmt::format("'[' at character {} is inside another [...]", i + 1));
      in_optional = true;
      optional(true);
    } else if (c == ']') {
      if (!in_optional) throw InputError(fmt::format("']' at character {} closes nothing (write ']]' for the character)", i + 1));
      in_optional = false;
      optional(false);
    } else {
      text(std::string_view(&tmpl[i], 1));
    }
  }
  if (in_optional) throw InputError("a '[' is never closed");
}

bool ends_a_sentence(const std::string& text) {
  return !text.empty() && (text.back() == '.' || text.back() == '!' || text.back() == '?');
}

}  // namespace

const std::map<Status, std::string>& default_messages() {
  static const std::map<Status, std::string> templates{
      {Status::new_, "Thanks: \"{title}\" is logged and product will review it.[ Meanwhile: {workaround}.]"},
      {Status::triaged, "\"{title}\" is with product for a decision.[ Meanwhile: {workaround}.]"},
      {Status::planned, "Good news: \"{title}\" is planned[ for {target}].[ Meanwhile: {workaround}.]"},
      {Status::in_progress, "\"{title}\" is being built[, targeted for {target}].[ Track it at {link}.]"},
      {Status::shipped, "\"{title}\" has shipped[ in {target}].[ Details: {link}.]"},
      {Status::declined, "We will not build \"{title}\" for now: {reason}.[ Meanwhile: {workaround}.]"},
  };
  return templates;
}

const std::vector<std::string>& message_placeholders() {
  static const std::vector<std::string> names{"title", "reason", "workaround", "target", "link"};
  return names;
}

void check_message_template(std::string_view text) {
  walk_template(text, [](std::string_view) {}, [](std::string_view) {}, [](bool) {});
}

std::string fill_message(std::string_view text, const std::map<std::string, std::string>& values) {
  std::string out;
  std::string part;  // the [optional] part being filled
  bool in_optional = false;
  bool part_complete = true;
  bool after_value = false;  // the last thing written was a value
  auto sink = [&]() -> std::string& { return in_optional ? part : out; };
  walk_template(
      text,
      [&](std::string_view literal) {
        auto& to = sink();
        if (!(after_value && literal == "." && ends_a_sentence(to))) to += literal;
        after_value = false;
      },
      [&](std::string_view name) {
        auto found = values.find(std::string(name));
        auto value = found == values.end() ? std::string() : found->second;
        if (value.empty()) part_complete = false;
        sink() += value;
        after_value = true;
      },
      [&](bool opening) {
        if (opening) {
          part.clear();
          part_complete = true;
        } else if (part_complete) {
          out += part;
        }
        in_optional = opening;
      });
  return out;
}

std::string customer_message(const Request& request, const std::map<Status, std::string>& templates) {
  auto found = templates.find(request.status);
  if (found == templates.end()) return {};
  return fill_message(found->second, {{"title", request.title},
                                      {"reason", request.reason},
                                      {"workaround", request.workaround},
                                      {"target", request.target},
                                      {"link", request.links.empty() ? std::string() : request.links.front()}});
}

}  // namespace reqtriage
