// The history of every change, and ranking snapshots for the review.
#include "sql_history.hpp"

namespace reqtriage {

namespace {

// A snapshot stores its changes since the one before while they stay small:
// reading one then reads at most two whole rankings' rows, and applies at
// most this many snapshots of changes (a quarter of weekly reviews).
constexpr std::size_t most_deltas_in_a_row = 12;

}  // namespace

auto SqlHistory::save_snapshot(const RankSnapshot& snapshot) -> std::int64_t {
  return write([&] {
    RankOrder after(snapshot.ranks.size());
    for (const auto& [request_id, rank] : snapshot.ranks) {
      if (rank < 1 || static_cast<std::size_t>(rank) > after.size()) {
        throw Error(ExitCode::failure, fmt::format("rank {} of #{} is not in a ranking of {}", rank, request_id,
                                                   after.size()));
      }
      after[static_cast<std::size_t>(rank - 1)] = request_id;
    }
    std::optional<std::int64_t> base_id;
    std::vector<RankChange> rows;
    auto& latest = cached("SELECT id FROM snapshots WHERE profile = ? ORDER BY id DESC LIMIT 1");
    latest.bind(1, snapshot.profile);
    if (latest.executeStep()) {
      auto base = latest.getColumn(0).getInt64();
      latest.reset();
      try {
        auto stored = load_ranking(base);
        auto delta = rank_delta(stored.order, after);
        if (stored.deltas < most_deltas_in_a_row && stored.delta_rows + delta.size() <= after.size()) {
          base_id = base;
          rows = std::move(delta);
        }
      } catch (const Error&) {
        // A damaged earlier ranking (doctor names it): this one starts whole.
      }
    }
    if (!base_id) {
      for (std::size_t i = 0; i < after.size(); ++i) rows.emplace_back(after[i], static_cast<int>(i + 1));
    }
    auto id = next_id(tables::snapshots);
    execute("INSERT INTO snapshots (id, taken_at, profile, base_id) VALUES (?, ?, ?, ?)", id, snapshot.taken_at,
            snapshot.profile, base_id ? Cell(*base_id) : Cell(nullptr));
    for (const auto& [request_id, rank] : rows) {
      execute("INSERT INTO snapshot_ranks (snapshot_id, request_id, rank) VALUES (?, ?, ?)", id, request_id,
              static_cast<std::int64_t>(rank));
    }
    return id;
  });
}

auto SqlHistory::latest_snapshot(const std::string& before, const std::string& profile) -> std::optional<RankSnapshot> {
  return read([&]() -> std::optional<RankSnapshot> {
    Statement find(m_db, "SELECT id, taken_at, profile FROM snapshots WHERE taken_at < ? AND (? = '' OR profile = ?) "
                         "ORDER BY taken_at DESC, id DESC");
    find.bind(1, before);
    find.bind(2, profile);
    find.bind(3, profile);
    std::vector<RankSnapshot> candidates;
    while (find.executeStep()) {
      RankSnapshot snapshot;
      snapshot.id = find.getColumn(0).getInt64();
      snapshot.taken_at = find.getColumn(1).getString();
      snapshot.profile = find.getColumn(2).getString();
      candidates.push_back(std::move(snapshot));
      if (candidates.size() == 20) break;  // a run of damaged ones is doctor's to report
    }
    // The newest that reads back: a damaged one (doctor names it) is skipped.
    for (auto& snapshot : candidates) {
      try {
        auto order = load_ranking(snapshot.id).order;
        snapshot.ranks.reserve(order.size());
        for (std::size_t i = 0; i < order.size(); ++i) snapshot.ranks.emplace(order[i], static_cast<int>(i + 1));
        return std::move(snapshot);
      } catch (const Error&) {
        continue;
      }
    }
    return std::nullopt;
  });
}

auto SqlHistory::snapshot_problems() -> std::vector<std::string> {
  return read([&] {
    std::vector<std::tuple<std::int64_t, std::string, std::string>> snapshots;
    Statement all(m_db, "SELECT id, taken_at, profile FROM snapshots ORDER BY id");
    while (all.executeStep()) {
      snapshots.emplace_back(all.getColumn(0).getInt64(), all.getColumn(1).getString(), all.getColumn(2).getString());
    }
    std::vector<std::string> problems;
    for (const auto& [id, taken_at, profile] : snapshots) {
      try {
        load_ranking(id);
      } catch (const Error& error) {
        problems.push_back(fmt::format("the ranking saved {} (snapshot {}, profile {}) is damaged: {}; reviews compare "
                                       "with an earlier one, and the next saved ranking starts whole",
                                       taken_at, id, profile, error.what()));
      }
    }
    return problems;
  });
}

auto SqlHistory::load_ranking(std::int64_t id) -> StoredRanking {
  std::vector<std::int64_t> chain{id};  // newest first, back to a whole ranking
  for (;;) {
    auto& base = cached("SELECT base_id FROM snapshots WHERE id = ?");
    base.bind(1, chain.back());
    if (!base.executeStep() || base.getColumn(0).isNull()) break;
    auto base_id = base.getColumn(0).getInt64();
    // Each snapshot builds on an earlier one; anything else is a damaged store.
    if (base_id >= chain.back()) {
      throw Error(ExitCode::failure, fmt::format("ranking snapshot {} builds on a later one ({})", chain.back(), base_id));
    }
    chain.push_back(base_id);
  }
  StoredRanking stored;
  for (auto at = chain.rbegin(); at != chain.rend(); ++at) {
    auto rows = load_rows(*at);
    if (at == chain.rbegin()) {
      stored.order = apply_rank_delta({}, rows);
    } else {
      stored.order = apply_rank_delta(stored.order, rows);
      ++stored.deltas;
      stored.delta_rows += rows.size();
    }
  }
  return stored;
}

auto SqlHistory::load_rows(std::int64_t snapshot_id) -> std::vector<RankChange> {
  auto& rows = cached("SELECT request_id, rank FROM snapshot_ranks WHERE snapshot_id = ?");
  rows.bind(1, snapshot_id);
  std::vector<RankChange> changes;
  while (rows.executeStep()) changes.emplace_back(rows.getColumn(0).getInt64(), rows.getColumn(1).getInt());
  return changes;
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

auto SqlHistory::recent_history(const std::function<bool(const HistoryEntry&)>& wanted) -> std::vector<HistoryEntry> {
  return read([&] {
    Statement query(m_db, std::string(history_columns) + " ORDER BY h.id DESC", sql::Rows::many);
    std::vector<HistoryEntry> entries;
    while (query.executeStep()) {
      auto entry = read_history_entry(query);
      if (!wanted(entry)) break;
      entries.push_back(std::move(entry));
    }
    return entries;
  });
}

}  // namespace reqtriage
