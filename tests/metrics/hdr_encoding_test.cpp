#include "ringperf/metrics/hdr_encoding.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace ringperf::metrics {
namespace {

using bytes = std::vector<std::uint8_t>;

hdr_histogram make(std::int64_t lo, std::int64_t hi, int sf) {
    auto h = hdr_histogram::create(lo, hi, sf);
    EXPECT_TRUE(h.ok()) << (h.ok() ? "" : h.message());
    return std::move(h).value();
}

bytes zz(std::int64_t v) {
    bytes out;
    append_zigzag_leb128(out, v);
    return out;
}

bytes from_hex(const std::string& hex) {
    bytes out;
    std::string digits;
    for (char c : hex)
        if (c != ' ') digits.push_back(c);
    for (std::size_t i = 0; i + 1 < digits.size(); i += 2)
        out.push_back(static_cast<std::uint8_t>(std::stoul(digits.substr(i, 2), nullptr, 16)));
    return out;
}

// 1, 1, 5, 1000 x 3, 3000 in a 1 .. 3.6e9 / 3-figure histogram (engine.md §4.8).
hdr_histogram vector_histogram() {
    hdr_histogram h = make(1, 3'600'000'000, 3);
    h.record(1, 2);
    h.record(5);
    h.record(1000, 3);
    h.record(3000);
    return h;
}

void expect_same_counts(const hdr_histogram& a, const hdr_histogram& b) {
    ASSERT_TRUE(a.same_layout(b));
    ASSERT_EQ(a.total_count(), b.total_count());
    EXPECT_EQ(a.min(), b.min());
    EXPECT_EQ(a.max(), b.max());
    for (std::size_t i = 0; i < a.counts_len(); ++i)
        ASSERT_EQ(a.count_at_index(i), b.count_at_index(i)) << "index " << i;
}

std::string error_of(const result<hdr_histogram>& r) {
    EXPECT_FALSE(r.ok());
    return r.ok() ? std::string() : r.message();
}

TEST(ZigZagLeb128, EncodesTheReferenceVectors) {
    EXPECT_EQ(zz(0), from_hex("00"));
    EXPECT_EQ(zz(-1), from_hex("01"));
    EXPECT_EQ(zz(1), from_hex("02"));
    EXPECT_EQ(zz(63), from_hex("7e"));
    EXPECT_EQ(zz(-64), from_hex("7f"));
    EXPECT_EQ(zz(64), from_hex("8001"));
    EXPECT_EQ(zz(-65), from_hex("8101"));
    EXPECT_EQ(zz(300), from_hex("d804"));
    EXPECT_EQ(zz(-1000), from_hex("cf0f"));
    EXPECT_EQ(zz(INT64_MAX), from_hex("feffffffffffffffff"));
    EXPECT_EQ(zz(INT64_MIN), from_hex("ffffffffffffffffff"));
}

TEST(ZigZagLeb128, DecodesWhatItEncodes) {
    for (std::int64_t v : {std::int64_t{0}, std::int64_t{-1}, std::int64_t{300},
                           std::int64_t{-1000}, INT64_MAX, INT64_MIN, std::int64_t{1} << 56}) {
        const bytes b = zz(v);
        std::size_t pos = 0;
        auto r = read_zigzag_leb128(b, pos);
        ASSERT_TRUE(r.ok());
        EXPECT_EQ(*r, v);
        EXPECT_EQ(pos, b.size());
    }
}

TEST(ZigZagLeb128, TruncatedValueIsAnError) {
    const bytes b = from_hex("8080");
    std::size_t pos = 0;
    auto r = read_zigzag_leb128(b, pos);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("truncated"), std::string::npos);
}

TEST(HdrEncoding, UncompressedV2MatchesTheByteLevelVector) {
    const bytes expected = from_hex(
        "1c849313 0000000a 00000000 00000003 0000000000000001 00000000d693a400 3ff0000000000000"
        "01 04 05 02 c3 0f 06 e5 17 02");
    EXPECT_EQ(encode_v2(vector_histogram()), expected);
}

TEST(HdrEncoding, CompressedV2StartsWithCookieAndLength) {
    auto c = encode_v2_compressed(vector_histogram());
    ASSERT_TRUE(c.ok());
    ASSERT_GE(c->size(), 10u);
    EXPECT_EQ(bytes(c->begin(), c->begin() + 4), from_hex("1c849314"));
    EXPECT_EQ(static_cast<std::size_t>((*c)[7]) + 8, c->size());  // stream length < 256
    EXPECT_EQ((*c)[8], 0x78);                                     // zlib header
    auto text = encode_v2_base64(vector_histogram());
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(text->substr(0, 8), "HISTFAAA");
}

TEST(HdrEncoding, DecodesTheJHiccupLine) {
    auto h = decode_histogram_base64(
        "HISTFAAAAEV42pNpmSzMwMCgyAABTBDKT4GBgdnNYMcCBvsPEBEJISEuATEZMQ4uASkhIR4nrxg9v2lMaxhvMekI"
        "LGZkKmcCAEf2CsI=");
    ASSERT_TRUE(h.ok()) << h.message();
    EXPECT_EQ(h->lowest_discernible_value(), 20000);
    EXPECT_EQ(h->highest_trackable_value(), 3'600'000'000'000);
    EXPECT_EQ(h->significant_figures(), 2);
    EXPECT_EQ(h->total_count(), 741);
    EXPECT_EQ(h->max(), 2'768'895);
    EXPECT_EQ(h->value_at_percentile(50), 344'063);
    EXPECT_EQ(h->value_at_percentile(90), 376'831);
    EXPECT_EQ(h->value_at_percentile(99), 409'599);
    EXPECT_EQ(h->value_at_percentile(99.9), 1'769'471);
    EXPECT_NEAR(h->mean(), 301'998.467, 0.001);
}

TEST(HdrEncoding, DecodesTheByteLevelVectorBack) {
    auto h = decode_histogram(from_hex(
        "1c849313 0000000a 00000000 00000003 0000000000000001 00000000d693a400 3ff0000000000000"
        "01 04 05 02 c3 0f 06 e5 17 02"));
    ASSERT_TRUE(h.ok()) << h.message();
    expect_same_counts(*h, vector_histogram());
    EXPECT_EQ(h->count_at_value(3000), 1);
    EXPECT_EQ(h->counts_index_for(3000), 2524);
}

TEST(HdrEncoding, RoundTripsRandomHistogramsOfSeveralLayouts) {
    struct layout {
        std::int64_t lo, hi;
        int sf;
    };
    const layout layouts[] = {{1, 86'400'000'000'000, 3},    {1, 3'600'000'000, 2},
                              {1000, 3'600'000'000'000, 3},  {1, 1'000'000'000, 5},
                              {20000, 3'600'000'000'000, 1}, {1, 2, 1}};
    std::mt19937_64 gen(42);
    for (const auto& l : layouts) {
        hdr_histogram h = make(l.lo, l.hi, l.sf);
        std::lognormal_distribution<double> d(std::log(static_cast<double>(l.hi)) / 2, 2.0);
        for (int i = 0; i < 5000; ++i) {
            const auto v = std::min<std::int64_t>(static_cast<std::int64_t>(d(gen)), l.hi);
            ASSERT_TRUE(h.record(v, 1 + static_cast<std::int64_t>(gen() % 3)));
        }
        h.record(0);
        auto text = encode_v2_base64(h);
        ASSERT_TRUE(text.ok());
        auto back = decode_histogram_base64(*text);
        ASSERT_TRUE(back.ok()) << back.message();
        expect_same_counts(h, *back);
        auto raw = decode_histogram(encode_v2(h));
        ASSERT_TRUE(raw.ok()) << raw.message();
        expect_same_counts(h, *raw);
    }
}

TEST(HdrEncoding, EmptyHistogramRoundTrips) {
    hdr_histogram h = make(1, 1000, 3);
    EXPECT_EQ(encode_v2(h).size(), 40u);
    auto back = decode_histogram_base64(*encode_v2_base64(h));
    ASSERT_TRUE(back.ok()) << back.message();
    EXPECT_EQ(back->total_count(), 0);
    EXPECT_EQ(back->highest_trackable_value(), 1000);
}

TEST(HdrEncoding, DecodesV1FixedWidthCounts) {
    // V1, 8-byte words: counts[1] = 2, counts[5] = 1 in a 1 .. 3.6e9 / 3-figure layout.
    bytes b = from_hex(
        "1c849381 00000030 00000000 00000003 0000000000000001 00000000d693a400 3ff0000000000000");
    bytes counts(48, 0);
    counts[15] = 2;
    counts[47] = 1;
    b.insert(b.end(), counts.begin(), counts.end());
    auto h = decode_histogram(b);
    ASSERT_TRUE(h.ok()) << h.message();
    EXPECT_EQ(h->total_count(), 3);
    EXPECT_EQ(h->count_at_value(1), 2);
    EXPECT_EQ(h->count_at_value(5), 1);
}

TEST(HdrEncoding, MalformedInputsAreNamedErrors) {
    EXPECT_NE(error_of(decode_histogram_base64("HIST!AAA")).find("bad base64"), std::string::npos);
    EXPECT_NE(error_of(decode_histogram_base64("HISTF")).find("bad base64"), std::string::npos);
    EXPECT_NE(error_of(decode_histogram(from_hex("12345678 0000"))).find("cookie 0x12345678"),
              std::string::npos);
    EXPECT_NE(error_of(decode_histogram(from_hex("1c84"))).find("truncated"), std::string::npos);
    bytes raw = encode_v2(vector_histogram());
    raw.resize(45);
    EXPECT_NE(error_of(decode_histogram(raw)).find("truncated"), std::string::npos);
    bytes comp = *encode_v2_compressed(vector_histogram());
    comp.resize(comp.size() - 3);
    EXPECT_NE(error_of(decode_histogram(comp)).find("truncated"), std::string::npos);
    EXPECT_NE(error_of(decode_histogram(from_hex("1c849314 00000004 01020304"))).find("zlib"),
              std::string::npos);
    // A zero run past the 23 552 counts of the layout.
    bytes past = from_hex(
        "1c849313 00000004 00000000 00000003 0000000000000001 00000000d693a400 3ff0000000000000"
        "ff ff 03 02");
    EXPECT_NE(error_of(decode_histogram(past)).find("past counts_len 23552"), std::string::npos);
    bytes sf = encode_v2(vector_histogram());
    sf[15] = 9;
    EXPECT_NE(error_of(decode_histogram(sf)).find("significant figures"), std::string::npos);
}

TEST(HdrEncoding, CorruptedEncodingsNeverCrash) {
    hdr_histogram h = vector_histogram();
    const bytes good = *encode_v2_compressed(h);
    const bytes raw = encode_v2(h);
    std::mt19937 gen(7);
    int decoded = 0;
    for (int i = 0; i < 3000; ++i) {
        bytes b = i % 2 ? good : raw;
        const int flips = 1 + static_cast<int>(gen() % 4);
        for (int k = 0; k < flips; ++k)
            b[gen() % b.size()] ^= static_cast<std::uint8_t>(1u << (gen() % 8));
        if (decode_histogram(b).ok()) ++decoded;
        hdr_count_sum sum;
        (void)sum.add_base64(base64_encode(b));
    }
    EXPECT_LT(decoded, 3000);  // most corruptions are detected; none crashes (ASan run)
}

}  // namespace
}  // namespace ringperf::metrics

namespace ringperf::metrics {
namespace {

TEST(HdrCountSum, AddsEncodingsLikeHistogramsAdd) {
    std::mt19937_64 gen(5);
    hdr_histogram sum = make(1, 86'400'000'000'000, 3);
    hdr_count_sum counts;
    EXPECT_TRUE(counts.empty());
    for (int part = 0; part < 5; ++part) {
        hdr_histogram h = make(1, 86'400'000'000'000, 3);
        for (int i = 0; i < 300; ++i)
            h.record(static_cast<std::int64_t>(gen() % 500'000'000));
        sum.add(h);
        ASSERT_TRUE(counts.add_base64(*encode_v2_base64(h)).ok());
    }
    EXPECT_EQ(counts.total_count(), 1500);
    EXPECT_EQ(counts.max(), sum.max());
    auto text = counts.encode_base64();
    ASSERT_TRUE(text.ok());
    EXPECT_EQ(*text, *encode_v2_base64(sum));
    counts.clear();
    EXPECT_TRUE(counts.empty());
    EXPECT_EQ(counts.max(), 0);
    hdr_histogram one = make(1, 86'400'000'000'000, 3);
    one.record(1000);
    ASSERT_TRUE(counts.add_base64(*encode_v2_base64(one)).ok());
    EXPECT_EQ(*counts.encode_base64(), *encode_v2_base64(one));
}

TEST(HdrCountSum, OtherLayoutsAndBadInputAreErrors) {
    hdr_count_sum counts;
    ASSERT_TRUE(counts.add_base64(*encode_v2_base64(vector_histogram())).ok());
    hdr_histogram other = make(1, 1000, 2);
    other.record(5);
    auto r = counts.add_base64(*encode_v2_base64(other));
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.message(), "histogram layout (1, 1000, 2) differs from (1, 3600000000, 3)");
    EXPECT_FALSE(counts.add_base64("HIST!").ok());
    EXPECT_EQ(counts.total_count(), 7);
}

TEST(HdrEncodingSince, EncodesTheValuesRecordedSinceTheSnapshot) {
    std::mt19937_64 gen(11);
    hdr_histogram running = make(1, 86'400'000'000'000, 3);
    for (int i = 0; i < 500; ++i)
        running.record(static_cast<std::int64_t>(gen() % 900'000'000));
    hdr_snapshot since;
    auto first = encode_v2_base64_since(running, since);
    ASSERT_TRUE(first.ok()) << first.message();
    EXPECT_EQ(*first, *encode_v2_base64(running)) << "a new snapshot is an empty histogram";
    for (int interval = 0; interval < 4; ++interval) {
        hdr_histogram alone = make(1, 86'400'000'000'000, 3);
        // Below the earlier maximum at first, then reaching past it.
        const std::int64_t top = interval < 2 ? 1'000'000 : 5'000'000'000;
        for (int i = 0; i < 200; ++i) {
            const auto v = static_cast<std::int64_t>(gen() % static_cast<std::uint64_t>(top));
            running.record(v);
            alone.record(v);
        }
        auto text = encode_v2_base64_since(running, since);
        ASSERT_TRUE(text.ok()) << text.message();
        EXPECT_EQ(*text, *encode_v2_base64(alone)) << "interval " << interval;
    }
}

TEST(HdrEncodingSince, NothingRecordedSinceGivesEmptyText) {
    hdr_histogram h = make(1, 3'600'000'000, 3);
    hdr_snapshot since;
    EXPECT_EQ(*encode_v2_base64_since(h, since), "") << "empty histogram, new snapshot";
    h.record(42);
    EXPECT_FALSE(encode_v2_base64_since(h, since)->empty());
    EXPECT_EQ(*encode_v2_base64_since(h, since), "");
}

TEST(HdrEncodingSince, OtherLayoutsAndLostCountsAreErrorsThatKeepTheSnapshot) {
    hdr_histogram h = make(1, 3'600'000'000, 3);
    h.record(42);
    h.record(7);
    hdr_snapshot since;
    ASSERT_TRUE(encode_v2_base64_since(h, since).ok());
    hdr_histogram other = make(1, 1000, 2);
    other.record(42);
    auto r = encode_v2_base64_since(other, since);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.message(), "a histogram of another layout than its snapshot");
    hdr_histogram fewer = make(1, 3'600'000'000, 3);
    fewer.record(7);
    r = encode_v2_base64_since(fewer, since);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.message(), "a histogram cannot lose counts since its snapshot");
    h.record(1000);
    hdr_histogram alone = make(1, 3'600'000'000, 3);
    alone.record(1000);
    EXPECT_EQ(*encode_v2_base64_since(h, since), *encode_v2_base64(alone))
        << "the failed calls left the snapshot as it was";
}

}  // namespace
}  // namespace ringperf::metrics
