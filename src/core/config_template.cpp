// The commented config template, which is also the built-in defaults, and
// the built-in scoring profiles.
#include "config_parts.hpp"

namespace reqtriage {
namespace {

constexpr std::string_view text_of_template = R"(# reqtriage configuration. Every key is optional; a missing key keeps its
# default, shown here. See reqtriage.toml(5).

# The currency every total and score is expressed in (ISO 4217 code).
base_currency = "USD"

# The effort assumed for requests nobody has estimated yet (in whatever unit
# your team estimates: points, weeks, ...). Such requests are flagged.
default_effort = 3.0

# What one unit of each other currency is worth in the base currency. An ask in
# a currency missing here (and not the base) is refused. A [currencies] table
# replaces the default one as a whole. These defaults are against USD and
# apply only while base_currency is USD.
[currencies]
AUD = 0.66
CAD = 0.73
CHF = 1.13
EUR = 1.08
GBP = 1.27
JPY = 0.0067

# Deal stages: the weight (0 to 1, how likely a deal in it is to close) and
# the kind. Open deals make the value and the pipeline; won deals are
# commitments (a customer signed expecting the feature); lost deals are
# revenue lost that cited it. Won and lost stay out of value and pipeline.
# A bare number is an open stage, except 1.0 (won) and 0.0 (lost). Asks name
# one of these with --stage. A [stages] table replaces the default one as a
# whole. Names are lower case letters, digits, '_' and '-'.
[stages]
lead = 0.05
qualified = 0.2
proposal = 0.4
negotiation = 0.6
commit = 0.8
closed_won = { weight = 1.0, kind = "won" }
closed_lost = { weight = 0.0, kind = "lost" }

# How `reqtriage score` ranks requests. See reqtriage-score(1).
[scoring]
# The profile used without --profile: a built-in one (default, rice, wsjf) or
# one defined under [profiles].
profile = "default"
# The statuses that are ranked.
statuses = ["new", "triaged", "planned", "in-progress"]
# Each deal counts once wherever it is summed. How one account's several
# deals on one request make up its value: "max" (its largest deal, so a deal
# relayed twice without --deal never doubles a customer), "sum" or "latest".
account_policy = "max"
# days_to_close for a request with no open ask that has a close date.
no_close_days = 365
# Flag a request when one account is more than this share of its value.
concentration_flag = 0.8
# Weight of an ask logged without a stage. Default: the weight of the lowest
# open stage.
# unknown_stage_weight = 0.05
# The multiplier of each importance an ask can have (--importance). It is its
# own quantity, importance: a deal's multiplier on a request is the highest
# of its asks there, and a request's importance weighs them by each deal's
# pipeline. The pipeline itself is value x stage weight, never above value.
[scoring.importance]
blocker = 1.5
important = 1.2
nice = 0.8

# Scoring profiles: a name and a formula over the quantities value, pipeline,
# arr, concentration, confidence, accounts, asks, effort, days_to_close,
# days_since_last_ask, age_days, won, lost, deals and importance, with + - * / ^ ( ) and the functions log,
# log10, sqrt, min, max, clamp(x, lo, hi) and ramp(x, lo, hi). A profile
# named like a built-in one replaces it. For example:
[profiles]
# urgent = "pipeline * (2 - ramp(days_to_close, 0, 90)) / effort"
# [profiles.arr-weighted]
# formula = "(pipeline + 0.5 * arr) / effort"
# description = "Expansion of existing revenue counts half"

# Rules, applied in order to the requests that meet every condition given
# (tag, area, status, account, segment, stage: a string or a list of them;
# min_value: a number in base currency; needs_estimate: true or false). Each
# makes the score score * multiply + add. For example:
# [[rules]]
# name = "Compliance unblocks enterprise deals"
# tag = ["compliance", "security"]
# multiply = 1.5

# How `reqtriage dedupe` and the duplicate warning of `log` find duplicates.
[dedupe]
# Pairs at least this similar (0 to 1) are suggested. Unset, it grows with
# the store: 0.5 up to 1,000 requests, 0.1 more for each tenfold more, at
# most 0.75 (in a large store more unrelated pairs share words by chance).
# threshold = 0.5
# `dedupe --auto` merges groups whose members are all at least this similar.
auto_threshold = 0.85
# The share of the similarity from character trigrams of titles (typos,
# "e-mail"/"email"); the rest comes from shared words weighted by rarity.
char_weight = 0.3
# Description words count this much of title words.
description_weight = 0.25
# stop_words = ["a", "the", ...]   # replaces the built-in list
# Words that mean the same: each phrase counts as the word, matched after
# words are split (hyphens too) and stemmed. Added to the built-in lexicon
# (sso, mfa, rbac, darkmode, residency, ratelimit, allowlist, auditlog, ...;
# `reqtriage config show` lists it); a word named here replaces its list.
[dedupe.synonyms]
# sso = ["single sign on", "saml login"]

# What a rep can tell a customer about a request, one template per status
# (report accounts and report reps show it beside each ask). Placeholders:
# {title}, {reason}, {workaround}, {target} (a date, quarter or release) and
# {link} (the first ticket link). A part in [brackets] is left out when a
# placeholder in it is empty; write [[, ]], {{ and }} for the characters.
[messages]
new = "Thanks: \"{title}\" is logged and product will review it.[ Meanwhile: {workaround}.]"
triaged = "\"{title}\" is with product for a decision.[ Meanwhile: {workaround}.]"
planned = "Good news: \"{title}\" is planned[ for {target}].[ Meanwhile: {workaround}.]"
in-progress = "\"{title}\" is being built[, targeted for {target}].[ Track it at {link}.]"
shipped = "\"{title}\" has shipped[ in {target}].[ Details: {link}.]"
declined = "We will not build \"{title}\" for now: {reason}.[ Meanwhile: {workaround}.]"

# How to read an issue tracker's CSV export for `reqtriage import --tracker
# FILE --map NAME`: the columns holding the ticket key, status, fix version
# (the target) and resolution (each a header or a list of headers, the
# first present wins), and which of our statuses each tracker status or
# resolution (any case) means; a resolution wins over a status. Requests
# linked to a ticket (set --link KEY) take its status and target. For
# example, Jira's "Export CSV":
# [tracker.maps.jira]
# key = "Issue key"
# status = "Status"
# target = ["Fix versions", "Fix Version/s"]
# resolution = "Resolution"
# [tracker.maps.jira.statuses]
# "To Do" = "planned"
# "In Progress" = "in-progress"
# "Done" = "shipped"
# [tracker.maps.jira.resolutions]
# "Won't Do" = "declined"

# A shared team store on PostgreSQL, used when neither --db nor $REQTRIAGE_DB
# is given (libpq's conventions: PGPASSWORD or ~/.pgpass for the password,
# sslmode=require in the URL). Without it: the local SQLite file.
# [store]
# url = "postgresql://dana@db.example.com/requests?sslmode=require"

# Column maps for `reqtriage import --map NAME`. Each names the column header
# holding a field: title (required), description, area, tags, effort,
# account, value, currency, stage, close, rep, source, note, deal (the CRM
# opportunity: asks of one deal count it once), importance (blocker,
# important, nice) and id (the CRM's own id for the row, so re-imports update
# instead of duplicating).
# dates: "iso" (2026-12-31, the default), "us" (12/31/2026) or "eu"
# (31/12/2026, 31.12.2026); decimal: "point" (default) or "comma" (1.200,50);
# delimiter: ",", ";" or "tab" (default: detected). [stages] maps the CRM's
# stage names (any case) to the stages above. For example:
# [import.maps.salesforce]
# title = "Feature Request"
# account = "Account Name"
# value = "Amount"
# stage = "Stage"
# close = "Close Date"
# rep = "Opportunity Owner"
# id = "Opportunity ID"
# dates = "us"
# [import.maps.salesforce.stages]
# "Prospecting" = "lead"
# "Closed Won" = "closed_won"
# "Closed Lost" = "closed_lost"
)";

}  // namespace

std::string_view template_text() { return text_of_template; }

const std::vector<BuiltInProfile>& built_in_profiles() {
  static const std::vector<BuiltInProfile> profiles{
      {"default", "pipeline * importance / effort",
       "Stage-weighted deal value, times how much it matters to the customers, per unit of effort"},
      {"rice", "accounts * log10(1 + value) * confidence / effort",
       "RICE: reach (accounts) x impact (log10 of value) x confidence (value-weighted close "
       "probability) / effort"},
      {"wsjf", "(pipeline * importance + value * (1 - ramp(days_to_close, 0, 180))) / 1000 / effort",
       "WSJF: cost of delay (pipeline, plus value as the soonest close nears within 180 days), "
       "in thousands, / effort"},
  };
  return profiles;
}

}  // namespace reqtriage
