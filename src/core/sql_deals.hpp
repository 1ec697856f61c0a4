#pragma once
// Internal to the storage layer: deals as records (MONEY in reqtriage(1)).
// A deal is its account and key, with one amount, stage and close date; its
// asks point at it and carry those figures, which the database keeps equal
// (the schema's triggers): changing a deal here changes every ask of it.
#include "sql_session.hpp"

namespace reqtriage {

// A deal's amount, stage and close date, as a correction or an import gives
// them (unset: left as it is).
struct DealFields {
  std::optional<std::optional<Money>> value;  ///< an empty inner value clears it
  std::optional<std::string> stage;
  std::optional<std::string> close_date;
  /// All three, as given.
  static DealFields all(const std::optional<Money>& value, const std::string& stage, const std::string& close_date) {
    return {std::optional<std::optional<Money>>(std::in_place, value), stage, close_date};
  }
  /// What `ask` says of its deal, all three.
  template <typename AnyAsk>  // Ask or NewAsk
  static DealFields of(const AnyAsk& ask) {
    return all(ask.value, ask.stage, ask.close_date);
  }
};

class SqlDeals : SqlPart {
 public:
  explicit SqlDeals(SqlSession& session) : SqlPart(session) {}

  struct Record {
    std::int64_t id = 0;
    std::int64_t account_id = 0;  ///< 0: no account
    std::string key;
    std::optional<Money> value;
    std::string stage;
    std::string close_date;
    /// The record with `fields` applied.
    Record with(const DealFields& fields) const;
    DealFields figures() const { return DealFields::all(value, stage, close_date); }
    bool same_figures(const Record& other) const {
      return value == other.value && stage == other.stage && close_date == other.close_date;
    }
  };

  std::optional<Record> find(std::int64_t account_id, const std::string& key);
  // A new deal (the caller checked there is none of this account and key).
  Record create(std::int64_t account_id, const std::string& key, const DealFields& figures);
  // Gives a deal new figures, and so every ask of it, live or deleted, each
  // ask's change recorded as --as-of undoes it. `summary` says it in a line
  // ("deal OPP-1 of Acme: USD 100,000 -> USD 5,000, on #1, #2"), empty when
  // nothing changed.
  struct Change {
    std::vector<HistoryEntry> recorded;
    std::string summary;
  };
  Change set_figures(const std::string& now, const Record& deal, const DealFields& fields);
  // Forgets the deals this transaction looked up (an import, after each
  // batch is written, so its memory does not grow with the file).
  void forget() { m_known.clear(); }
  // How many live asks the deal has, and the latest of them.
  std::pair<std::size_t, AskId> live_asks(std::int64_t deal_id);
  // Forgets a deal no ask points at any more.
  void drop_if_unused(std::int64_t deal_id);
  // The deal of `to_account` with this deal's key and figures, for asks
  // leaving the account it is in: the deal itself moves when every ask of it
  // leaves (`leaving` of them) and the other account has no deal of that key.
  std::int64_t deal_for_account(std::int64_t deal_id, std::int64_t to_account, std::size_t leaving);
  // Refuses what would make two accounts' deals one: a deal of each with one key.
  void refuse_shared_keys(std::int64_t account_id, const std::string& name, std::int64_t survivor_id,
                          const std::string& survivor_name);
  // Every deal of an account becomes the survivor's.
  void move_all(std::int64_t from_account, std::int64_t to_account);

 private:
  std::map<std::pair<std::int64_t, std::string>, Record> m_known;  ///< by (account, key), this transaction
  std::uint64_t m_memo_transaction = 0;
  std::map<std::pair<std::int64_t, std::string>, Record>& memo();
  std::optional<Record> query(const char* where, std::int64_t number, const std::string& key);
};

}  // namespace reqtriage
