// ringperf: subcommand dispatch. Everything else lives in the subcommands.
#include <cstdio>
#include <string>
#include <vector>

#include "commands.h"
#include "exit_codes.h"

namespace {

constexpr const char* usage =
    "usage: ringperf <command> [options]\n"
    "\n"
    "commands:\n"
    "  profile   benchmark an OpenAI-compatible endpoint (AIPerf's `profile` flags)\n"
    "  mock      run the bundled OpenAI-compatible mock server\n"
    "  tokenize  count (or list) the tokens of a text with a --tokenizer\n"
    "  compare   compare two runs' summaries; non-zero exit on a regression\n"
    "  merge     merge the results of several runs (shards of one benchmark, or repeats)\n"
    "\n"
    "  ringperf <command> --help   options of a command\n"
    "  ringperf --version          version and the io_uring features of this machine\n";

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
        std::fputs(usage, args.empty() ? stderr : stdout);
        return args.empty() ? ringperf::cli::exit_usage : ringperf::cli::exit_ok;
    }
    if (args[0] == "--version" || args[0] == "version") return ringperf::cli::run_version();
    const std::string cmd = args[0];
    args.erase(args.begin());
    if (cmd == "profile") return ringperf::cli::run_profile(args);
    if (cmd == "mock") return ringperf::cli::run_mock(args);
    if (cmd == "tokenize") return ringperf::cli::run_tokenize(args);
    if (cmd == "compare") return ringperf::cli::run_compare(args);
    if (cmd == "merge") return ringperf::cli::run_merge(args);
    std::fprintf(stderr, "ringperf: unknown command '%s'\n\n%s", cmd.c_str(), usage);
    return ringperf::cli::exit_usage;
}
