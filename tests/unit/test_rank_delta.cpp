#include <catch2/catch.hpp>

#include <algorithm>
#include <numeric>
#include <random>

#include "reqtriage/error.hpp"
#include "reqtriage/rank_delta.hpp"

using namespace reqtriage;

namespace {

RankOrder first_n(std::size_t n) {
  RankOrder order(n);
  std::iota(order.begin(), order.end(), RequestId{1});
  return order;
}

}  // namespace

TEST_CASE("a new request at the top is one change, though every rank below moves") {
  auto before = first_n(1000);
  auto after = before;
  after.insert(after.begin(), 5000);
  auto delta = rank_delta(before, after);
  REQUIRE(delta.size() == 1);
  CHECK(delta[0] == RankChange{5000, 1});
  CHECK(apply_rank_delta(before, delta) == after);
}

TEST_CASE("requests that leave are listed with rank 0; one that jumps is listed with its new rank") {
  RankOrder before{10, 20, 30, 40, 50};
  RankOrder after{40, 10, 20, 50};  // 30 left, 40 jumped to the top
  auto delta = rank_delta(before, after);
  std::sort(delta.begin(), delta.end());
  CHECK(delta == std::vector<RankChange>{{30, 0}, {40, 1}});
  CHECK(apply_rank_delta(before, rank_delta(before, after)) == after);
}

TEST_CASE("a whole ranking is a delta on nothing, and nothing changed is no rows") {
  auto order = first_n(50);
  CHECK(rank_delta({}, order).size() == 50);
  CHECK(apply_rank_delta({}, rank_delta({}, order)) == order);
  CHECK(rank_delta(order, order).empty());
  CHECK(rank_delta(order, {}).size() == 50);
  CHECK(apply_rank_delta(order, rank_delta(order, {})).empty());
}

TEST_CASE("applying a delta gives back the ranking it came from, whatever changed") {
  std::mt19937 random(GENERATE(1u, 2u, 3u, 4u, 5u, 6u, 7u, 8u));
  auto before = first_n(std::uniform_int_distribution<std::size_t>(0, 300)(random));
  std::shuffle(before.begin(), before.end(), random);
  auto after = before;
  std::uniform_int_distribution<int> changes(0, 40);
  RequestId next_new = 10000;
  for (int n = changes(random); n > 0; --n) {
    std::uniform_int_distribution<std::size_t> at(0, after.size());
    switch (random() % 3) {
      case 0:  // a new request
        after.insert(after.begin() + static_cast<long>(at(random)), next_new++);
        break;
      case 1:  // one leaves
        if (!after.empty()) after.erase(after.begin() + static_cast<long>(at(random) % after.size()));
        break;
      default:  // one moves
        if (!after.empty()) {
          auto from = at(random) % after.size();
          auto id = after[from];
          after.erase(after.begin() + static_cast<long>(from));
          after.insert(after.begin() + static_cast<long>(at(random) % (after.size() + 1)), id);
        }
    }
  }
  auto delta = rank_delta(before, after);
  CHECK(apply_rank_delta(before, delta) == after);
  CHECK(delta.size() <= before.size() + after.size());
}

TEST_CASE("a delta that does not fit its ranking is refused") {
  RankOrder before{1, 2, 3};
  CHECK_THROWS_AS(apply_rank_delta(before, {{9, 5}}), Error);          // rank 5 in a ranking of 4
  CHECK_THROWS_AS(apply_rank_delta(before, {{9, 1}, {8, 1}}), Error);  // two at rank 1
  CHECK_THROWS_AS(apply_rank_delta(before, {{2, 0}, {2, 1}}), Error);  // #2 twice
}
