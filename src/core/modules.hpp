#pragma once
// Internal to the core: optional parts that live in modules of their own
// (reqtriage-pg.so, reqtriage-xlsx.so), loaded only when a command needs
// them, so their libraries (libpq's Kerberos and TLS, libxlsxwriter's
// libcrypto) never slow the commands that do not.
#include <string>

namespace reqtriage {

/// The address of `symbol` in the module file (beside the binary in a build
/// tree, else where the package installs it); loaded once. Throws Error
/// naming `what` ("PostgreSQL support") when the module is missing or wrong.
void* module_entry(const std::string& file, const char* symbol, const std::string& what);

}  // namespace reqtriage
