// Golden cases for the HTTP parsers, kept as data (tests/data/http/README.md describes the
// format), and the input splittings every case is run with.
#pragma once

#include <gtest/gtest.h>

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/file.h"
#include "ringperf/base/rng.h"

namespace golden {

struct test_case {
    std::string kind;  // "request" or "response"
    std::string name;
    std::string file;
    int line = 0;
    std::vector<std::string> options;  // "eof", "head-request", "max-header-bytes 64", ...
    std::string input;
    std::vector<std::string> expected;  // event lines, consecutive body lines merged
    std::string load_error;
};

inline std::string escape(std::string_view s) {
    static const char hex[] = "0123456789abcdef";
    std::string out;
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        if (c == '\\') {
            out += "\\\\";
        } else if (c == '\r') {
            out += "\\r";
        } else if (c == '\n') {
            out += "\\n";
        } else if (c == '\t') {
            out += "\\t";
        } else if (u < 0x20 || u >= 0x7f) {
            out += "\\x";
            out += hex[u >> 4];
            out += hex[u & 15];
        } else {
            out += c;
        }
    }
    return out;
}

inline int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Returns false on an unknown or incomplete escape.
inline bool unescape(std::string_view s, std::string& out) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\') {
            out += s[i];
            continue;
        }
        if (++i == s.size()) return false;
        switch (s[i]) {
            case 'r':
                out += '\r';
                break;
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 's':
                out += ' ';
                break;
            case '\\':
                out += '\\';
                break;
            case 'x': {
                if (i + 2 >= s.size()) return false;
                int hi = hex_digit(s[i + 1]);
                int lo = hex_digit(s[i + 2]);
                if (hi < 0 || lo < 0) return false;
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                break;
            }
            default:
                return false;
        }
    }
    return true;
}

// Appends an expected event line, merging consecutive body lines into one.
inline bool add_expected(test_case& c, std::string_view line) {
    if (line.substr(0, 5) != "body ") {
        c.expected.emplace_back(line);
        return true;
    }
    std::string data;
    if (!unescape(line.substr(5), data)) return false;
    if (!c.expected.empty() && c.expected.back().substr(0, 5) == "body ") {
        std::string prev;
        unescape(std::string_view(c.expected.back()).substr(5), prev);
        data = prev + data;
        c.expected.pop_back();
    }
    c.expected.push_back("body " + escape(data));
    return true;
}

// Adds one line of a paragraph to `c`; returns an error message or "".
inline std::string add_line(test_case& c, std::string_view line) {
    if (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
        return "trailing whitespace (write \\s)";
    }
    if (c.kind.empty()) {
        auto colon = line.find(": ");
        if (colon == std::string_view::npos) return "case must start with 'kind: name'";
        c.kind = line.substr(0, colon);
        c.name = line.substr(colon + 2);
        return "";
    }
    if (line.substr(0, 2) == "> ") {
        return unescape(line.substr(2), c.input) ? "" : "bad escape in input";
    }
    if (line.substr(0, 2) == "< ") {
        return add_expected(c, line.substr(2)) ? "" : "bad escape in expected body";
    }
    if (line.substr(0, 2) == "! ") {
        c.options.emplace_back(line.substr(2));
        return "";
    }
    return "line must start with '> ', '< ', '! ' or '#'";
}

inline std::vector<test_case> load(const char* file_name, std::string_view kind) {
    const char* dir = std::getenv("RINGPERF_TEST_DATA");
    std::string path = std::string(dir ? dir : "tests/data") + "/http/" + file_name;
    std::vector<test_case> cases;
    auto text = ringperf::read_file(path);
    if (!text.ok()) {
        cases.push_back({std::string(kind), "missing", path, 0, {}, {}, {}, text.message()});
        return cases;
    }
    std::string_view rest = *text;
    test_case current;
    int line_no = 0;
    auto flush = [&] {
        if (!current.kind.empty() || !current.load_error.empty()) cases.push_back(current);
        current = test_case{};
    };
    while (!rest.empty()) {
        auto lf = rest.find('\n');
        auto line = rest.substr(0, lf);
        rest.remove_prefix(lf == std::string_view::npos ? rest.size() : lf + 1);
        ++line_no;
        if (line.empty()) {
            flush();
            continue;
        }
        if (line.front() == '#') continue;
        if (current.kind.empty()) {
            current.file = path;
            current.line = line_no;
        }
        auto err = add_line(current, line);
        if (!err.empty() && current.load_error.empty()) {
            current.load_error = path + ":" + std::to_string(line_no) + ": " + err;
        }
    }
    flush();
    for (auto& c : cases) {
        if (c.load_error.empty() && c.kind != kind) c.load_error = "case kind is not " + c.kind;
    }
    return cases;
}

inline bool has_option(const test_case& c, std::string_view option) {
    for (const auto& o : c.options) {
        if (o == option) return true;
    }
    return false;
}

inline std::size_t size_option(const test_case& c, std::string_view option, std::size_t def) {
    for (const auto& o : c.options) {
        if (o.size() > option.size() && o.compare(0, option.size(), option) == 0 &&
            o[option.size()] == ' ') {
            return std::stoull(o.substr(option.size() + 1));
        }
    }
    return def;
}

// A way to cut the input into reads: piece lengths summing to the input size.
struct splitting {
    std::string label;
    std::vector<std::size_t> sizes;
};

inline std::vector<splitting> splittings(std::size_t n) {
    std::vector<splitting> out;
    out.push_back({"whole", {n}});
    out.push_back({"byte by byte", std::vector<std::size_t>(n, 1)});
    for (std::size_t i = 1; i < n; ++i) {
        out.push_back({"split at " + std::to_string(i), {i, n - i}});
    }
    auto r = ringperf::rng::derive(20240917, "http golden chunkings");
    for (int k = 0; k < 50 && n > 0; ++k) {
        splitting s{"random #" + std::to_string(k), {}};
        std::size_t max_piece = 1 + r.below(n);
        for (std::size_t left = n; left > 0;) {
            std::size_t piece = std::min<std::size_t>(left, 1 + r.below(max_piece));
            s.sizes.push_back(piece);
            left -= piece;
        }
        out.push_back(std::move(s));
    }
    return out;
}

inline std::string case_test_name(const testing::TestParamInfo<test_case>& info) {
    std::string out;
    for (char c : info.param.name) {
        bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        if (alnum) {
            out += c;
        } else if (!out.empty() && out.back() != '_') {
            out += '_';
        }
    }
    while (!out.empty() && out.back() == '_')
        out.pop_back();
    return out.empty() ? "case_" + std::to_string(info.index) : out;
}

inline std::string join(const std::vector<std::string>& lines) {
    std::string out;
    for (const auto& l : lines)
        out += "    " + l + "\n";
    return out;
}

// Runs `c` under every splitting with `run(c, split)` and requires the expected event log
// each time, naming the case and the splitting on a mismatch.
template <typename Run>
void expect_same_events_for_every_splitting(const test_case& c, Run run) {
    ASSERT_TRUE(c.load_error.empty()) << c.load_error;
    for (const auto& split : splittings(c.input.size())) {
        const auto got = run(c, split);
        ASSERT_EQ(got, c.expected)
            << c.file << ":" << c.line << " (" << c.name << "), " << split.label << "\ngot:\n"
            << join(got) << "expected:\n"
            << join(c.expected);
    }
}

}  // namespace golden
