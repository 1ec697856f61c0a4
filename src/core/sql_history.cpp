// The history of every change, and ranking snapshots for the review.
#include "sql_history.hpp"

namespace reqtriage {

auto SqlHistory::save_snapshot(const RankSnapshot& snapshot) -> std::int64_t {
  return write([&] {
    auto id = next_id(tables::snapshots);
    execute("INSERT INTO snapshots (id, taken_at, profile) VALUES (?, ?, ?)", id, snapshot.taken_at,
            snapshot.profile);
    for (const auto& [request_id, entry] : snapshot.ranks) {
      execute("INSERT INTO snapshot_ranks (snapshot_id, request_id, rank, score) VALUES (?, ?, ?, ?)", id,
              request_id, static_cast<std::int64_t>(entry.rank), entry.score);
    }
    return id;
  });
}

auto SqlHistory::latest_snapshot(const std::string& before) -> std::optional<RankSnapshot> {
  return read([&]() -> std::optional<RankSnapshot> {
    Statement find(m_db, "SELECT id, taken_at, profile FROM snapshots WHERE taken_at < ? ORDER BY taken_at DESC, id DESC LIMIT 1");
    find.bind(1, before);
    if (!find.executeStep()) return std::nullopt;
    RankSnapshot snapshot;
    snapshot.id = find.getColumn(0).getInt64();
    snapshot.taken_at = find.getColumn(1).getString();
    snapshot.profile = find.getColumn(2).getString();
    Statement ranks(m_db, "SELECT request_id, rank, score FROM snapshot_ranks WHERE snapshot_id = ?");
    ranks.bind(1, snapshot.id);
    while (ranks.executeStep()) {
      snapshot.ranks[ranks.getColumn(0).getInt64()] = {ranks.getColumn(1).getInt(), ranks.getColumn(2).getDouble()};
    }
    return snapshot;
  });
}

namespace {

const char* const history_columns =
    "SELECT h.id, h.at, h.actor, h.request_id, coalesce(c.name, ''), h.action, h.field, h.old_value, h.new_value, "
    "h.account_id FROM history h LEFT JOIN accounts c ON c.id = h.account_id";

HistoryEntry read_history_entry(Statement& query) {
  HistoryEntry entry;
  entry.id = query.getColumn(0).getInt64();
  entry.at = query.getColumn(1).getString();
  entry.actor = query.getColumn(2).getString();
  if (!query.getColumn(3).isNull()) entry.request_id = query.getColumn(3).getInt64();
  entry.account = query.getColumn(4).getString();
  entry.action = query.getColumn(5).getString();
  entry.field = query.getColumn(6).getString();
  entry.old_value = query.getColumn(7).getString();
  entry.new_value = query.getColumn(8).getString();
  if (!query.getColumn(9).isNull()) entry.account_id = query.getColumn(9).getInt64();
  return entry;
}

}  // namespace

auto SqlHistory::history(std::optional<RequestId> id) -> std::vector<HistoryEntry> {
  return read([&] {
    Statement query(m_db, std::string(history_columns) + (id ? " WHERE h.request_id = ?" : "") + " ORDER BY h.id",
                    sql::Rows::many);
    if (id) query.bind(1, *id);
    std::vector<HistoryEntry> entries;
    while (query.executeStep()) entries.push_back(read_history_entry(query));
    return entries;
  });
}

auto SqlHistory::history_after(const std::string& at) -> std::vector<HistoryEntry> {
  return read([&] {
    Statement query(m_db, std::string(history_columns) + " ORDER BY h.id DESC", sql::Rows::many);
    std::vector<HistoryEntry> entries;
    while (query.executeStep()) {
      auto entry = read_history_entry(query);
      if (entry.at <= at) break;
      entries.push_back(std::move(entry));
    }
    return entries;
  });
}

}  // namespace reqtriage
