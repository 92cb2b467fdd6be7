// Shared pieces of the end-to-end tests: the binary under test, a mock server on port 0,
// and readers for the exports.
#pragma once

#include <signal.h>
#include <simdjson.h>
#include <unistd.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "process.h"

namespace ringperf::testing {

using namespace std::chrono_literals;
inline std::string binary() {
    const char* b = std::getenv("RINGPERF_BIN");
    return b ? b : "ringperf";
}

class mock_server {
  public:
    mock_server(const std::string& dir, std::vector<std::string> extra) {
        std::vector<std::string> argv{binary(), "mock",        "--port",
                                      "0",      "--port-file", dir + "/port"};
        argv.insert(argv.end(), extra.begin(), extra.end());
        proc_ = std::make_unique<child>(argv, dir, "mock");
        const std::string p = wait_for_file(dir + "/port", 10s);
        port_ = p.empty() ? 0 : std::atoi(p.c_str());
    }
    ~mock_server() {
        proc_->signal(SIGTERM);
        proc_->wait(10s);
    }
    int port() const { return port_; }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

  private:
    std::unique_ptr<child> proc_;
    int port_ = 0;
};

// The tokenizer runs use unless a test names its own: Llama 2's tokenizer.json, the
// smallest of the real models tools/fetch-tokenizers.sh fetches, so a run loads it in
// milliseconds and never looks for a Hugging Face cache or the network.
inline std::string test_tokenizer() {
    const char* d = std::getenv("RINGPERF_TOKENIZER_MODELS");
    return d ? std::string(d) + "/llama2/tokenizer.json" : std::string("builtin");
}

// For runs from a --config file: a Hugging Face cache, made once per test process and
// given to the runs through HF_HUB_CACHE with HF_HUB_OFFLINE=1, holding Qwen3's
// tokenizer.json as "Qwen/Qwen3-0.6B" (the model the example configs name) the way
// huggingface_hub lays it out, so the examples resolve their model name as they would on a
// user's machine.
inline void use_test_hf_cache() {
    static bool made = false;
    const char* models = std::getenv("RINGPERF_TOKENIZER_MODELS");
    if (made || models == nullptr) return;
    const std::string root = "/tmp/ringperf-test-hf-cache-" + std::to_string(::getpid());
    const std::string repo = root + "/models--Qwen--Qwen3-0.6B";
    const std::string commit = "0123456789abcdef0123456789abcdef01234567";
    const std::string snap = repo + "/snapshots/" + commit;
    const std::string cmd = "mkdir -p '" + snap + "' '" + repo + "/refs' && printf %s " + commit +
                            " > '" + repo + "/refs/main' && ln -sf '" + models +
                            "/qwen3/tokenizer.json' '" + models +
                            "/qwen3/tokenizer_config.json' '" + snap + "/'";
    if (std::system(cmd.c_str()) != 0) return;
    ::setenv("HF_HUB_CACHE", root.c_str(), 1);
    ::setenv("HF_HUB_OFFLINE", "1", 1);
    made = true;
}

inline std::vector<std::string> profile_args(std::vector<std::string> args) {
    const auto given = [&](const char* flag) {
        for (const auto& a : args)
            if (a == flag) return true;
        return false;
    };
    if (given("--config")) use_test_hf_cache();
    const bool own = given("--tokenizer") || given("--config");
    args.insert(args.begin(), {binary(), "profile", "--ui-type", "none"});
    if (!own) args.insert(args.end(), {"--tokenizer", test_tokenizer()});
    return args;
}

inline double stat(simdjson::dom::element doc, const char* tag, const char* key) {
    double v = std::nan("");
    auto r = doc[tag][key];
    if (r.error()) return v;
    if (r.is_double()) return double(r.get_double());
    if (r.is_int64()) return double(int64_t(r.get_int64()));
    if (r.is_uint64()) return double(uint64_t(r.get_uint64()));
    return v;
}

inline std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::stringstream ss(text);
    for (std::string l; std::getline(ss, l);)
        if (!l.empty()) out.push_back(l);
    return out;
}

// Waits (at most 30 s) until the run writing into artifact directory `art` logs that its
// requests start, so a test can act a set time into the benchmark itself rather than into
// start-up, which a loaded machine can stretch by seconds.
inline void wait_for_benchmark_start(const std::string& art) {
    const auto limit = std::chrono::steady_clock::now() + 30s;
    while (read_text(art + "/logs/ringperf.log").find("benchmarking ") == std::string::npos &&
           std::chrono::steady_clock::now() < limit)
        std::this_thread::sleep_for(20ms);
}

}  // namespace ringperf::testing
