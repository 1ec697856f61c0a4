#include "reqtriage/store.hpp"

#include <fmt/format.h>

#include "reqtriage/error.hpp"

namespace reqtriage {

Request Store::get_request(RequestId id) {
  auto request = find_request(id);
  if (!request) throw NotFoundError(fmt::format("no request #{}", id));
  return *request;
}

}  // namespace reqtriage
