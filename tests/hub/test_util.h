// Shared pieces of the hub tests: a temporary directory and an injected environment.
#pragma once

#include <stdlib.h>

#include <filesystem>
#include <map>
#include <string>

#include "ringperf/hub/resolve.h"

namespace ringperf::hub::testing {

class temp_dir {
  public:
    temp_dir() {
        char tmpl[] = "/tmp/ringperf_hub_XXXXXX";
        const char* d = ::mkdtemp(tmpl);
        path_ = d ? d : "";
    }
    ~temp_dir() {
        std::error_code ec;
        std::filesystem::remove_all(path_, ec);
    }
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;
    const std::string& path() const { return path_; }

  private:
    std::string path_;
};

// Variables for hub_options::getenv; the lookup refers to this object, which must outlive it.
struct fake_env {
    std::map<std::string, std::string> vars;
    env_lookup lookup() const {
        return [this](const char* name) -> const char* {
            const auto it = vars.find(name);
            return it == vars.end() ? nullptr : it->second.c_str();
        };
    }
};

inline bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

}  // namespace ringperf::hub::testing
