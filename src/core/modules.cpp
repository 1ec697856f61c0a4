// Loading the optional modules (see modules.hpp).
#include "modules.hpp"

#include <dlfcn.h>
#include <fmt/format.h>

#include <filesystem>
#include <map>
#include <vector>

#include "reqtriage/error.hpp"

#ifndef REQTRIAGE_MODULE_FROM_BINARY
#define REQTRIAGE_MODULE_FROM_BINARY "../lib/reqtriage"
#endif

namespace reqtriage {
namespace {

// Beside the binary (a build tree), else where `cmake --install` and the
// package put it, relative to the binary.
std::vector<std::string> module_candidates(const std::string& file) {
  std::error_code failed;
  auto folder = std::filesystem::read_symlink("/proc/self/exe", failed).parent_path();
  if (failed) folder = ".";
  return {(folder / file).string(), (folder / REQTRIAGE_MODULE_FROM_BINARY / file).lexically_normal().string()};
}

}  // namespace

void* module_entry(const std::string& file, const char* symbol, const std::string& what) {
  static std::map<std::string, void*> loaded;
  auto key = file + ":" + symbol;
  if (auto found = loaded.find(key); found != loaded.end()) return found->second;
  std::string tried;
  for (const auto& path : module_candidates(file)) {
    std::error_code ignored;
    if (!std::filesystem::exists(path, ignored)) {
      tried += (tried.empty() ? "" : ", ") + path;
      continue;
    }
    void* module = ::dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!module) throw Error(ExitCode::failure, fmt::format("cannot load {} from {}: {}", what, path, ::dlerror()));
    void* entry = ::dlsym(module, symbol);
    if (!entry) throw Error(ExitCode::failure, fmt::format("{} is not reqtriage's module for {}", path, what));
    loaded.emplace(key, entry);
    return entry;
  }
  throw Error(ExitCode::failure, fmt::format("{} is not installed (no {} in {})", what, file, tried));
}

}  // namespace reqtriage
