#pragma once
// Shared by the reports (report accounts, review and reps): the ranking they
// read, their formats and their Markdown sections.
#include <functional>
#include <map>
#include <unordered_map>

#include "commands.hpp"
#include "reqtriage/scoring.hpp"

namespace reqtriage::cli {

constexpr std::size_t default_top = 10;

/// The requests the filter keeps (every status but merged unless it names
/// statuses), scored now or as they stood on a past day; ranks are the
/// company's (use_company_ranks).
Ranking report_ranking(Context& context, const Profile& profile, const RequestFilter& filter,
                       const PastStore* past);

/// The asks the filter's ask filters keep, now or on a past day (request
/// filters are the ranking's: look each ask's request up in it), one at a
/// time as they stream from the store; each is valid only during the call.
void for_each_report_ask(Store& store, const RequestFilter& filter, const PastStore* past,
                         const std::function<void(const Ask&)>& visit);
/// Each account that has asks the filter keeps, in the accounts' order,
/// with its asks: streamed from the store grouped by account (an account's
/// asks held at a time), or, on a past day, grouped from the past store's.
void for_each_account_asks(Store& store, const RequestFilter& filter, const PastStore* past,
                           const std::vector<Account>& accounts,
                           const std::function<void(const Account&, const std::vector<const Ask*>&)>& visit);

std::unordered_map<RequestId, const Score*> by_id(const Ranking& ranking);

const Profile& chosen_profile(const Config& config, const ReportOptions& options);

/// The format asked for (Markdown by default); UsageError when the report
/// is not written in it.
Format report_format(Context& context, std::initializer_list<Format> allowed, const char* report);

/// An amount as a cell of the format (Markdown as on the terminal).
std::string money_cell(double units, Format format);

std::string rank_cell(const Score* score);

/// A Markdown section: its heading and table, or `empty` when it has no rows.
void print_section(const std::string& heading, const Table& table, const std::string& empty);

/// Where a report's "since" starts: --since, else the last saved review
/// (`previous`, the latest snapshot before `now`), else a week before now. A
/// date or an ISO timestamp, compared with timestamps as text.
std::string report_since(const ReportOptions& options, const std::optional<RankSnapshot>& previous,
                         const std::string& now);

/// A Markdown table as text.
std::string markdown_table(const Table& table);

}  // namespace reqtriage::cli
