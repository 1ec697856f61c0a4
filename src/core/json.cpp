#include "reqtriage/json.hpp"

#include <fmt/format.h>

#include "reqtriage/config.hpp"

namespace reqtriage {
namespace {

Json text_or_null(const std::string& text) {
  return text.empty() ? Json() : Json(text);
}

Json money_or_null(const std::optional<Money>& money) {
  if (!money) return nullptr;
  return {{"amount", static_cast<double>(money->cents) / 100}, {"currency", money->currency}};
}

}  // namespace

bool is_json(Format format) { return format == Format::json || format == Format::jsonl; }

std::string dump_json(const Json& value, int indent) {
  return value.dump(indent, ' ', false, Json::error_handler_t::replace);
}

void JsonArrayWriter::add(const Json& element) {
  if (m_format == Format::jsonl) {
    fmt::print(m_out, "{}\n", dump_json(element));
  } else {
    // Indented as it would be inside the whole array.
    std::string object = dump_json(element, 2);
    std::string indented = "  ";
    for (char c : object) {
      indented += c;
      if (c == '\n') indented += "  ";
    }
    fmt::print(m_out, "{}{}", m_count == 0 ? "[\n" : ",\n", indented);
  }
  ++m_count;
}

void JsonArrayWriter::finish() {
  if (m_format == Format::json) fmt::print(m_out, "{}", m_count == 0 ? "[]\n" : "\n]\n");
}

std::string render_json(const Json& value, Format format) {
  if (format != Format::jsonl) return dump_json(value, 2);
  if (!value.is_array()) return dump_json(value);
  std::string lines;
  for (const auto& element : value) lines += (lines.empty() ? "" : "\n") + dump_json(element);
  return lines;
}

Json to_json(const Request& request) {
  auto json = Json{
      {"id", request.id},
      {"title", request.title},
      {"description", request.description},
      {"area", text_or_null(request.area)},
      {"tags", request.tags},
      {"effort", request.effort ? Json(*request.effort) : Json()},
      {"status", std::string(to_string(request.status))},
      {"reason", text_or_null(request.reason)},
      {"workaround", text_or_null(request.workaround)},
      {"target", text_or_null(request.target)},
      {"links", request.links},
      {"merged_into",
       request.merged_into ? Json(*request.merged_into) : Json()},
      {"created_at", request.created_at},
      {"updated_at", request.updated_at},
  };
  // Only `show` meets a deleted request: every list leaves it out.
  if (!request.deleted_at.empty()) {
    json["deleted_at"] = request.deleted_at;
    json["delete_reason"] = request.delete_reason;
  }
  return json;
}

Json to_json(const Ask& ask, const Config& config) {
  return {
      {"id", ask.id},
      {"request_id", ask.request_id},
      {"account", text_or_null(ask.account)},
      {"amount", ask.value ? Json(static_cast<double>(ask.value->cents) / 100) : Json()},
      {"amount_currency", ask.value ? Json(ask.value->currency) : Json()},
      {"value", ask.value ? Json(config.to_base(*ask.value)) : Json()},
      {"currency", config.base_currency},
      {"stage", text_or_null(ask.stage)},
      {"close_date", text_or_null(ask.close_date)},
      {"rep", text_or_null(ask.rep)},
      {"source", text_or_null(ask.source)},
      {"note", text_or_null(ask.note)},
      {"deal", text_or_null(ask.deal)},
      {"importance", text_or_null(std::string(to_string(ask.importance)))},
      {"created_at", ask.created_at},
      {"deleted_at", text_or_null(ask.deleted_at)},
      {"delete_reason", text_or_null(ask.delete_reason)},
  };
}

Json to_json(const Account& account) {
  return {
      {"id", account.id},
      {"name", account.name},
      {"segment", text_or_null(account.segment)},
      {"arr", money_or_null(account.arr)},
      {"aliases", account.aliases},
      {"created_at", account.created_at},
      {"updated_at", account.updated_at},
  };
}

Json to_json(const HistoryEntry& entry) {
  return {
      {"id", entry.id},
      {"at", entry.at},
      {"actor", entry.actor},
      {"request_id", entry.request_id ? Json(*entry.request_id) : Json()},
      {"account", text_or_null(entry.account)},
      {"action", entry.action},
      {"field", entry.field},
      {"old", entry.old_value},
      {"new", entry.new_value},
  };
}

Json to_json(const Figures& figures, const std::string& currency) {
  return {
      {"asks", figures.asks},
      {"accounts", figures.accounts},
      {"deals", figures.deals},
      {"value", figures.value},
      {"pipeline", figures.pipeline},
      {"won", figures.won},
      {"lost", figures.lost},
      {"currency", currency},
      {"soonest_close", text_or_null(figures.soonest_close)},
  };
}

}  // namespace reqtriage
