#pragma once
// Internal to the storage layer: requests and their asks: logging, changes,
// lookups, lists and the streams scoring reads.
#include "sql_accounts.hpp"
#include "sql_deals.hpp"

namespace reqtriage {

class SqlRequests : SqlPart {
 public:
  SqlRequests(SqlSession& session, SqlAccounts& accounts, SqlDeals& deals)
      : SqlPart(session), m_accounts(accounts), m_deals(deals) {}

  LoggedIds log_request(const NewRequest& request, const std::optional<NewAsk>& ask);
  AskId add_ask(RequestId request_id, const NewAsk& ask);
  std::vector<HistoryEntry> update_request(RequestId id, const RequestChanges& changes);
  std::vector<HistoryEntry> update_requests(const std::vector<std::pair<RequestId, RequestChanges>>& changes);
  std::size_t count_requests();
  std::size_t title_word_frequency(const std::string& word);
  std::vector<Request> requests_sharing_title_words(const std::vector<std::pair<std::string, double>>& words,
                                                         std::size_t limit);
  std::optional<Request> find_request(RequestId id);
  std::vector<Request> list_requests(const RequestFilter& filter);
  std::vector<std::string> list_reps();
  std::vector<RequestId> requests_linked_to(const std::string& key);
  void for_each_ask(const RequestFilter& filter, const std::function<void(const Ask&)>& visit);
  void for_each_ask_by_account(const RequestFilter& filter, const std::function<void(const Ask&)>& visit);
  void for_each_deal_group(const RequestFilter& filter,
                           const std::function<void(RequestId, const std::vector<const Ask*>&)>& visit);
  void for_each_request_with_deals(const RequestFilter& filter,
                                   const std::function<void(const Request&, const std::vector<const Ask*>&)>& visit);
  std::vector<Ask> asks_of(RequestId id);

  // For the other parts, inside their transactions.
  Request load_request(RequestId id);  ///< NotFoundError when there is none
  // InputError naming `option` for a deleted request, with the restore command.
  static void refuse_deleted(const Request& request, const char* option);
  RequestId insert_request(const std::string& now, const NewRequest& request, const std::string& title_key);
  // A new ask; a keyed one joins its deal, made or given the ask's figures
  // (each change of a deal said in `deal_changes` when given).
  AskId insert_ask(const std::string& now, RequestId request_id, const NewAsk& ask,
                   const std::string& import_key = "", std::vector<std::string>* deal_changes = nullptr);
  void insert_tag(RequestId id, const std::string& tag) { insert_row(tables::tags, {id, tag}); }
  // One request's changes inside the caller's transaction, recorded.
  std::vector<HistoryEntry> apply_changes(RequestId id, const RequestChanges& changes, const std::string& now);
  // One change to an ask, recorded as --as-of undoes it ("ask #12 value").
  HistoryEntry record_ask_change(const std::string& now, const Ask& ask, const char* field, const std::string& old,
                                 const std::string& now_is);
  // Puts an ask in the deal of this account and key (a deal of its own when
  // the key is empty) in one write: it takes the deal's figures, or, when
  // `given_sets_deal`, the figures given become the deal's and so every ask
  // of it. Each change is recorded as --as-of undoes it; each change of a
  // deal is said in `deal_changes` when given.
  struct Placement {
    std::int64_t account_id = 0;  ///< 0: no account
    std::string account;
    std::string key;
  };
  std::vector<HistoryEntry> place_in_deal(const std::string& now, const Ask& ask, const Placement& where,
                                          const DealFields& given, bool given_sets_deal,
                                          std::vector<std::string>* deal_changes = nullptr);

 private:
  // The asks the filter keeps (and `where`, SQL after the filter's), in `order`.
  void stream_asks(const RequestFilter& filter, const char* where, const char* order,
                   const std::function<void(const Ask&)>& visit);
  SqlAccounts& m_accounts;
  SqlDeals& m_deals;

  std::optional<Request> query_request(RequestId id);
  // Gives requests sorted by id their tags and links, one pass over each
  // table, which is stored in (request_id, ...) order: no lookup per request.
  void attach_lists(std::vector<Request>& requests);
  void attach_list(std::vector<Request>& requests, const char* sql, std::vector<std::string> Request::*list);
  void index_title(RequestId id, const std::string& title);
  void change_tags(RequestId id, const std::vector<std::string>& before, const RequestChanges& changes,
                   const std::string& now, std::vector<HistoryEntry>& recorded);
  void change_links(RequestId id, const std::vector<std::string>& before, const RequestChanges& changes,
                    const std::string& now, std::vector<HistoryEntry>& recorded);
  // The ask with what it leaves out (amount, stage, close date) taken from
  // its deal: `log --to 7 --deal OPP-1` needs no amount. One that says
  // otherwise than a deal with live asks is refused.
  NewAsk with_deal_facts(const NewAsk& ask);
};

}  // namespace reqtriage
