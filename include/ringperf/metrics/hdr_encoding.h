// HdrHistogram's binary encodings, as in the `HISTF...` column of .hlog files, so that
// HdrHistogram (Java), HdrHistogram_c, hdrhistogram-py and hdr-histogram-js read ringperf's
// histograms and ringperf reads theirs (docs/metrics.md, "Histograms, .hlog files and merge").
//
// V2 uncompressed: a 40-byte big-endian header (cookie 0x1c849313, payload length,
// normalizing index offset 0, significant figures, lowest discernible, highest trackable,
// integer-to-double ratio 1.0) and the counts up to the maximum's index, each non-zero count
// as ZigZag LEB128 and each run of k zero counts as the single value -k.
// V2 compressed: cookie 0x1c849314, the zlib stream's length, the zlib stream of the above.
// Text: standard base64 (padded) of the compressed form.
//
// Decoding accepts V2 and V1 (fixed-width big-endian counts; cookies 0x1c849301 and
// 0x1c849302 with the word size in bits 4..7), compressed or not. Every malformed input is a
// result error naming the problem; nothing is trusted, so hostile input cannot crash or
// exhaust memory (the inflated size is bounded).
//
// Thread-safety: the functions are pure; set-up / end-of-interval code (they allocate).
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"
#include "ringperf/metrics/hdr_histogram.h"

namespace ringperf::metrics {

inline constexpr std::uint32_t hdr_v2_encoding_cookie = 0x1c849313;
inline constexpr std::uint32_t hdr_v2_compressed_cookie = 0x1c849314;

// Appends `v` as ZigZag LEB128: 1 to 9 bytes, the 9th carrying 8 bits.
void append_zigzag_leb128(std::vector<std::uint8_t>& out, std::int64_t v);
// Reads one ZigZag LEB128 value at `pos`, advancing it; fails when the input ends inside
// the value.
result<std::int64_t> read_zigzag_leb128(std::span<const std::uint8_t> in, std::size_t& pos);

// Standard base64 with padding.
std::string base64_encode(std::span<const std::uint8_t> bytes);
// Fails on characters outside the alphabet, bad padding or a length not a multiple of 4;
// surrounding ASCII whitespace is ignored.
result<std::vector<std::uint8_t>> base64_decode(std::string_view text);

// Uncompressed V2 encoding of `h`.
std::vector<std::uint8_t> encode_v2(const hdr_histogram& h);
// Compressed V2 encoding (zlib default level). Fails only when zlib does.
result<std::vector<std::uint8_t>> encode_v2_compressed(const hdr_histogram& h);
// base64 of encode_v2_compressed: the text of an .hlog data line ("HISTFAAA...").
result<std::string> encode_v2_base64(const hdr_histogram& h);
// A histogram's non-zero counters at one moment, for encoding the values it got since then
// (the interval logs of a running histogram). A new snapshot stands for an empty histogram of
// any layout. Memory: 16 bytes per non-zero counter, reused from one interval to the next.
class hdr_snapshot {
  private:
    friend result<std::string> encode_v2_base64_since(const hdr_histogram& now,
                                                      hdr_snapshot& since);
    struct counter {
        std::uint32_t index;
        std::int64_t count;
    };
    std::vector<counter> counts_, next_, diff_;  // sorted by index; next_, diff_: scratch
    bool taken_ = false;
    int significant_figures_ = 0;
    std::int64_t lowest_ = 0, highest_ = 0;
};

// encode_v2_base64 of the histogram holding the values recorded into `now` since `since` was
// last taken (all of them for a new snapshot): the same text as encoding a histogram that got
// only those values; empty text when there are none. Then `since` holds `now`'s counts. One
// pass over `now`'s counters up to its largest value; no allocation once the snapshot's
// vectors have grown. Fails, leaving `since` as it was, when the layout is not the
// snapshot's or a counter is below the snapshot's.
result<std::string> encode_v2_base64_since(const hdr_histogram& now, hdr_snapshot& since);

// Decodes a V2 or V1 histogram, compressed or not (told by its cookie). The histogram gets
// the encoded layout; its min and max are the lowest / highest equivalent values of the
// lowest and highest non-empty buckets.
result<hdr_histogram> decode_histogram(std::span<const std::uint8_t> bytes);
// base64_decode, then decode_histogram.
result<hdr_histogram> decode_histogram_base64(std::string_view text);

// The sum of encoded histograms of one layout kept as a plain counts array, for adding many
// encoded histograms cheaply: no histogram is set up (and no counter page mapped) per
// addition, which is what the end-of-run merge of interval logs does thousands of times.
// Memory: counts_len int64 counters, allocated at the first addition and kept by clear().
class hdr_count_sum {
  public:
    // Adds a base64 V2 or V1 histogram, compressed or not. The first one fixes the layout;
    // another layout, malformed input or a count overflow is an error (and the sum may then
    // hold part of that histogram).
    result<void> add_base64(std::string_view text);
    bool empty() const noexcept { return total_ == 0; }
    std::int64_t total_count() const noexcept { return total_; }
    // Highest equivalent value of the largest non-empty bucket; 0 when empty.
    std::int64_t max() const noexcept;
    // encode_v2_base64 of a histogram holding these counts.
    result<std::string> encode_base64() const;
    // Empties the sum, keeping its layout and memory.
    void clear() noexcept;

  private:
    std::vector<std::int64_t> counts_;
    std::size_t used_ = 0;  // 1 + the highest index with a count
    std::int64_t total_ = 0;
    int significant_figures_ = 0;
    std::int64_t lowest_ = 0, highest_ = 0;
};

}  // namespace ringperf::metrics
