#pragma once
/// JSON forms of the domain values, for --format json. Include only where
/// JSON is written: nlohmann/json is a heavy header.
#include <nlohmann/json.hpp>

#include <cstdio>

#include "reqtriage/domain.hpp"
#include "reqtriage/money.hpp"
#include "reqtriage/table.hpp"

namespace reqtriage {

struct Config;

/// JSON objects keep their keys in the order written, for readable output.
using Json = nlohmann::ordered_json;

/// JSON (indented) or JSON Lines (an array's elements one a line, compact).
std::string render_json(const Json& value, Format format);
/// One value as JSON text, indented by `indent` (-1: compact). Bytes that are
/// not UTF-8 (text another client stored), which JSON cannot carry, are
/// written as U+FFFD rather than failing half-way.
std::string dump_json(const Json& value, int indent = -1);
/// Whether the format is one of the two JSON forms.
bool is_json(Format format);

/// An array written an element at a time, byte for byte as render_json
/// writes the whole (and a newline), so a long report never holds it all.
class JsonArrayWriter {
 public:
  JsonArrayWriter(std::FILE* out, Format format) : m_out(out), m_format(format) {}
  void add(const Json& element);
  void finish();

 private:
  std::FILE* m_out;
  Format m_format;
  std::size_t m_count = 0;
};

Json to_json(const Request& request);
/// An ask: its own amount and currency ("amount", "amount_currency") and its
/// value in the base currency ("value", with "currency").
Json to_json(const Ask& ask, const Config& config);
Json to_json(const Account& account);
Json to_json(const HistoryEntry& entry);
/// The figures of money.hpp, named as every command names them.
Json to_json(const Figures& figures, const std::string& currency);

}  // namespace reqtriage
