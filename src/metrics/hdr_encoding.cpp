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

    explicit index_map(const hdr_histogram& h) {
        unit_magnitude =
            63 - std::countl_zero(static_cast<std::uint64_t>(h.lowest_discernible_value()));
        std::int64_t single_unit = 2;
        for (int i = 0; i < h.significant_figures(); ++i)
            single_unit *= 10;
        int m = 0;
        while ((std::int64_t{1} << m) < single_unit)
            ++m;
        half_magnitude = std::max(m, 1) - 1;
    }
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

// Adds `count` at counts index `index` of `h`, guarding what a hostile payload could break.
result<void> put_count(hdr_histogram& h, const index_map& map, std::size_t index,
                       std::int64_t count, std::int64_t& total) {
    if (index >= h.counts_len()) {
        return make_error("histogram payload runs past counts_len " +
                          std::to_string(h.counts_len()) + " (index " + std::to_string(index) +
                          ")");
    }
    if (count == 0) return {};
    if (count < 0) return make_error("negative count at index " + std::to_string(index));
    if (__builtin_add_overflow(total, count, &total))
        return make_error("histogram total count overflows int64");
    if (!h.record(map.value_at(index), count)) {
        return make_error("count at index " + std::to_string(index) +
                          " lies above the highest trackable value " +
                          std::to_string(h.highest_trackable_value()));
    }
    return {};
}

result<void> read_v2_counts(std::span<const std::uint8_t> payload, hdr_histogram& h) {
    const index_map map(h);
    std::size_t pos = 0, index = 0;
    std::int64_t total = 0;
    while (pos < payload.size()) {
        auto v = read_zigzag_leb128(payload, pos);
        if (!v) return v.err();
        if (*v < 0) {
            const std::uint64_t zeros = 0 - static_cast<std::uint64_t>(*v);
            if (zeros > h.counts_len() - index) {
                return make_error("histogram payload runs past counts_len " +
                                  std::to_string(h.counts_len()) + " (a run of " +
                                  std::to_string(zeros) + " zeros at index " +
                                  std::to_string(index) + ")");
            }
            index += static_cast<std::size_t>(zeros);
            continue;
        }
        if (auto r = put_count(h, map, index, *v, total); !r) return r;
        ++index;
    }
    return {};
}

result<void> read_v1_counts(std::span<const std::uint8_t> payload, int word_size,
                            hdr_histogram& h) {
    if (payload.size() % static_cast<std::size_t>(word_size) != 0) {
        return make_error("V1 histogram payload of " + std::to_string(payload.size()) +
                          " bytes is not a multiple of its word size " + std::to_string(word_size));
    }
    const index_map map(h);
    std::int64_t total = 0;
    const std::size_t n = payload.size() / static_cast<std::size_t>(word_size);
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t raw =
            get_be(payload, i * static_cast<std::size_t>(word_size), word_size);
        // Narrower words are signed too; sign-extend them.
        const int shift = 64 - 8 * word_size;
        const auto count = static_cast<std::int64_t>(raw << shift) >> shift;
        if (auto r = put_count(h, map, i, count, total); !r) return r;
    }
    return {};
}

result<hdr_histogram> decode_uncompressed(std::span<const std::uint8_t> in) {
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
    const header hd = read_header(in);
    const std::uint32_t base = hd.cookie & ~0xf0u;
    const int word_size = static_cast<int>((hd.cookie & 0xf0u) >> 4);
    if (base == v1_encoding_base && word_size != 2 && word_size != 4 && word_size != 8)
        return make_error("V1 histogram with unsupported word size " + std::to_string(word_size));
    if (hd.payload_len < 0 ||
        static_cast<std::uint64_t>(hd.payload_len) > in.size() - header_bytes) {
        return make_error("histogram encoding truncated: payload of " +
                          std::to_string(hd.payload_len) + " bytes, " +
                          std::to_string(in.size() - header_bytes) + " present");
    }
    if (hd.index_offset != 0)
        return make_error("unsupported normalizing index offset " +
                          std::to_string(hd.index_offset));
    auto h = hdr_histogram::create(hd.lowest, hd.highest, hd.significant_figures);
    if (!h) return make_error("bad histogram header: " + h.message());
    const auto payload = in.subspan(header_bytes, static_cast<std::size_t>(hd.payload_len));
    auto r = base == v2_encoding_base ? read_v2_counts(payload, *h)
                                      : read_v1_counts(payload, word_size, *h);
    if (!r) return r.err();
    return h;
}

result<std::vector<std::uint8_t>> inflate_bounded(std::span<const std::uint8_t> in) {
    z_stream zs{};
    if (inflateInit(&zs) != Z_OK) return make_error("zlib inflateInit failed");
    std::vector<std::uint8_t> out(std::max<std::size_t>(in.size() * 4, 256));
    zs.next_in = const_cast<Bytef*>(in.data());  // zlib's API is not const-correct
    zs.avail_in = static_cast<uInt>(in.size());
    int rc = Z_OK;
    while (rc != Z_STREAM_END) {
        if (zs.total_out == out.size()) {
            if (out.size() >= max_inflated_bytes) {
                inflateEnd(&zs);
                return make_error("compressed histogram inflates past 64 MiB");
            }
            out.resize(std::min(out.size() * 2, max_inflated_bytes));
        }
        zs.next_out = out.data() + zs.total_out;
        zs.avail_out = static_cast<uInt>(out.size() - zs.total_out);
        rc = inflate(&zs, Z_NO_FLUSH);
        if (rc == Z_BUF_ERROR && zs.avail_in == 0) rc = Z_DATA_ERROR;
        if (rc != Z_OK && rc != Z_STREAM_END && rc != Z_BUF_ERROR) {
            std::string why = zs.msg ? zs.msg : "truncated stream";
            inflateEnd(&zs);
            return make_error("zlib failed on the compressed histogram: " + why);
        }
    }
    out.resize(zs.total_out);
    inflateEnd(&zs);
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

std::vector<std::uint8_t> encode_v2(const hdr_histogram& h) {
    std::vector<std::uint8_t> out;
    out.reserve(header_bytes + 64);
    put_be(out, hdr_v2_encoding_cookie, 4);
    put_be(out, 0, 4);  // payload length, filled in below
    put_be(out, 0, 4);  // normalizing index offset
    put_be(out, static_cast<std::uint64_t>(h.significant_figures()), 4);
    put_be(out, static_cast<std::uint64_t>(h.lowest_discernible_value()), 8);
    put_be(out, static_cast<std::uint64_t>(h.highest_trackable_value()), 8);
    put_be(out, std::bit_cast<std::uint64_t>(1.0), 8);
    if (h.total_count() > 0) {
        const auto last = static_cast<std::size_t>(h.counts_index_for(h.max()));
        std::int64_t zeros = 0;
        for (std::size_t i = 0; i <= last; ++i) {
            const std::int64_t c = h.count_at_index(i);
            if (c == 0) {
                ++zeros;
                continue;
            }
            if (zeros > 0) append_zigzag_leb128(out, -zeros);
            zeros = 0;
            append_zigzag_leb128(out, c);
        }
    }
    const auto payload = static_cast<std::uint32_t>(out.size() - header_bytes);
    for (int i = 0; i < 4; ++i)
        out[4 + static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(payload >> (24 - 8 * i));
    return out;
}

result<std::vector<std::uint8_t>> encode_v2_compressed(const hdr_histogram& h) {
    const std::vector<std::uint8_t> raw = encode_v2(h);
    uLongf len = compressBound(static_cast<uLong>(raw.size()));
    std::vector<std::uint8_t> out(8 + len);
    if (compress2(out.data() + 8, &len, raw.data(), static_cast<uLong>(raw.size()),
                  Z_DEFAULT_COMPRESSION) != Z_OK) {
        return make_error("zlib failed to compress a histogram");
    }
    out.resize(8 + len);
    std::vector<std::uint8_t> head;
    put_be(head, hdr_v2_compressed_cookie, 4);
    put_be(head, len, 4);
    std::copy(head.begin(), head.end(), out.begin());
    return out;
}

result<std::string> encode_v2_base64(const hdr_histogram& h) {
    auto bytes = encode_v2_compressed(h);
    if (!bytes) return bytes.err();
    return base64_encode(*bytes);
}

result<hdr_histogram> decode_histogram(std::span<const std::uint8_t> bytes) {
    if (bytes.size() < 4)
        return make_error("histogram encoding truncated: " + std::to_string(bytes.size()) +
                          " bytes, no cookie");
    const auto cookie = static_cast<std::uint32_t>(get_be(bytes, 0, 4));
    const std::uint32_t base = cookie & ~0xf0u;
    if (base != v2_compressed_base && base != v1_compressed_base) return decode_uncompressed(bytes);
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
    if (raw->size() >= 4) {
        const auto inner = static_cast<std::uint32_t>(get_be(*raw, 0, 4)) & ~0xf0u;
        const std::uint32_t want = base == v2_compressed_base ? v2_encoding_base : v1_encoding_base;
        if (inner != want) {
            return make_error("compressed histogram " + hex32(cookie) +
                              " holds a different encoding: cookie " +
                              hex32(static_cast<std::uint32_t>(get_be(*raw, 0, 4))));
        }
    }
    return decode_uncompressed(*raw);
}

result<hdr_histogram> decode_histogram_base64(std::string_view text) {
    auto bytes = base64_decode(text);
    if (!bytes) return bytes.err();
    return decode_histogram(*bytes);
}

}  // namespace ringperf::metrics
