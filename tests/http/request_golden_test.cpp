// Runs every case of tests/data/http/requests.txt whole, byte by byte, at every two-way split
// and at 50 seeded random chunkings; all must give the case's event log.
#include <gtest/gtest.h>

#include "golden.h"
#include "ringperf/http/request_parser.h"

using namespace ringperf::http;

namespace {

void log_request(const request_parser& p, std::vector<std::string>& lines) {
    lines.push_back("request " + golden::escape(p.method()) + " " + golden::escape(p.target()) +
                    " HTTP/1." + std::to_string(p.http_minor()));
    for (const auto& h : p.headers()) {
        std::string line = "header " + golden::escape(h.name) + ":";
        if (!h.value.empty()) line += " " + golden::escape(h.value);
        lines.push_back(line);
    }
    if (!p.body().empty()) lines.push_back("body " + golden::escape(p.body()));
    lines.push_back(p.keep_alive() ? "complete keep-alive" : "complete close");
}

// Feeds one read; returns false once the parser reported an error. `pending`: bytes of an
// unfinished request were consumed.
bool feed(request_parser& p, std::string_view in, std::vector<std::string>& lines, bool& pending) {
    while (!in.empty()) {
        parse_status s = p.feed(in);
        if (s == parse_status::need_more) {
            EXPECT_TRUE(in.empty()) << "need_more with input left";
            pending = true;
            return true;
        }
        if (s == parse_status::error) {
            lines.push_back(std::string("error ") + parse_error_name(p.error()));
            return false;
        }
        EXPECT_EQ(s, parse_status::complete);
        log_request(p, lines);
        pending = false;
        p.reset();
    }
    return true;
}

std::vector<std::string> run(const golden::test_case& c, const golden::splitting& split) {
    request_parser p(golden::size_option(c, "max-header-bytes", 64 * 1024),
                     golden::size_option(c, "max-body-bytes", 64u << 20));
    std::vector<std::string> lines;
    std::size_t offset = 0;
    bool alive = true;
    bool pending = false;
    for (std::size_t size : split.sizes) {
        // A fresh buffer per read, scribbled over afterwards, like a recycled receive buffer:
        // everything the parser keeps must have been copied.
        std::string read = c.input.substr(offset, size);
        offset += size;
        alive = feed(p, read, lines, pending);
        read.assign(read.size(), '\xee');
        if (!alive) break;
    }
    if (alive && pending) lines.push_back("need_more");
    return lines;
}

class RequestGolden : public testing::TestWithParam<golden::test_case> {};

TEST_P(RequestGolden, GivesTheSameEventsForEverySplitting) {
    golden::expect_same_events_for_every_splitting(GetParam(), run);
}

INSTANTIATE_TEST_SUITE_P(Cases, RequestGolden,
                         testing::ValuesIn(golden::load("requests.txt", "request")),
                         golden::case_test_name);

}  // namespace
