#include "ringperf/hub/builtin.h"

#include <zlib.h>

#include <algorithm>
#include <cstdint>
#include <limits>

extern "C" {
extern const char ringperf_hub_o200k_tokenizer_begin[];
extern const char ringperf_hub_o200k_tokenizer_end[];
extern const char ringperf_hub_o200k_config_begin[];
extern const char ringperf_hub_o200k_config_end[];
}

namespace ringperf::hub {

namespace {

std::string_view embedded(const char* begin, const char* end) {
    return {begin, static_cast<std::size_t>(end - begin)};
}

// The gzip trailer's ISIZE (the uncompressed size modulo 2^32) when it is plausible: the
// trailer of damaged or truncated input can claim gigabytes.
std::size_t size_hint(std::string_view gz) {
    const std::size_t fallback = std::max<std::size_t>(gz.size() * 4, 4096);
    if (gz.size() < 18) return fallback;
    const auto* p = reinterpret_cast<const unsigned char*>(gz.data() + gz.size() - 4);
    const std::size_t isize = std::size_t{p[0]} | std::size_t{p[1]} << 8 | std::size_t{p[2]} << 16 |
                              std::size_t{p[3]} << 24;
    return isize <= gz.size() * 32 + 65536 ? std::max<std::size_t>(isize, 4096) : fallback;
}

std::string zlib_reason(int rc, const z_stream& s) {
    if (s.msg) return s.msg;
    switch (rc) {
        case Z_BUF_ERROR:
            return "the stream is truncated";
        case Z_MEM_ERROR:
            return "out of memory";
        case Z_DATA_ERROR:
            return "corrupt data";
        default:
            return "zlib error " + std::to_string(rc);
    }
}

}  // namespace

result<std::string> gunzip(std::string_view compressed, std::string_view what) {
    const std::string name(what);
    if (compressed.size() > std::numeric_limits<uInt>::max())
        return make_error(name + ": compressed data over 4 GiB");
    z_stream s{};
    // 16 + MAX_WBITS: a gzip header and trailer, not a raw zlib stream.
    if (inflateInit2(&s, 16 + MAX_WBITS) != Z_OK)
        return make_error(name + ": cannot start decompression (inflateInit2 failed)");
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(compressed.data()));
    s.avail_in = static_cast<uInt>(compressed.size());
    std::string out;
    out.resize(size_hint(compressed));
    std::size_t produced = 0;
    int rc = Z_OK;
    while (rc == Z_OK) {
        if (produced == out.size()) out.resize(out.size() * 2);
        const std::size_t room = std::min<std::size_t>(out.size() - produced, 1u << 30);
        s.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
        s.avail_out = static_cast<uInt>(room);
        rc = inflate(&s, Z_NO_FLUSH);
        produced += room - s.avail_out;
        if (rc == Z_BUF_ERROR && s.avail_in > 0 && s.avail_out == 0) rc = Z_OK;
    }
    const std::string reason = zlib_reason(rc, s);
    const uInt left = s.avail_in;
    inflateEnd(&s);
    if (rc != Z_STREAM_END) return make_error(name + ": cannot decompress: " + reason);
    if (left != 0)
        return make_error(name + ": " + std::to_string(left) + " bytes after the gzip stream");
    out.resize(produced);
    return out;
}

result<builtin_files> builtin_tokenizer() {
    auto tok =
        gunzip(embedded(ringperf_hub_o200k_tokenizer_begin, ringperf_hub_o200k_tokenizer_end),
               "builtin tokenizer.json");
    if (!tok) return tok.err();
    auto cfg = gunzip(embedded(ringperf_hub_o200k_config_begin, ringperf_hub_o200k_config_end),
                      "builtin tokenizer_config.json");
    if (!cfg) return cfg.err();
    return builtin_files{std::move(*tok), std::move(*cfg)};
}

}  // namespace ringperf::hub
