#include "ringperf/http/chunked.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

using ringperf::http::chunked_decoder;
using ringperf::http::parse_error;
using ringperf::http::parse_status;

namespace {

struct outcome {
    parse_status last = parse_status::need_more;
    std::string data;
    std::string_view rest;
};

// Feeds `input` in pieces of `step` bytes until complete, error or the end.
outcome decode(chunked_decoder& d, std::string_view input, std::size_t step) {
    outcome out;
    for (std::size_t off = 0; off < input.size();) {
        std::string_view in = input.substr(off, step);
        std::size_t given = in.size();
        while (true) {
            out.last = d.feed(in);
            if (out.last == parse_status::body) {
                out.data += d.data();
                continue;
            }
            break;
        }
        off += given - in.size();
        if (out.last != parse_status::need_more) {
            out.rest = input.substr(off);
            return out;
        }
    }
    return out;
}

}  // namespace

TEST(ChunkedDecoder, HandsOutDataAsViewsIntoTheInput) {
    chunked_decoder d;
    std::string input = "5\r\nhello\r\n0\r\n\r\n";
    std::string_view in = input;
    ASSERT_EQ(d.feed(in), parse_status::body);
    EXPECT_EQ(d.data(), "hello");
    EXPECT_EQ(d.data().data(), input.data() + 3);
    ASSERT_EQ(d.feed(in), parse_status::complete);
    EXPECT_TRUE(in.empty());
    EXPECT_TRUE(d.done());
    EXPECT_TRUE(d.data().empty());
}

TEST(ChunkedDecoder, SplitsAChunkAcrossReadsIntoSeveralPieces) {
    chunked_decoder d;
    std::string_view first = "a\r\n0123";
    ASSERT_EQ(d.feed(first), parse_status::body);
    EXPECT_EQ(d.data(), "0123");
    EXPECT_EQ(d.feed(first), parse_status::need_more);
    std::string_view second = "456789\r\n0\r\n\r\n";
    ASSERT_EQ(d.feed(second), parse_status::body);
    EXPECT_EQ(d.data(), "456789");
    EXPECT_EQ(d.feed(second), parse_status::complete);
}

TEST(ChunkedDecoder, WorksWhenEveryByteArrivesSeparately) {
    chunked_decoder d;
    std::string_view input =
        "3;a=1\r\nabc\r\nA \t; x = \"y\"\r\n0123456789\r\n00\r\nT: v\r\n\r\nNEXT";
    auto out = decode(d, input, 1);
    EXPECT_EQ(out.last, parse_status::complete);
    EXPECT_EQ(out.data, "abc0123456789");
    EXPECT_EQ(out.rest, "NEXT");
}

TEST(ChunkedDecoder, AcceptsUpperAndLowerCaseHex) {
    chunked_decoder d;
    std::string data(0xAb, 'x');
    std::string input = "aB\r\n" + data + "\r\n0\r\n\r\n";
    auto out = decode(d, input, input.size());
    EXPECT_EQ(out.last, parse_status::complete);
    EXPECT_EQ(out.data, data);
}

TEST(ChunkedDecoder, AcceptsSixteenSignificantDigitsAndRejectsSeventeen) {
    chunked_decoder d(UINT64_MAX);
    std::string_view sixteen = "FFFFFFFFFFFFFFFF\r\n";
    EXPECT_EQ(d.feed(sixteen), parse_status::need_more);
    EXPECT_TRUE(sixteen.empty());

    d.reset();
    std::string_view seventeen = "10000000000000000\r\n";
    EXPECT_EQ(d.feed(seventeen), parse_status::error);
    EXPECT_EQ(d.error(), parse_error::bad_chunk_size);
}

TEST(ChunkedDecoder, LeadingZerosDoNotCountTowardsTheDigitLimit) {
    chunked_decoder d;
    auto out = decode(d, "000000000000000000000001\r\nz\r\n00000000000000000000\r\n\r\n", 3);
    EXPECT_EQ(out.last, parse_status::complete);
    EXPECT_EQ(out.data, "z");
}

TEST(ChunkedDecoder, EnforcesTheMaximumChunkSize) {
    chunked_decoder d(16);
    auto out = decode(d, "10\r\n0123456789abcdef\r\n0\r\n\r\n", 5);
    EXPECT_EQ(out.last, parse_status::complete);
    d.reset();
    out = decode(d, "11\r\n", 5);
    EXPECT_EQ(out.last, parse_status::error);
    EXPECT_EQ(d.error(), parse_error::chunk_too_large);
}

TEST(ChunkedDecoder, ToleratesBareLfButNotAMissingLineEndAfterData) {
    chunked_decoder d;
    EXPECT_EQ(decode(d, "2\nab\n0\n\n", 1).last, parse_status::complete);
    for (std::string_view bad : {"2\r\nabc\r\n", "2\r\nab\rc", "2\r\nab0\r\n\r\n"}) {
        d.reset();
        auto out = decode(d, bad, 1);
        EXPECT_EQ(out.last, parse_status::error) << bad;
        EXPECT_EQ(d.error(), parse_error::bad_chunk_framing) << bad;
        EXPECT_EQ(out.data, "ab") << bad;
    }
}

TEST(ChunkedDecoder, RejectsMalformedSizeLines) {
    for (std::string_view bad : {"\r\n", "x\r\n", ";e\r\n", "5 5\r\n", "-5\r\n", "0x5\r\n"}) {
        chunked_decoder d;
        auto out = decode(d, bad, 1);
        EXPECT_EQ(out.last, parse_status::error) << bad;
        EXPECT_EQ(d.error(), parse_error::bad_chunk_size) << bad;
    }
}

TEST(ChunkedDecoder, LimitsSizeLineAndTrailerLength) {
    chunked_decoder d;
    std::string long_ext = "1;" + std::string(5000, 'e') + "\r\nx\r\n";
    EXPECT_EQ(decode(d, long_ext, 1000).last, parse_status::error);
    EXPECT_EQ(d.error(), parse_error::bad_chunk_framing);

    d.reset();
    std::string trailers = "0\r\n";
    for (int i = 0; i < 3000; ++i)
        trailers += "X-Trailer: 0123456789\r\n";
    trailers += "\r\n";
    EXPECT_EQ(decode(d, trailers, 4096).last, parse_status::error);
    EXPECT_EQ(d.error(), parse_error::header_too_large);
}

TEST(ChunkedDecoder, StaysCompleteOrFailedUntilReset) {
    chunked_decoder d;
    std::string_view in = "0\r\n\r\n1\r\n";
    ASSERT_EQ(d.feed(in), parse_status::complete);
    EXPECT_EQ(d.feed(in), parse_status::complete);
    EXPECT_EQ(in, "1\r\n");

    std::string_view bad = "g\r\n";
    d.reset();
    ASSERT_EQ(d.feed(bad), parse_status::error);
    std::string_view good = "0\r\n\r\n";
    EXPECT_EQ(d.feed(good), parse_status::error);
    EXPECT_EQ(good.size(), 5u);
    d.reset();
    EXPECT_EQ(d.feed(good), parse_status::complete);
    EXPECT_EQ(d.error(), parse_error::none);
}

// Size lines and data ends that arrive whole take a shortcut; every split of the same input,
// valid or not, must give the same data, status and error as the whole input.
TEST(ChunkedDecoder, GivesTheSameOutcomeForEveryReadSize) {
    const std::string big(0xe0, 'd');
    const std::vector<std::pair<std::string, std::uint64_t>> inputs = {
        {"5\r\nhello\r\n0\r\n\r\n", chunked_decoder::default_max_chunk_bytes},
        {"E0\r\n" + big + "\r\ne0\r\n" + big + "\r\n0\r\n\r\nnext", 0xe0},
        {"0005\r\nhello\r\n000\r\n\r\n", chunked_decoder::default_max_chunk_bytes},
        {"5;ext=1\r\nhello\r\n0\r\n\r\n", chunked_decoder::default_max_chunk_bytes},
        {"5 \r\nhello\r\n0\r\n\r\n", chunked_decoder::default_max_chunk_bytes},
        {"5\nhello\n0\n\n", chunked_decoder::default_max_chunk_bytes},
        {"5\r\nhello\r\n6\r\n", 5},
        {"fffffffffffffff\r\nx", chunked_decoder::default_max_chunk_bytes},
        {"1000000000000000\r\nx", std::uint64_t{1} << 62},
        {"5\r\nhelloX\r\n", chunked_decoder::default_max_chunk_bytes},
        {"5\r\nhello\r0\r\n\r\n", chunked_decoder::default_max_chunk_bytes},
        {"5\r\nhello\r\n0\r\nT: v\r\n\r\n", chunked_decoder::default_max_chunk_bytes},
        {"5\r\r\nhello\r\n", chunked_decoder::default_max_chunk_bytes},
        {"5\r\nhello\r\n\r\n", chunked_decoder::default_max_chunk_bytes},
    };
    for (const auto& [input, max] : inputs) {
        chunked_decoder whole(max);
        const outcome want = decode(whole, input, input.size());
        const parse_error want_error = whole.error();
        for (std::size_t step = 1; step < input.size(); ++step) {
            chunked_decoder d(max);
            const outcome got = decode(d, input, step);
            EXPECT_EQ(got.last, want.last) << input << " in pieces of " << step;
            EXPECT_EQ(got.data, want.data) << input << " in pieces of " << step;
            EXPECT_EQ(got.rest, want.rest) << input << " in pieces of " << step;
            EXPECT_EQ(d.error(), want_error) << input << " in pieces of " << step;
        }
    }
}
