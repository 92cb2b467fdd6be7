#include "ringperf/metrics/hdr_encoding.h"

#include <zlib.h>

#include <algorithm>
#include <bit>
#include <cstdio>

namespace ringperf::metrics {
namespace {

constexpr std::size_t header_bytes = 40;
constexpr std::uint32_t v2_encoding_base = 0x1c849303;
constexpr std::uint32_t v2_compressed_base = 0x1c849304;
constexpr std::uint32_t v1_encoding_base = 0x1c849301;
constexpr std::uint32_t v1_compressed_base = 0x1c849302;
// The largest legitimate encoding (5 significant figures over the whole int64 range, 9
// bytes per count) is about 30 MB; anything inflating past this is not a histogram.
constexpr std::size_t max_inflated_bytes = std::size_t{64} << 20;

void put_be(std::vector<std::uint8_t>& out, std::uint64_t v, int bytes) {
    for (int i = bytes - 1; i >= 0; --i)
        out.push_back(static_cast<std::uint8_t>(v >> (8 * i)));
}

std::uint64_t get_be(std::span<const std::uint8_t> in, std::size_t pos, int bytes) {
    std::uint64_t v = 0;
    for (int i = 0; i < bytes; ++i)
        v = (v << 8) | in[pos + static_cast<std::size_t>(i)];
    return v;
}

std::string hex32(std::uint32_t v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "0x%08x", v);
    return buf;
}

// The decoded header fields both V1 and V2 share.
struct header {
    std::uint32_t cookie = 0;
    std::int64_t payload_len = 0;
    std::int32_t index_offset = 0;
    std::int32_t significant_figures = 0;
    std::int64_t lowest = 0;
    std::int64_t highest = 0;
};

header read_header(std::span<const std::uint8_t> in) {
    header h;
    h.cookie = static_cast<std::uint32_t>(get_be(in, 0, 4));
    h.payload_len = static_cast<std::int32_t>(get_be(in, 4, 4));
    h.index_offset = static_cast<std::int32_t>(get_be(in, 8, 4));
    h.significant_figures = static_cast<std::int32_t>(get_be(in, 12, 4));
    h.lowest = static_cast<std::int64_t>(get_be(in, 16, 8));
    h.highest = static_cast<std::int64_t>(get_be(in, 24, 8));
    return h;
}

// The lowest value of counts index `index` for a histogram of this layout (the formula of
// hdr_histogram::value_at_index, which is private).
struct index_map {
    int unit_magnitude = 0;
    int half_magnitude = 0;

    index_map(std::int64_t lowest, int significant_figures) {
        unit_magnitude = 63 - std::countl_zero(static_cast<std::uint64_t>(lowest));
        std::int64_t single_unit = 2;
        for (int i = 0; i < significant_figures; ++i)
            single_unit *= 10;
        int m = 0;
        while ((std::int64_t{1} << m) < single_unit)
            ++m;
        half_magnitude = std::max(m, 1) - 1;
    }
    explicit index_map(const hdr_histogram& h)
        : index_map(h.lowest_discernible_value(), h.significant_figures()) {}
    std::int64_t value_at(std::size_t index) const {
        const auto i = static_cast<std::int64_t>(index);
        const std::int64_t half_count = std::int64_t{1} << half_magnitude;
        int bucket = static_cast<int>(i >> half_magnitude) - 1;
        std::int64_t sub = (i & (half_count - 1)) + half_count;
        if (bucket < 0) {
            sub -= half_count;
            bucket = 0;
        }
        return sub << (bucket + unit_magnitude);
    }
};

// Checks a decoded count and the running total before a sink takes it.
result<void> check_count(std::size_t index, std::size_t counts_len, std::int64_t count,
                         std::int64_t& total) {
    if (index >= counts_len) {
        return make_error("histogram payload runs past counts_len " + std::to_string(counts_len) +
                          " (index " + std::to_string(index) + ")");
    }
    if (count < 0) return make_error("negative count at index " + std::to_string(index));
    if (__builtin_add_overflow(total, count, &total))
        return make_error("histogram total count overflows int64");
    return {};
}

// Feeds every non-zero count of a V2 payload to sink(index, count) -> result<void>.
template <typename Sink>
result<void> read_v2_counts(std::span<const std::uint8_t> payload, std::size_t counts_len,
                            Sink&& sink) {
    std::size_t pos = 0, index = 0;
    std::int64_t total = 0;
    while (pos < payload.size()) {
        auto v = read_zigzag_leb128(payload, pos);
        if (!v) return v.err();
        if (*v < 0) {
            const std::uint64_t zeros = 0 - static_cast<std::uint64_t>(*v);
            if (zeros > counts_len - index) {
                return make_error("histogram payload runs past counts_len " +
                                  std::to_string(counts_len) + " (a run of " +
                                  std::to_string(zeros) + " zeros at index " +
                                  std::to_string(index) + ")");
            }
            index += static_cast<std::size_t>(zeros);
            continue;
        }
        if (auto r = check_count(index, counts_len, *v, total); !r) return r;
        if (*v > 0)
            if (auto r = sink(index, *v); !r) return r;
        ++index;
    }
    return {};
}

template <typename Sink>
result<void> read_v1_counts(std::span<const std::uint8_t> payload, int word_size,
                            std::size_t counts_len, Sink&& sink) {
    if (payload.size() % static_cast<std::size_t>(word_size) != 0) {
        return make_error("V1 histogram payload of " + std::to_string(payload.size()) +
                          " bytes is not a multiple of its word size " + std::to_string(word_size));
    }
    std::int64_t total = 0;
    const std::size_t n = payload.size() / static_cast<std::size_t>(word_size);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t raw =
            get_be(payload, i * static_cast<std::size_t>(word_size), word_size);
        // Narrower words are signed too; sign-extend them.
        const int shift = 64 - 8 * word_size;
        const auto count = static_cast<std::int64_t>(raw << shift) >> shift;
        if (auto r = check_count(i, counts_len, count, total); !r) return r;
        if (count > 0)
            if (auto r = sink(i, count); !r) return r;
    }
    return {};
}

// A validated uncompressed encoding: its header and payload.
struct parsed_encoding {
    header hd;
    bool v2 = true;
    int word_size = 1;
    std::span<const std::uint8_t> payload;
};

result<parsed_encoding> parse_uncompressed(std::span<const std::uint8_t> in) {
    if (in.size() >= 4) {
        const auto cookie = static_cast<std::uint32_t>(get_be(in, 0, 4));
        const std::uint32_t base = cookie & ~0xf0u;
        if (base != v2_encoding_base && base != v1_encoding_base)
            return make_error("not an HdrHistogram encoding: cookie " + hex32(cookie));
    }
    if (in.size() < header_bytes) {
        return make_error("histogram encoding truncated: " + std::to_string(in.size()) +
                          " bytes, the header needs 40");
    }
    parsed_encoding p;
    p.hd = read_header(in);
    p.v2 = (p.hd.cookie & ~0xf0u) == v2_encoding_base;
    p.word_size = static_cast<int>((p.hd.cookie & 0xf0u) >> 4);
    if (!p.v2 && p.word_size != 2 && p.word_size != 4 && p.word_size != 8)
        return make_error("V1 histogram with unsupported word size " + std::to_string(p.word_size));
    if (p.hd.payload_len < 0 ||
        static_cast<std::uint64_t>(p.hd.payload_len) > in.size() - header_bytes) {
        return make_error("histogram encoding truncated: payload of " +
                          std::to_string(p.hd.payload_len) + " bytes, " +
                          std::to_string(in.size() - header_bytes) + " present");
    }
    if (p.hd.index_offset != 0)
        return make_error("unsupported normalizing index offset " +
                          std::to_string(p.hd.index_offset));
    p.payload = in.subspan(header_bytes, static_cast<std::size_t>(p.hd.payload_len));
    return p;
}

template <typename Sink>
result<void> read_counts(const parsed_encoding& p, std::size_t counts_len, Sink&& sink) {
    return p.v2 ? read_v2_counts(p.payload, counts_len, sink)
                : read_v1_counts(p.payload, p.word_size, counts_len, sink);
}

result<hdr_histogram> decode_uncompressed(std::span<const std::uint8_t> in) {
    auto p = parse_uncompressed(in);
    if (!p) return p.err();
    auto h = hdr_histogram::create(p->hd.lowest, p->hd.highest, p->hd.significant_figures);
    if (!h) return make_error("bad histogram header: " + h.message());
    const index_map map(*h);
    auto r = read_counts(*p, h->counts_len(), [&](std::size_t index, std::int64_t count) {
        if (h->record(map.value_at(index), count)) return result<void>();
        return result<void>(make_error("count at index " + std::to_string(index) +
                                       " lies above the highest trackable value " +
                                       std::to_string(h->highest_trackable_value())));
    });
    if (!r) return r.err();
    return h;
}

// zlib streams kept per thread and reset between uses: setting one up allocates and clears
// a few hundred KB (deflate's hash table and window), which costs far more than compressing
// or inflating one interval's histogram.
struct deflater {
    z_stream zs{};
    bool ok = false;
    deflater() { ok = deflateInit(&zs, Z_DEFAULT_COMPRESSION) == Z_OK; }
    ~deflater() {
        if (ok) deflateEnd(&zs);
    }
    deflater(const deflater&) = delete;
    deflater& operator=(const deflater&) = delete;
};

struct inflater {
    z_stream zs{};
    bool ok = false;
    inflater() { ok = inflateInit(&zs) == Z_OK; }
    ~inflater() {
        if (ok) inflateEnd(&zs);
    }
    inflater(const inflater&) = delete;
    inflater& operator=(const inflater&) = delete;
};

result<std::vector<std::uint8_t>> inflate_bounded(std::span<const std::uint8_t> in) {
    thread_local inflater z;
    if (!z.ok || inflateReset(&z.zs) != Z_OK) return make_error("zlib inflateInit failed");
    z_stream& zs = z.zs;
    std::vector<std::uint8_t> out(std::max<std::size_t>(in.size() * 4, 256));
    zs.next_in = const_cast<Bytef*>(in.data());  // zlib's API is not const-correct
    zs.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (zs.total_out == out.size()) {
            if (out.size() >= max_inflated_bytes)
                return make_error("compressed histogram inflates past 64 MiB");
            out.resize(std::min(out.size() * 2, max_inflated_bytes));
        }
        zs.next_out = out.data() + zs.total_out;
        zs.avail_out = static_cast<uInt>(out.size() - zs.total_out);
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) rc = Z_DATA_ERROR;
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            return make_error(std::string("zlib failed on the compressed histogram: ") +
                              (zs.msg ? zs.msg : "truncated stream"));
        }
    }
    out.resize(zs.total_out);
    return out;
}

constexpr char b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

int b64_value(char c) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (c >= '0' && c <= '9') return c - '0' + 52;
    if (c == '+') return 62;
    if (c == '/') return 63;
    return -1;
}

bool is_space(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

void append_zigzag_leb128(std::vector<std::uint8_t>& out, std::int64_t v) {
    auto z = (static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63);
    for (int i = 0; i < 8; ++i) {
        if (z < 0x80) {
            out.push_back(static_cast<std::uint8_t>(z));
            return;
        }
        out.push_back(static_cast<std::uint8_t>((z & 0x7f) | 0x80));
        z >>= 7;
    }
    out.push_back(static_cast<std::uint8_t>(z));
}

result<std::int64_t> read_zigzag_leb128(std::span<const std::uint8_t> in, std::size_t& pos) {
    std::uint64_t z = 0;
    for (int i = 0; i < 9; ++i) {
        if (pos >= in.size()) return make_error("histogram payload truncated inside a count");
        const std::uint8_t b = in[pos++];
        if (i == 8) {
            z |= std::uint64_t{b} << 56;
            break;
        }
        z |= std::uint64_t{b & 0x7fu} << (7 * i);
        if ((b & 0x80) == 0) break;
    }
    return static_cast<std::int64_t>(z >> 1) ^ -static_cast<std::int64_t>(z & 1);
}

std::string base64_encode(std::span<const std::uint8_t> bytes) {
    std::string out;
    out.reserve((bytes.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 3 <= bytes.size(); i += 3) {
        const std::uint32_t v =
            (std::uint32_t{bytes[i]} << 16) | (std::uint32_t{bytes[i + 1]} << 8) | bytes[i + 2];
        for (int s = 18; s >= 0; s -= 6)
            out.push_back(b64_alphabet[(v >> s) & 63]);
    }
    const std::size_t rest = bytes.size() - i;
    if (rest > 0) {
        std::uint32_t v = std::uint32_t{bytes[i]} << 16;
        if (rest == 2) v |= std::uint32_t{bytes[i + 1]} << 8;
        out.push_back(b64_alphabet[(v >> 18) & 63]);
        out.push_back(b64_alphabet[(v >> 12) & 63]);
        out.push_back(rest == 2 ? b64_alphabet[(v >> 6) & 63] : '=');
        out.push_back('=');
    }
    return out;
}

result<std::vector<std::uint8_t>> base64_decode(std::string_view text) {
    while (!text.empty() && is_space(text.front()))
        text.remove_prefix(1);
    while (!text.empty() && is_space(text.back()))
        text.remove_suffix(1);
    if (text.size() % 4 != 0) {
        return make_error("bad base64: length " + std::to_string(text.size()) +
                          " is not a multiple of 4");
    }
    std::vector<std::uint8_t> out;
    out.reserve(text.size() / 4 * 3);
    for (std::size_t i = 0; i < text.size(); i += 4) {
        int pad = 0;
        if (i + 4 == text.size() && text[i + 3] == '=') pad = text[i + 2] == '=' ? 2 : 1;
        std::uint32_t v = 0;
        for (std::size_t k = 0; k < 4 - static_cast<std::size_t>(pad); ++k) {
            const char c = text[i + k];
            const int d = b64_value(c);
            if (d < 0) {
                return make_error("bad base64: unexpected character '" + std::string(1, c) +
                                  "' at offset " + std::to_string(i + k));
            }
            v = (v << 6) | static_cast<std::uint32_t>(d);
        }
        v <<= 6 * pad;
        out.push_back(static_cast<std::uint8_t>(v >> 16));
        if (pad < 2) out.push_back(static_cast<std::uint8_t>(v >> 8));
        if (pad < 1) out.push_back(static_cast<std::uint8_t>(v));
    }
    return out;
}

namespace {

// The uncompressed V2 encoding of counts[0 .. n) given by count(i), in a layout.
template <typename Count>
std::vector<std::uint8_t> encode_counts(int significant_figures, std::int64_t lowest,
                                        std::int64_t highest, std::size_t n, Count&& count) {
    std::vector<std::uint8_t> out;
    out.reserve(header_bytes + 64);
    put_be(out, hdr_v2_encoding_cookie, 4);
    put_be(out, 0, 4);  // payload length, filled in below
    put_be(out, 0, 4);  // normalizing index offset
    put_be(out, static_cast<std::uint64_t>(significant_figures), 4);
    put_be(out, static_cast<std::uint64_t>(lowest), 8);
    put_be(out, static_cast<std::uint64_t>(highest), 8);
    put_be(out, std::bit_cast<std::uint64_t>(1.0), 8);
    std::int64_t zeros = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const std::int64_t c = count(i);
        if (c == 0) {
            ++zeros;
            continue;
        }
        if (zeros > 0) append_zigzag_leb128(out, -zeros);
        zeros = 0;
        append_zigzag_leb128(out, c);
    }
    const auto payload = static_cast<std::uint32_t>(out.size() - header_bytes);
    for (int i = 0; i < 4; ++i)
        out[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(payload >> (24 - 8 * i));
    return out;
}

result<std::vector<std::uint8_t>> compress_encoding(const std::vector<std::uint8_t>& raw) {
    thread_local deflater z;
    if (!z.ok || deflateReset(&z.zs) != Z_OK)
        return make_error("zlib failed to compress a histogram");
    const uLong bound = deflateBound(&z.zs, static_cast<uLong>(raw.size()));
    std::vector<std::uint8_t> out(8 + bound);
    z.zs.next_in = const_cast<Bytef*>(raw.data());  // zlib's API is not const-correct
    z.zs.avail_in = static_cast<uInt>(raw.size());
    z.zs.next_out = out.data() + 8;
    z.zs.avail_out = static_cast<uInt>(bound);
    if (deflate(&z.zs, Z_FINISH) != Z_STREAM_END)
        return make_error("zlib failed to compress a histogram");
    const uLong len = z.zs.total_out;
    out.resize(8 + len);
    std::vector<std::uint8_t> head;
    put_be(head, hdr_v2_compressed_cookie, 4);
    put_be(head, len, 4);
    std::copy(head.begin(), head.end(), out.begin());
    return out;
}

// The uncompressed encoding held by `bytes`: `bytes` itself, or its zlib stream inflated into
// `storage`.
result<std::span<const std::uint8_t>> uncompressed(std::span<const std::uint8_t> bytes,
                                                   std::vector<std::uint8_t>& storage) {
    if (bytes.size() < 4)
        return make_error("histogram encoding truncated: " + std::to_string(bytes.size()) +
                          " bytes, no cookie");
    const auto cookie = static_cast<std::uint32_t>(get_be(bytes, 0, 4));
    const std::uint32_t base = cookie & ~0xf0u;
    if (base != v2_compressed_base && base != v1_compressed_base) return bytes;
    if (bytes.size() < 8)
        return make_error("compressed histogram truncated: " + std::to_string(bytes.size()) +
                          " bytes, the header needs 8");
    const std::uint64_t len = get_be(bytes, 4, 4);
    if (len > bytes.size() - 8) {
        return make_error("compressed histogram truncated: zlib stream of " + std::to_string(len) +
                          " bytes, " + std::to_string(bytes.size() - 8) + " present");
    }
    auto raw = inflate_bounded(bytes.subspan(8, static_cast<std::size_t>(len)));
    if (!raw) return raw.err();
    storage = std::move(*raw);
    if (storage.size() >= 4) {
        const auto inner = static_cast<std::uint32_t>(get_be(storage, 0, 4));
        const std::uint32_t want = base == v2_compressed_base ? v2_encoding_base : v1_encoding_base;
        if ((inner & ~0xf0u) != want) {
            return make_error("compressed histogram " + hex32(cookie) +
                              " holds a different encoding: cookie " + hex32(inner));
        }
    }
    return std::span<const std::uint8_t>(storage);
}

}  // namespace

std::vector<std::uint8_t> encode_v2(const hdr_histogram& h) {
    const std::size_t n =
        h.total_count() > 0 ? static_cast<std::size_t>(h.counts_index_for(h.max())) + 1 : 0;
    return encode_counts(h.significant_figures(), h.lowest_discernible_value(),
                         h.highest_trackable_value(), n,
                         [&h](std::size_t i) { return h.count_at_index(i); });
}

result<std::vector<std::uint8_t>> encode_v2_compressed(const hdr_histogram& h) {
    return compress_encoding(encode_v2(h));
}

result<std::string> encode_v2_base64(const hdr_histogram& h) {
    auto bytes = encode_v2_compressed(h);
    if (!bytes) return bytes.err();
    return base64_encode(*bytes);
}

bool zero_block(const hdr_histogram& h, std::size_t at) noexcept {
    std::int64_t any = 0;
    for (std::size_t k = 0; k < 8; ++k)
        any |= h.count_at_index(at + k);
    return any == 0;
}

// One walk over now's counters up to its largest value, merged with the snapshot's sorted
// non-zero counters: the differences (sparse) and the next snapshot come out together.
result<std::string> encode_v2_base64_since(const hdr_histogram& now, hdr_snapshot& since) {
    if (since.taken_ && (since.significant_figures_ != now.significant_figures() ||
                         since.lowest_ != now.lowest_discernible_value() ||
                         since.highest_ != now.highest_trackable_value()))
        return make_error("a histogram of another layout than its snapshot");
    const std::size_t end =
        now.total_count() > 0 ? static_cast<std::size_t>(now.counts_index_for(now.max())) + 1 : 0;
    auto& next = since.next_;
    auto& diff = since.diff_;
    next.clear();
    diff.clear();
    std::size_t j = 0;
    for (std::size_t i = 0; i < end; ++i) {
        // Most counters are zero in both: skip them eight at a time up to the snapshot's next.
        const std::size_t stop = j < since.counts_.size() ? since.counts_[j].index : end;
        while (i + 8 <= stop && zero_block(now, i))
            i += 8;
        if (i >= end) break;
        const std::int64_t c = now.count_at_index(i);
        std::int64_t b = 0;
        if (i == stop && j < since.counts_.size()) b = since.counts_[j++].count;
        if (c < b) return make_error("a histogram cannot lose counts since its snapshot");
        if (c != b) diff.push_back({static_cast<std::uint32_t>(i), c - b});
        if (c != 0) next.push_back({static_cast<std::uint32_t>(i), c});
    }
    if (j < since.counts_.size())
        return make_error("a histogram cannot lose counts since its snapshot");
    since.counts_.swap(next);
    since.taken_ = true;
    since.significant_figures_ = now.significant_figures();
    since.lowest_ = now.lowest_discernible_value();
    since.highest_ = now.highest_trackable_value();
    if (diff.empty()) return std::string();
    std::size_t k = 0;
    auto bytes = compress_encoding(encode_counts(
        now.significant_figures(), now.lowest_discernible_value(), now.highest_trackable_value(),
        std::size_t{diff.back().index} + 1, [&](std::size_t i) -> std::int64_t {
            if (k < diff.size() && diff[k].index == i) return diff[k++].count;
            return 0;
        }));
    if (!bytes) return bytes.err();
    return base64_encode(*bytes);
}

result<hdr_histogram> decode_histogram(std::span<const std::uint8_t> bytes) {
    std::vector<std::uint8_t> storage;
    auto raw = uncompressed(bytes, storage);
    if (!raw) return raw.err();
    return decode_uncompressed(*raw);
}

result<hdr_histogram> decode_histogram_base64(std::string_view text) {
    auto bytes = base64_decode(text);
    if (!bytes) return bytes.err();
    return decode_histogram(*bytes);
}

result<void> hdr_count_sum::add_base64(std::string_view text) {
    auto bytes = base64_decode(text);
    if (!bytes) return bytes.err();
    std::vector<std::uint8_t> storage;
    auto raw = uncompressed(*bytes, storage);
    if (!raw) return raw.err();
    auto p = parse_uncompressed(*raw);
    if (!p) return p.err();
    const header& hd = p->hd;
    if (counts_.empty()) {
        // A histogram only for the layout's counts_len: creating one touches no counter page.
        auto h = hdr_histogram::create(hd.lowest, hd.highest, hd.significant_figures);
        if (!h) return make_error("bad histogram header: " + h.message());
        significant_figures_ = hd.significant_figures;
        lowest_ = hd.lowest;
        highest_ = hd.highest;
        counts_.assign(h->counts_len(), 0);
    } else if (hd.significant_figures != significant_figures_ || hd.lowest != lowest_ ||
               hd.highest != highest_) {
        return make_error("histogram layout (" + std::to_string(hd.lowest) + ", " +
                          std::to_string(hd.highest) + ", " +
                          std::to_string(hd.significant_figures) + ") differs from (" +
                          std::to_string(lowest_) + ", " + std::to_string(highest_) + ", " +
                          std::to_string(significant_figures_) + ")");
    }
    std::int64_t added = 0;
    auto r = read_counts(*p, counts_.size(), [&](std::size_t index, std::int64_t count) {
        if (__builtin_add_overflow(counts_[index], count, &counts_[index]) ||
            __builtin_add_overflow(added, count, &added))
            return result<void>(make_error("histogram counts overflow int64"));
        used_ = std::max(used_, index + 1);
        return result<void>();
    });
    if (!r) return r;
    if (__builtin_add_overflow(total_, added, &total_))
        return make_error("histogram total count overflows int64");
    return {};
}

std::int64_t hdr_count_sum::max() const noexcept {
    if (total_ == 0) return 0;
    // The highest value of the last non-empty index is one below the next index's lowest.
    return index_map(lowest_, significant_figures_).value_at(used_) - 1;
}

result<std::string> hdr_count_sum::encode_base64() const {
    const auto raw = encode_counts(significant_figures_, lowest_, highest_, used_,
                                   [this](std::size_t i) { return counts_[i]; });
    auto c = compress_encoding(raw);
    if (!c) return c.err();
    return base64_encode(*c);
}

void hdr_count_sum::clear() noexcept {
    std::fill(counts_.begin(), counts_.begin() + static_cast<std::ptrdiff_t>(used_), 0);
    used_ = 0;
    total_ = 0;
}

}  // namespace ringperf::metrics
