#include "app.hpp"

int main(int argc, char** argv) { return reqtriage::cli::run(argc, argv); }
