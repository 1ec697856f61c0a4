// Merging requests, undoing merges, and pairs judged not duplicates.
#include "sql_merges.hpp"

namespace reqtriage {

namespace {

std::string answer_of(const Request& request) {
  std::string answer(to_string(request.status));
  if (!request.target.empty()) answer += " for " + request.target;
  if (!request.reason.empty()) answer += fmt::format(" ('{}')", request.reason);
  return answer;
}

}  // namespace

auto SqlMerges::keep_answer(const std::string& now, const Request& merged, const Request& survivor,
                            SurvivorBefore& before) -> std::vector<HistoryEntry> {
  // Two answers customers were given cannot both stand on one request.
  bool targets_differ = !merged.target.empty() && !survivor.target.empty() && merged.target != survivor.target;
  if (is_answered(merged.status) && is_answered(survivor.status) &&
      (merged.status != survivor.status || targets_differ)) {
    throw InputError(fmt::format(
        "ID: #{} is {} and #{} is {}: one request cannot give customers both answers; decide which stands "
        "first (`reqtriage set {} --status ...` or `reqtriage set {} --status ...`), then merge",
        merged.id, answer_of(merged), survivor.id, answer_of(survivor), merged.id, survivor.id));
  }
  RequestChanges takes;
  if (is_answered(merged.status) && !is_answered(survivor.status)) {
    before.status = std::string(to_string(survivor.status));
    before.reason = survivor.reason;
    before.workaround = survivor.workaround;
    takes.status = merged.status;
    takes.reason = merged.reason;
    if (!merged.workaround.empty()) takes.workaround = merged.workaround;
  }
  if (survivor.target.empty() && !merged.target.empty()) {
    before.target = survivor.target;
    takes.target = merged.target;
  }
  for (const auto& link : merged.links) {
    if (std::find(survivor.links.begin(), survivor.links.end(), link) == survivor.links.end()) {
      takes.add_links.push_back(link);
    }
  }
  before.added_links.insert(before.added_links.end(), takes.add_links.begin(), takes.add_links.end());
  if (takes.empty()) return {};
  return m_requests.apply_changes(survivor.id, takes, now);
}

auto SqlMerges::merge(const std::vector<RequestId>& ids, RequestId survivor_id) -> std::vector<HistoryEntry> {
  return write([&] {
    auto survivor = m_requests.load_request(survivor_id);
    if (survivor.status == Status::merged) {
      throw InputError(fmt::format("--into: request #{} is itself merged into #{}; merge into #{}",
                                   survivor_id, survivor.merged_into.value_or(0),
                                   survivor.merged_into.value_or(0)));
    }
    SqlRequests::refuse_deleted(survivor, "--into");
    std::set<RequestId> distinct;
    for (auto id : ids) {
      if (!distinct.insert(id).second) throw InputError(fmt::format("ID: #{} is given twice", id));
    }
    auto now = now_utc();
    std::vector<HistoryEntry> recorded;
    std::set<std::string> survivor_tags(survivor.tags.begin(), survivor.tags.end());
    for (auto id : ids) {
      if (id == survivor_id) throw InputError(fmt::format("ID: cannot merge #{} into itself", id));
      auto merged = m_requests.load_request(id);
      if (merged.status == Status::merged) {
        throw InputError(fmt::format("ID: request #{} is already merged into #{}", id,
                                     merged.merged_into.value_or(0)));
      }
      SqlRequests::refuse_deleted(merged, "ID");
      std::vector<std::string> added;
      for (const auto& tag : merged.tags) {
        if (survivor_tags.insert(tag).second) {
          added.push_back(tag);
          m_requests.insert_tag(survivor_id, tag);
        }
      }
      // The survivor keeps the merged request's answer to its customers.
      SurvivorBefore before;
      auto answered = keep_answer(now, merged, survivor, before);
      recorded.insert(recorded.end(), answered.begin(), answered.end());
      survivor = m_requests.load_request(survivor_id);
      auto& remember = cached(
          "INSERT INTO merges (merged_id, survivor_id, previous_status, previous_reason, "
          "previous_updated_at, survivor_updated_at, added_tags, at, id, survivor_status, survivor_reason, "
          "survivor_workaround, survivor_target, added_links) "
          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
      remember.bind(1, id);
      remember.bind(2, survivor_id);
      remember.bind(3, std::string(to_string(merged.status)));
      remember.bind(4, merged.reason);
      remember.bind(5, merged.updated_at);
      remember.bind(6, survivor.updated_at);
      remember.bind(7, join_tags(added));
      remember.bind(8, now);
      remember.bind(9, next_id(tables::merges));
      auto bind_optional = [&](int index, const std::optional<std::string>& value) {
        if (value) {
          remember.bind(index, *value);
        } else {
          remember.bind(index);
        }
      };
      bind_optional(10, before.status);
      bind_optional(11, before.reason);
      bind_optional(12, before.workaround);
      bind_optional(13, before.target);
      remember.bind(14, join_links(before.added_links));
      remember.exec();
      int moved = execute("UPDATE asks SET request_id = ? WHERE request_id = ?", survivor_id, id);
      // Merge pointers always lead to a request that is not merged itself.
      execute("UPDATE requests SET merged_into = ? WHERE merged_into = ?", survivor_id, id);
      execute("UPDATE requests SET status = 'merged', merged_into = ?, updated_at = ? WHERE id = ?",
              survivor_id, now, id);
      recorded.push_back(record(now, id, std::nullopt, "merged", "merged_into", "",
                                fmt::format("#{}", survivor_id)));
      recorded.push_back(record(now, survivor_id, std::nullopt, "absorbed", "request", "",
                                fmt::format("#{} {} ({} asks{})", id, merged.title, moved,
                                            added.empty() ? "" : ", tags " + join_tags(added))));
    }
    touch(survivor_id, now);
    return recorded;
  });
}

auto SqlMerges::unmerge(RequestId id) -> std::vector<HistoryEntry> {
  return write([&] {
    auto request = m_requests.load_request(id);
    if (request.status != Status::merged) {
      throw InputError(fmt::format("ID: request #{} is not merged (it is {})", id,
                                   to_string(request.status)));
    }
    auto& find = cached(
        "SELECT id, survivor_id, previous_status, previous_reason, previous_updated_at, "
        "added_tags, survivor_updated_at, at, survivor_status, survivor_reason, survivor_workaround, "
        "survivor_target, added_links FROM merges WHERE merged_id = ? AND undone_at IS NULL "
        "ORDER BY id DESC LIMIT 1");
    find.bind(1, id);
    if (!find.executeStep()) {
      throw Error(ExitCode::failure, fmt::format("request #{} is marked merged but its merge is "
                                                 "not recorded; the database is inconsistent", id));
    }
    auto merge_id = find.getColumn(0).getInt64();
    RequestId survivor_id = find.getColumn(1).getInt64();
    auto previous_status = find.getColumn(2).getString();
    auto previous_reason = find.getColumn(3).getString();
    auto previous_updated_at = find.getColumn(4).getString();
    auto added_tags = find.getColumn(5).getString();
    auto survivor_updated_at = find.getColumn(6).getString();
    auto merged_at = find.getColumn(7).getString();
    auto optional_text = [&](int column) {
      auto cell = find.getColumn(column);
      return cell.isNull() ? std::nullopt : std::optional<std::string>(cell.getString());
    };
    SurvivorBefore before{optional_text(8), optional_text(9), optional_text(10), optional_text(11),
                          split_list(find.getColumn(12).getString(), ' ')};
    find.reset();
    auto now = now_utc();
    // Its own asks come back from wherever later merges took them, and so
    // do the requests merged into it before (re-pointed by its merge) with
    // their asks.
    int moved = execute(
        "UPDATE asks SET request_id = ?1 WHERE origin_request_id = ?1 AND origin_request_id <> request_id", id);
    const char* chain =
        "WITH RECURSIVE chain(id) AS ("
        " SELECT merged_id FROM merges WHERE survivor_id = ?1 AND undone_at IS NULL"
        " UNION SELECT m.merged_id FROM merges m JOIN chain c ON m.survivor_id = c.id"
        " WHERE m.undone_at IS NULL) ";
    execute(fmt::format("{}UPDATE requests SET merged_into = ?1 WHERE id IN (SELECT id FROM chain)", chain), id);
    moved += execute(fmt::format("{}UPDATE asks SET request_id = ?1 "
                                    "WHERE origin_request_id IN (SELECT id FROM chain) AND origin_request_id <> request_id", chain), id);
    for (const auto& tag : split_list(added_tags)) {
      execute("DELETE FROM request_tags WHERE request_id = ? AND tag = ?", survivor_id, tag);
    }
    execute("UPDATE requests SET status = ?, reason = ?, merged_into = NULL, updated_at = ? WHERE id = ?",
            previous_status, previous_reason, previous_updated_at, id);
    // The survivor's timestamp goes back too, unless something else changed it since.
    execute("UPDATE requests SET updated_at = ? WHERE id = ? AND updated_at = ?", survivor_updated_at,
            survivor_id, merged_at);
    execute("UPDATE merges SET undone_at = ? WHERE id = ?", now, merge_id);
    std::vector<HistoryEntry> recorded = give_back_answer(now, request, survivor_id, previous_status, before);
    recorded.push_back(record(now, id, std::nullopt, "unmerged", "merged_into",
                              fmt::format("#{}", request.merged_into.value_or(0)), ""));
    recorded.push_back(record(now, request.merged_into.value_or(survivor_id), std::nullopt,
                              "released", "request", "", fmt::format("#{} ({} asks)", id, moved)));
    return recorded;
  });
}

auto SqlMerges::give_back_answer(const std::string& now, const Request& merged, RequestId survivor_id,
                                 const std::string& merged_status, const SurvivorBefore& before)
    -> std::vector<HistoryEntry> {
  // What the merge gave the survivor goes back, unless changed since.
  auto survivor = m_requests.load_request(survivor_id);
  RequestChanges gives_back;
  if (before.status && to_string(survivor.status) == merged_status) {
    gives_back.status = parse_status(*before.status, "merges");
    gives_back.reason = before.reason.value_or("");
    gives_back.workaround = before.workaround.value_or("");
  }
  if (before.target && survivor.target == merged.target) gives_back.target = *before.target;
  for (const auto& link : before.added_links) {
    if (std::find(survivor.links.begin(), survivor.links.end(), link) != survivor.links.end()) {
      gives_back.remove_links.push_back(link);
    }
  }
  if (gives_back.empty()) return {};
  return m_requests.apply_changes(survivor_id, gives_back, now);
}

auto SqlMerges::merges() -> std::vector<MergeRecord> {
  return read([&] {
    Statement query(m_db, "SELECT merged_id, survivor_id, previous_status, added_tags, at, "
                          "coalesce(undone_at, '') FROM merges ORDER BY id");
    std::vector<MergeRecord> records;
    while (query.executeStep()) {
      records.push_back({query.getColumn(0).getInt64(), query.getColumn(1).getInt64(),
                         query.getColumn(2).getString(), split_list(query.getColumn(3).getString()),
                         query.getColumn(4).getString(), query.getColumn(5).getString()});
    }
    return records;
  });
}

auto SqlMerges::mark_not_duplicate(RequestId a, RequestId b) -> void {
  write([&] {
    m_requests.load_request(a);
    m_requests.load_request(b);
    if (a == b) throw InputError(fmt::format("ID: #{} and #{} are the same request", a, b));
    auto now = now_utc();
    execute("INSERT INTO not_duplicates (a, b, at, actor) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING", std::min(a, b),
            std::max(a, b), now, m_session.actor());
    record(now, std::min(a, b), std::nullopt, "not-duplicate", "request", "",
           fmt::format("#{}", std::max(a, b)));
    return 0;
  });
}

auto SqlMerges::not_duplicates() -> std::vector<std::pair<RequestId, RequestId>> {
  return read([&] {
    Statement query(m_db, "SELECT a, b FROM not_duplicates");
    std::vector<std::pair<RequestId, RequestId>> pairs;
    while (query.executeStep()) {
      pairs.emplace_back(query.getColumn(0).getInt64(), query.getColumn(1).getInt64());
    }
    return pairs;
  });
}

auto SqlMerges::decision_titles() -> DecisionTitles {
  return read([&] {
    DecisionTitles titles;
    auto pairs = [&](const char* sql, std::vector<std::pair<std::string, std::string>>& into) {
      Statement query(m_db, sql);
      while (query.executeStep()) into.emplace_back(query.getColumn(0).getString(), query.getColumn(1).getString());
    };
    pairs("SELECT merged.title, survivor.title FROM requests merged "
          "JOIN requests survivor ON survivor.id = merged.merged_into WHERE merged.status = 'merged'",
          titles.merges);
    pairs("SELECT a.title, b.title FROM not_duplicates n JOIN requests a ON a.id = n.a JOIN requests b ON b.id = n.b",
          titles.not_duplicates);
    return titles;
  });
}

}  // namespace reqtriage
