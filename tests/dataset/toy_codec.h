// A small deterministic tokenizer for the dataset tests, built so that decoded corpus
// slices do not always re-encode to the same number of tokens (as with real BPE):
// a run of up to 5 ASCII letters is one token, a longer run is cut into 3-letter pieces from
// its start, and every other byte is a token of its own. So "example" is "exa" "mpl" "e", but
// the slice "mpl" "e" decodes to "mple", which encodes as one token. With `with_eos` (or
// `with_bos`), the text "<eos>" is a special token, EOS (or BOS), as added tokens are in
// tokenizer.json files.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/dataset/token_codec.h"

namespace dataset_test {

class toy_codec final : public ringperf::dataset::token_codec {
  public:
    static constexpr std::uint32_t eos = 0xffffff00u;
    static constexpr std::string_view eos_text = "<eos>";

    explicit toy_codec(bool with_eos = true, bool with_bos = false)
        : with_eos_(with_eos), with_bos_(with_bos) {}

    void encode(std::string_view text, std::vector<std::uint32_t>& out) const override {
        std::size_t i = 0;
        while (i < text.size()) {
            if ((with_eos_ || with_bos_) && text.substr(i, eos_text.size()) == eos_text) {
                out.push_back(eos);
                i += eos_text.size();
                continue;
            }
            std::size_t j = i;
            while (j < text.size() && letter(text[j]) != 0)
                ++j;
            if (j == i) {
                out.push_back(0x80000000u + static_cast<unsigned char>(text[i]));
                ++i;
                continue;
            }
            const std::size_t run = j - i;
            const std::size_t piece = run <= 5 ? run : 3;
            for (std::size_t k = i; k < j; k += piece)
                out.push_back(pack(text.substr(k, std::min(piece, j - k))));
            i = j;
        }
    }

    std::string decode(std::span<const std::uint32_t> ids, bool skip_special) const override {
        std::string out;
        for (const std::uint32_t id : ids) {
            if (id == eos) {
                if (!skip_special) out += eos_text;
            } else if (id >= 0x80000000u) {
                out.push_back(static_cast<char>(id - 0x80000000u));
            } else {
                for (std::uint32_t v = id; v != 0; v /= 53)
                    out.push_back(from_digit(v % 53));
            }
        }
        return out;
    }

    std::optional<std::uint32_t> bos_id() const override {
        return with_bos_ ? std::optional<std::uint32_t>(eos) : std::nullopt;
    }
    std::optional<std::uint32_t> eos_id() const override {
        return with_eos_ ? std::optional<std::uint32_t>(eos) : std::nullopt;
    }

  private:
    static std::uint32_t letter(char c) {
        if (c >= 'a' && c <= 'z') return static_cast<std::uint32_t>(c - 'a' + 1);
        if (c >= 'A' && c <= 'Z') return static_cast<std::uint32_t>(c - 'A' + 27);
        return 0;
    }
    static char from_digit(std::uint32_t d) {
        return d <= 26 ? static_cast<char>('a' + d - 1) : static_cast<char>('A' + d - 27);
    }
    static std::uint32_t pack(std::string_view s) {
        std::uint32_t v = 0;
        for (std::size_t k = s.size(); k-- > 0;)
            v = v * 53 + letter(s[k]);
        return v;
    }

    bool with_eos_;
    bool with_bos_;
};

}  // namespace dataset_test
