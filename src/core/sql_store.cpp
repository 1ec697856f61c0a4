// Opening a store.
#include "sql_store.hpp"

namespace reqtriage {

std::string database_name(const std::string& path_or_url) {
  return is_postgres_url(path_or_url) ? redact_url(path_or_url) : path_or_url;
}

std::unique_ptr<Store> open_store(const StoreOptions& options) {
  return std::make_unique<SqlStore>(open_connection(options.path, options.if_missing, options.read_only), options.actor);
}

}  // namespace reqtriage
