// Corrections to asks: edits, moves, deletes and restores, each recorded so
// --as-of can undo it.
#include "sql_ask_corrections.hpp"

namespace reqtriage {
auto SqlAskCorrections::find_ask(AskId id) -> std::optional<Ask> {
  return read([&]() -> std::optional<Ask> {
    Statement query(m_db, fmt::format("SELECT {} FROM asks a LEFT JOIN accounts c ON c.id = a.account_id "
                                      "WHERE a.id = ?",
                                      ask_columns));
    query.bind(1, id);
    if (!query.executeStep()) return std::nullopt;
    return read_ask(query);
  });
}

auto SqlAskCorrections::load_live_ask(AskId id) -> Ask {
  auto ask = find_ask(id);
  if (!ask) throw NotFoundError(fmt::format("no ask #{}", id));
  if (!ask->deleted_at.empty()) {
    throw InputError(fmt::format("ask #{} was deleted on {} ({}); bring it back first with `reqtriage ask {} "
                                 "--restore`",
                                 id, ask->deleted_at.substr(0, 10), ask->delete_reason, id));
  }
  return *ask;
}

auto SqlAskCorrections::update_ask(AskId id, const AskChanges& changes) -> std::vector<HistoryEntry> {
  return write([&] {
    auto ask = load_live_ask(id);
    auto now = now_utc();
    std::vector<HistoryEntry> recorded;
    auto note_change = [&](const Ask& changed, const char* field, const std::string& old, const std::string& now_is) {
      recorded.push_back(m_requests.record_ask_change(now, changed, field, old, now_is));
    };
    auto set_text = [&](const Ask& changed, const char* field, const std::string& old,
                        const std::optional<std::string>& value) {
      if (!value || *value == old) return;
      execute(fmt::format("UPDATE asks SET {} = ? WHERE id = ?", field), *value, changed.id);
      note_change(changed, field, old, *value);
    };
    set_text(ask, "rep", ask.rep, changes.rep);
    set_text(ask, "note", ask.note, changes.note);
    if (changes.importance && *changes.importance != ask.importance) {
      std::string level(to_string(*changes.importance));
      execute("UPDATE asks SET importance = ? WHERE id = ?", level, id);
      note_change(ask, "importance", std::string(to_string(ask.importance)), level);
    }
    // Its deal (its key within its account) and the deal's figures, in one
    // placement: figures given are the deal's new word, reaching every ask
    // of it; an ask joining a deal takes the deal's.
    bool fields_given = changes.value || changes.stage || changes.close_date;
    if (changes.deal || changes.account || fields_given) {
      SqlRequests::Placement where{ask.account_id, ask.account, changes.deal.value_or(ask.deal)};
      if (changes.account) {
        std::optional<SqlAccounts::Ref> account;
        if (!changes.account->empty()) account = m_accounts.ensure(now, *changes.account, changes.account_apart);
        where.account_id = account ? account->id : 0;
        where.account = account ? account->name : "";
      }
      auto placed = m_requests.place_in_deal(now, ask, where, {changes.value, changes.stage, changes.close_date},
                                             fields_given);
      recorded.insert(recorded.end(), placed.begin(), placed.end());
    }
    for (const auto& entry : recorded) touch(*entry.request_id, now);
    return recorded;
  });
}

auto SqlAskCorrections::move_ask(AskId id, RequestId to) -> std::vector<HistoryEntry> {
  return write([&] {
    auto ask = load_live_ask(id);
    auto target = m_requests.load_request(to);
    if (target.status == Status::merged) {
      throw InputError(fmt::format("--move-to: request #{} was merged into #{}; move the ask there with --move-to {}",
                                   to, target.merged_into.value_or(0), target.merged_into.value_or(0)));
    }
    SqlRequests::refuse_deleted(target, "--move-to");
    if (ask.request_id == to) throw InputError(fmt::format("--move-to: ask #{} is on request #{} already", id, to));
    auto now = now_utc();
    // It was logged on the wrong request: it now counts as logged on this one,
    // so unmerging the request it sat on does not take it back.
    execute("UPDATE asks SET request_id = ?, origin_request_id = ? WHERE id = ?", to, to, id);
    auto from = ask.origin_request_id == ask.request_id
                    ? fmt::format("#{}", ask.request_id)
                    : fmt::format("#{} (logged on #{})", ask.request_id, ask.origin_request_id);
    std::optional<std::int64_t> account = ask.account_id ? std::optional(ask.account_id) : std::nullopt;
    std::vector<HistoryEntry> recorded;
    recorded.push_back(record(now, ask.request_id, account, "ask-moved-away", fmt::format("ask #{}", id), from,
                              fmt::format("#{}", to)));
    recorded.push_back(
        record(now, to, account, "ask-moved", fmt::format("ask #{}", id), from, fmt::format("#{}", to)));
    touch(ask.request_id, now);
    touch(to, now);
    return recorded;
  });
}

auto SqlAskCorrections::delete_ask(AskId id, const std::string& reason) -> std::vector<HistoryEntry> {
  return write([&] {
    auto found = find_ask(id);
    if (found && !found->deleted_at.empty()) {
      throw InputError(fmt::format("--delete: ask #{} is already deleted (on {}: {})", id,
                                   found->deleted_at.substr(0, 10), found->delete_reason));
    }
    auto ask = load_live_ask(id);
    auto now = now_utc();
    execute("UPDATE asks SET deleted_at = ?, delete_reason = ? WHERE id = ?", now, reason, id);
    touch(ask.request_id, now);
    return std::vector<HistoryEntry>{record(now, ask.request_id,
                                            ask.account_id ? std::optional(ask.account_id) : std::nullopt,
                                            "ask-deleted", fmt::format("ask #{}", id), "", reason)};
  });
}

auto SqlAskCorrections::restore_ask(AskId id) -> std::vector<HistoryEntry> {
  return write([&] {
    auto ask = find_ask(id);
    if (!ask) throw NotFoundError(fmt::format("no ask #{}", id));
    if (ask->deleted_at.empty()) throw InputError(fmt::format("--restore: ask #{} is not deleted", id));
    auto now = now_utc();
    execute("UPDATE asks SET deleted_at = NULL, delete_reason = '' WHERE id = ?", id);
    touch(ask->request_id, now);
    std::vector<HistoryEntry> recorded{record(now, ask->request_id,
                                              ask->account_id ? std::optional(ask->account_id) : std::nullopt,
                                              "ask-restored", fmt::format("ask #{}", id), ask->delete_reason, "")};
    // It comes back as its deal is now: a deleted ask follows its deal too.
    return recorded;
  });
}

}  // namespace reqtriage
