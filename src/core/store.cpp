#include "reqtriage/store.hpp"

#include <fmt/format.h>

#include "reqtriage/error.hpp"

namespace reqtriage {

std::vector<Ask> Store::list_asks(const RequestFilter& filter) {
  std::vector<Ask> asks;
  for_each_ask(filter, [&](const Ask& ask) { asks.push_back(ask); });
  return asks;
}

Request Store::get_request(RequestId id) {
  auto request = find_request(id);
  if (!request) throw NotFoundError(fmt::format("no request #{}", id));
  return *request;
}

}  // namespace reqtriage
