// What the reports share; see report_common.hpp.
#include "report_common.hpp"

#include <cstdio>
#include <cstdlib>

#include "reqtriage/error.hpp"
#include "reqtriage/parse.hpp"

namespace reqtriage::cli {

Ranking report_ranking(Context& context, const Profile& profile, const RequestFilter& filter,
                       const PastStore* past) {
  auto ranking = past ? rank_past(*past, context.config(), profile, filter)
                      : rank_store(context.store_for_reading(), context.config(), profile, filter, today_utc());
  use_company_ranks(context.store_for_reading(), context.config(), profile, filter, past, ranking);
  return ranking;
}

void for_each_report_ask(Store& store, const RequestFilter& filter, const PastStore* past,
                         const std::function<void(const Ask&)>& visit) {
  if (!past) return store.for_each_ask(filter, visit);
  std::map<std::int64_t, std::string_view> segments;
  for (const auto& account : past->accounts) segments[account.id] = account.segment;
  for (const auto& ask : past->asks) {
    if (filter.keeps(ask, segments[ask.account_id])) visit(ask);
  }
}

void for_each_account_asks(Store& store, const RequestFilter& filter, const PastStore* past,
                           const std::vector<Account>& accounts,
                           const std::function<void(const Account&, const std::vector<const Ask*>&)>& visit) {
  if (past) {
    std::vector<Ask> asks;
    for_each_report_ask(store, filter, past, [&](const Ask& ask) { asks.push_back(ask); });
    std::unordered_map<std::int64_t, std::vector<const Ask*>> asks_of;
    for (const auto& ask : asks) {
      if (ask.account_id != 0) asks_of[ask.account_id].push_back(&ask);
    }
    for (const auto& account : accounts) {
      if (auto found = asks_of.find(account.id); found != asks_of.end()) visit(account, found->second);
    }
    return;
  }
  std::unordered_map<std::int64_t, const Account*> account_of;
  for (const auto& account : accounts) account_of.emplace(account.id, &account);
  std::vector<Ask> group;
  auto flush = [&] {
    if (group.empty()) return;
    if (auto found = account_of.find(group.front().account_id); found != account_of.end()) {
      visit(*found->second, pointers_to(group));
    }
    group.clear();
  };
  store.for_each_ask_by_account(filter, [&](const Ask& ask) {
    if (!group.empty() && group.front().account_id != ask.account_id) flush();
    group.push_back(ask);
  });
  flush();
}

std::unordered_map<RequestId, const Score*> by_id(const Ranking& ranking) {
  std::unordered_map<RequestId, const Score*> scores;
  scores.reserve(ranking.scores.size());
  for (const auto& score : ranking.scores) scores[score.request->id] = &score;
  return scores;
}

const Profile& chosen_profile(const Config& config, const ReportOptions& options) {
  return config.scoring.find_profile(options.profile.value_or(config.scoring.profile));
}

Format report_format(Context& context, std::initializer_list<Format> allowed, const char* report) {
  auto format = context.format_given() ? context.format() : Format::md;
  if (std::find(allowed.begin(), allowed.end(), format) == allowed.end()) {
    std::vector<std::string> names;
    for (auto name : allowed) names.emplace_back(to_string(name));
    throw UsageError(fmt::format("--format: report {} is written as {}", report, fmt::join(names, ", ")));
  }
  return format;
}

std::string money_cell(double units, Format format) {
  return amount_cell(units, format == Format::md ? Format::table : format);
}

std::string rank_cell(const Score* score) {
  return score && score->rank > 0 ? std::to_string(score->rank) : "";
}

void print_section(const std::string& heading, const Table& table, const std::string& empty) {
  print_text("\n## {}\n\n", heading);
  if (table.rows.empty()) {
    print_text("{}\n", empty);
    return;
  }
  write_table(stdout, table, Format::md, TableStyle{});
}

std::string report_since(const ReportOptions& options, const std::optional<RankSnapshot>& previous,
                         const std::string& now) {
  if (options.since) return parse_date(*options.since, "--since");
  if (previous) return previous->taken_at;
  return add_days(now.substr(0, 10), -7);
}

std::string markdown_table(const Table& table) {
  char* buffer = nullptr;
  std::size_t size = 0;
  std::FILE* memory = open_memstream(&buffer, &size);
  if (!memory) throw OutputError("cannot format a table: out of memory");
  write_table(memory, table, Format::md, TableStyle{});
  std::fclose(memory);
  std::string text(buffer, size);
  std::free(buffer);
  return text;
}

}  // namespace reqtriage::cli
