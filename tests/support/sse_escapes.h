// The escapes of the SSE decoder's test cases (tests/data/sse/README.md): \n \r \t \0 \\ and
// \xHH. Shared by the decoder's golden test, which checks every case file with it, and the
// JSON corpus, which takes payloads from the same files.
#pragma once

#include <string>
#include <string_view>

namespace ringperf::test_support {

inline int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Appends the unescaped `s` to `out`; on an unknown or cut escape, returns false with `err`
// naming its column.
inline bool unescape_sse_case(std::string_view s, std::string& out, std::string& err) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] != '\\') {
            out += s[i];
            continue;
        }
        const char e = i + 1 < s.size() ? s[++i] : '\0';
        if (e == 'n')
            out += '\n';
        else if (e == 'r')
            out += '\r';
        else if (e == '0')
            out += '\0';
        else if (e == 't')
            out += '\t';
        else if (e == '\\')
            out += '\\';
        else if (e == 'x' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 &&
                 hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            err = "bad escape at column " + std::to_string(i);
            return false;
        }
    }
    return true;
}

}  // namespace ringperf::test_support
