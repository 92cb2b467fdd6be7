#include "ringperf/base/uuid.h"

namespace ringperf {

void write_uuid_v4(rng& r, char* out) noexcept {
    static constexpr char hex[] = "0123456789abcdef";
    std::uint64_t hi = r.next();
    std::uint64_t lo = r.next();
    hi = (hi & ~0xf000ULL) | 0x4000ULL;        // version 4
    lo = (lo & ~(3ULL << 62)) | (2ULL << 62);  // variant 10xx
    unsigned char b[16];
    for (int i = 0; i < 8; ++i)
        b[i] = static_cast<unsigned char>(hi >> (56 - 8 * i));
    for (int i = 0; i < 8; ++i)
        b[8 + i] = static_cast<unsigned char>(lo >> (56 - 8 * i));
    int o = 0;
    for (int i = 0; i < 16; ++i) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[o++] = '-';
        out[o++] = hex[b[i] >> 4];
        out[o++] = hex[b[i] & 0xf];
    }
}

std::string make_uuid_v4(rng& r) {
    std::string s(uuid_text_len, '\0');
    write_uuid_v4(r, s.data());
    return s;
}

}  // namespace ringperf
