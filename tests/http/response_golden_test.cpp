// Runs every case of tests/data/http/responses.txt whole, byte by byte, at every two-way split
// and at 50 seeded random chunkings; all must give the case's event log.
#include <gtest/gtest.h>

#include "golden.h"
#include "ringperf/http/response_parser.h"

using namespace ringperf::http;

namespace {

std::string framing_line(const response_parser& p) {
    std::string out = "framing ";
    if (p.content_length()) {
        out += "length=" + std::to_string(*p.content_length());
    } else {
        out += p.chunked() ? "chunked" : "none";
    }
    out += p.keep_alive() ? " keep-alive" : " close";
    if (p.is_event_stream()) out += " sse";
    return out;
}

std::vector<std::string> head_lines(const response_parser& p) {
    std::vector<std::string> out;
    out.push_back("head " + std::to_string(p.status()) + " HTTP/1." +
                  std::to_string(p.http_minor()) + " \"" + golden::escape(p.reason()) + "\"");
    for (const auto& h : p.headers()) {
        std::string line = "header " + golden::escape(h.name) + ":";
        if (!h.value.empty()) line += " " + golden::escape(h.value);
        out.push_back(line);
    }
    out.push_back(framing_line(p));
    return out;
}

class event_log {
  public:
    explicit event_log(const golden::test_case& c)
        : head_request_(golden::has_option(c, "head-request")),
          parser_(golden::size_option(c, "max-header-bytes", 64 * 1024)) {
        parser_.reset(head_request_);
    }

    // Feeds one read; returns false once the parser reported an error.
    bool feed(std::string_view piece) {
        std::string_view in = piece;
        while (true) {
            auto before = in;
            parse_status s = parser_.feed(in);
            if (s == parse_status::need_more) {
                EXPECT_TRUE(in.empty()) << "need_more with input left";
                return true;
            }
            if (s == parse_status::body) check_zero_copy(before, in);
            if (!record(s)) return false;
        }
    }

    void feed_eof() {
        if (!parser_.started()) {
            EXPECT_EQ(parser_.feed_eof(), parse_status::error);
            EXPECT_EQ(parser_.error(), parse_error::truncated);
            lines_.push_back("eof idle");
            return;
        }
        record(parser_.feed_eof());
    }

    std::vector<std::string> finish() {
        flush_body();
        return lines_;
    }

    response_parser& parser() { return parser_; }

  private:
    void check_zero_copy(std::string_view before, std::string_view after) {
        std::string_view piece = parser_.body();
        EXPECT_FALSE(piece.empty());
        EXPECT_GE(piece.data(), before.data());
        EXPECT_LE(piece.data() + piece.size(), after.data());
    }

    void flush_body() {
        if (!body_.empty()) lines_.push_back("body " + golden::escape(body_));
        body_.clear();
    }

    bool record(parse_status s) {
        switch (s) {
            case parse_status::head_done:
                head_ = head_lines(parser_);
                lines_.insert(lines_.end(), head_.begin(), head_.end());
                return true;
            case parse_status::body:
                body_ += parser_.body();
                return true;
            case parse_status::complete:
                flush_body();
                // Header views must have stayed valid while the reads they came from were
                // overwritten.
                EXPECT_EQ(head_lines(parser_), head_);
                lines_.push_back("complete bytes=" + std::to_string(parser_.bytes_consumed()));
                parser_.reset(head_request_);
                return true;
            case parse_status::error:
                flush_body();
                lines_.push_back(std::string("error ") + parse_error_name(parser_.error()));
                return false;
            case parse_status::need_more:
                break;
        }
        return false;
    }

    bool head_request_;
    response_parser parser_;
    std::vector<std::string> lines_;
    std::vector<std::string> head_;
    std::string body_;
};

std::vector<std::string> run(const golden::test_case& c, const golden::splitting& split) {
    event_log log(c);
    std::size_t offset = 0;
    bool alive = true;
    for (std::size_t size : split.sizes) {
        // A fresh buffer per read, scribbled over afterwards, like a recycled receive buffer.
        std::string read = c.input.substr(offset, size);
        offset += size;
        alive = log.feed(read);
        read.assign(read.size(), '\xee');
        if (!alive) break;
    }
    if (alive && golden::has_option(c, "eof")) {
        log.feed_eof();
    } else if (alive && log.parser().started()) {
        auto lines = log.finish();
        lines.push_back("need_more");
        return lines;
    }
    return log.finish();
}

class ResponseGolden : public testing::TestWithParam<golden::test_case> {};

TEST_P(ResponseGolden, GivesTheSameEventsForEverySplitting) {
    golden::expect_same_events_for_every_splitting(GetParam(), run);
}

INSTANTIATE_TEST_SUITE_P(Cases, ResponseGolden,
                         testing::ValuesIn(golden::load("responses.txt", "response")),
                         golden::case_test_name);

}  // namespace
