// Runs the cases in tests/data/sse/*.sse (format in tests/data/sse/README.md) through the
// decoder under many chunkings of the same stream, and requires the expected event log from
// every one of them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "../support/sse_escapes.h"
#include "ringperf/base/file.h"
#include "ringperf/base/rng.h"
#include "ringperf/sse/decoder.h"

namespace {

using ringperf::sse::decoder;
using ringperf::sse::status;
using ringperf::test_support::unescape_sse_case;

constexpr const char* case_files[] = {"spec.sse", "servers.sse", "limits.sse"};
constexpr int random_chunkings = 50;
constexpr std::uint64_t chunking_seed = 0x55e5eed;

struct golden_case {
    std::string where;  // file:line of the `case` line
    std::string id;     // test name: file stem and case name
    std::size_t max_event_bytes = 16u << 20;
    std::string input;
    std::vector<std::string> expected;  // canonical log lines, see render()
    std::string load_error;             // set when the case file could not be read or parsed
};

void escape_to(std::string& out, std::string_view s, bool escape_space) {
    static constexpr char hex[] = "0123456789ABCDEF";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '\\')
            out += "\\\\";
        else if (c == '\n')
            out += "\\n";
        else if (c == '\r')
            out += "\\r";
        else if (c == 0)
            out += "\\0";
        else if (c < 0x20 || c >= 0x7f || (escape_space && c == ' ')) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else
            out += ch;
    }
}

// One log line per decoder outcome, in the file's field order, for comparing and printing.
std::string render(std::string_view kind, std::string_view type, std::string_view data,
                   std::string_view id, std::optional<std::uint64_t> retry) {
    std::string out(kind);
    if (!type.empty()) {
        out += " type=";
        escape_to(out, type, true);
    }
    if (!id.empty()) {
        out += " id=";
        escape_to(out, id, true);
    }
    if (retry) out += " retry=" + std::to_string(*retry);
    out += " data=";
    escape_to(out, data, false);
    return out;
}

// Parses "event|finish [type=T] [id=I] [retry=N] data=D" or "error event_too_large" into the
// canonical form render() gives.
bool parse_expected(std::string_view line, std::string& out, std::string& err) {
    if (line == "error event_too_large") {
        out = line;
        return true;
    }
    const std::size_t sp = line.find(' ');
    const std::string_view kind = line.substr(0, sp);
    if (sp == std::string_view::npos || (kind != "event" && kind != "finish")) {
        err = "expected `event`, `finish` or `error event_too_large`";
        return false;
    }
    std::string_view rest = line.substr(sp + 1);
    std::string type, id, data;
    std::optional<std::uint64_t> retry;
    while (rest.substr(0, 5) != "data=") {
        const std::size_t end = rest.find(' ');
        if (end == std::string_view::npos) {
            err = "missing data=";
            return false;
        }
        const std::string_view field = rest.substr(0, end);
        rest.remove_prefix(end + 1);
        if (field.substr(0, 5) == "type=") {
            if (!unescape_sse_case(field.substr(5), type, err)) return false;
        } else if (field.substr(0, 3) == "id=") {
            if (!unescape_sse_case(field.substr(3), id, err)) return false;
        } else if (field.substr(0, 6) == "retry=") {
            retry = std::strtoull(std::string(field.substr(6)).c_str(), nullptr, 10);
        } else {
            err = "unknown field " + std::string(field);
            return false;
        }
    }
    if (!unescape_sse_case(rest.substr(5), data, err)) return false;
    out = render(kind, type, data, id, retry);
    return true;
}

std::string identifier(std::string_view s) {
    std::string out;
    for (const char c : s)
        out += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return out;
}

// Applies one line of a case file to `c`; false with `err` set when the line is malformed.
bool apply_line(golden_case& c, std::string_view line, std::string& err) {
    if (line.substr(0, 2) == "< ") return unescape_sse_case(line.substr(2), c.input, err);
    if (line.substr(0, 2) == "> ") {
        std::string canonical;
        if (!parse_expected(line.substr(2), canonical, err)) return false;
        c.expected.push_back(std::move(canonical));
        return true;
    }
    if (line.substr(0, 4) == "max ") {
        c.max_event_bytes = std::strtoull(std::string(line.substr(4)).c_str(), nullptr, 10);
        return c.max_event_bytes > 0;
    }
    err = "unknown line kind";
    return false;
}

void load_file(const std::string& dir, const std::string& file, std::vector<golden_case>& out) {
    auto text = ringperf::read_file(dir + "/" + file);
    if (!text) {
        out.push_back({file, identifier(file) + "_unreadable", 0, {}, {}, text.message()});
        return;
    }
    const std::string stem = file.substr(0, file.find('.'));
    std::string_view rest = *text;
    golden_case* current = nullptr;
    for (int line_no = 1; !rest.empty(); ++line_no) {
        const std::size_t nl = rest.find('\n');
        const std::string_view line = rest.substr(0, nl);
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        const std::string where = file + ":" + std::to_string(line_no);
        std::string err;
        if (line.empty()) {
            current = nullptr;
        } else if (line.front() == '#') {
        } else if (line.substr(0, 5) == "case ") {
            golden_case c;
            c.where = where;
            c.id = stem + "_" + identifier(line.substr(5));
            if (current != nullptr) c.load_error = where + ": case inside another case";
            out.push_back(std::move(c));
            current = &out.back();
        } else if (current == nullptr) {
            out.push_back({where,
                           stem + "_line_" + std::to_string(line_no),
                           0,
                           {},
                           {},
                           where + ": line outside a case"});
        } else if (!apply_line(*current, line, err)) {
            current->load_error = where + ": " + err;
        }
    }
}

std::vector<golden_case> load_cases() {
    std::vector<golden_case> cases;
    const char* dir = std::getenv("RINGPERF_SSE_TEST_DATA");
    if (dir == nullptr) {
        cases.push_back({"", "no_data_dir", 0, {}, {}, "RINGPERF_SSE_TEST_DATA is not set"});
        return cases;
    }
    for (const char* f : case_files)
        load_file(dir, f, cases);
    std::set<std::string> seen;
    for (auto& c : cases)
        if (!seen.insert(c.id).second) c.load_error = c.where + ": duplicate case name";
    return cases;
}

const std::vector<golden_case>& all_cases() {
    static const std::vector<golden_case> cases = load_cases();
    return cases;
}

// Feeds `input` cut into pieces of the given sizes (they sum to its length) and records what
// comes out. Every piece lives in its own heap block that is freed once the decoder has used
// it up, so a view kept into an old piece shows up under AddressSanitizer.
std::vector<std::string> decode(const golden_case& c, const std::vector<std::size_t>& pieces) {
    std::vector<std::string> log;
    decoder d(c.max_event_bytes);
    auto record = [&](std::string_view kind) {
        const auto& e = d.current();
        log.push_back(render(kind, e.type, e.data, e.id, e.retry));
    };
    auto stop_with_error = [&] {
        log.push_back("error event_too_large");
        if (d.error() != ringperf::sse::decode_error::event_too_large ||
            d.finish() != status::error)
            log.push_back("BROKEN: error is not sticky");
        return log;
    };
    std::size_t offset = 0;
    for (const std::size_t n : pieces) {
        auto buf = std::make_unique<char[]>(n);
        std::copy_n(c.input.data() + offset, n, buf.get());
        offset += n;
        std::string_view in(buf.get(), n);
        status s;
        while ((s = d.feed(in)) == status::event)
            record("event");
        if (s == status::error) return stop_with_error();
        if (!in.empty()) log.push_back("BROKEN: need_more with input left");
    }
    status s;
    while ((s = d.finish()) == status::event)
        record("finish");
    if (s == status::error) return stop_with_error();
    if (d.events() != log.size()) log.push_back("BROKEN: events() disagrees with the log");
    return log;
}

std::string describe(const std::vector<std::size_t>& pieces) {
    std::string out = "pieces:";
    for (const std::size_t n : pieces)
        out += " " + std::to_string(n);
    return out;
}

class SseGolden : public testing::TestWithParam<std::size_t> {
  protected:
    const golden_case& c() const { return all_cases()[GetParam()]; }
    void expect_log(const std::vector<std::size_t>& pieces, const char* how) {
        EXPECT_EQ(decode(c(), pieces), c().expected)
            << c().where << " decoded " << how << " (" << describe(pieces) << ")";
    }
};

TEST_P(SseGolden, SameEventsWhole) {
    ASSERT_EQ(c().load_error, "");
    expect_log({c().input.size()}, "whole");
}

TEST_P(SseGolden, SameEventsByteByByte) {
    ASSERT_EQ(c().load_error, "");
    expect_log(std::vector<std::size_t>(c().input.size(), 1), "byte by byte");
}

TEST_P(SseGolden, SameEventsAtEverySplitPoint) {
    ASSERT_EQ(c().load_error, "");
    const std::size_t n = c().input.size();
    for (std::size_t i = 0; i <= n; ++i) {
        expect_log({i, n - i}, "in two");
        if (HasFailure()) return;
    }
}

TEST_P(SseGolden, SameEventsInRandomChunks) {
    ASSERT_EQ(c().load_error, "");
    const std::size_t n = c().input.size();
    auto r = ringperf::rng::derive(chunking_seed, c().id.c_str());
    for (int k = 0; k < random_chunkings; ++k) {
        // Vary the typical piece size too, from single bytes to most of the stream.
        const std::uint64_t max_piece = 1 + r.below(n + 1);
        std::vector<std::size_t> pieces;
        for (std::size_t left = n; left > 0;) {
            const std::size_t p = std::min<std::size_t>(left, 1 + r.below(max_piece));
            pieces.push_back(p);
            left -= p;
        }
        expect_log(pieces, "in random chunks");
        if (HasFailure()) return;
    }
}

std::vector<std::size_t> case_indexes() {
    std::vector<std::size_t> idx(all_cases().size());
    for (std::size_t i = 0; i < idx.size(); ++i)
        idx[i] = i;
    return idx;
}

INSTANTIATE_TEST_SUITE_P(Cases, SseGolden, testing::ValuesIn(case_indexes()),
                         [](const testing::TestParamInfo<std::size_t>& param) {
                             return all_cases()[param.param].id;
                         });

TEST(SseGoldenFiles, HoldEveryExpectedCase) {
    std::set<std::string> stems;
    for (const auto& c : all_cases()) {
        EXPECT_EQ(c.load_error, "") << c.id;
        stems.insert(c.id.substr(0, c.id.find('_')));
    }
    EXPECT_EQ(stems, (std::set<std::string>{"limits", "servers", "spec"}));
    EXPECT_GE(all_cases().size(), 80u);
}

}  // namespace
