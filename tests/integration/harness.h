// Shared pieces of the end-to-end tests: the binary under test, a mock server on port 0,
// and readers for the exports.
#pragma once

#include <signal.h>
#include <simdjson.h>

#include <cmath>
#include <cstdlib>
#include <memory>
#include <sstream>
#include <string>
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

inline std::vector<std::string> profile_args(std::vector<std::string> args) {
    args.insert(args.begin(), {binary(), "profile", "--ui-type", "none"});
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

}  // namespace ringperf::testing
