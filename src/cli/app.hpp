#pragma once

namespace reqtriage::cli {

/// Parses the command line, runs the subcommand, and turns any error into
/// one message on stderr and the exit code documented in reqtriage(1).
int run(int argc, char** argv);

}  // namespace reqtriage::cli
