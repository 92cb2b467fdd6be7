#include <algorithm>
#include <unordered_set>
#include <utility>

#include "byte_level.h"
#include "components.h"
#include "js_text.h"
#include "ringperf/tokenizer/utf8.h"

namespace ringperf::tokenizer::detail {

namespace {

class byte_level_decoder final : public decoder {
  public:
    explicit byte_level_decoder(std::vector<std::string> added)
        : added_(added.begin(), added.end()) {}

    void apply(std::vector<std::string>& tokens) const override {
        std::vector<std::string> out;
        std::string bytes;
        bool pending = false;
        auto flush = [&] {
            if (!pending) return;
            std::string text;
            append_decoded_bytes(text, bytes, false);
            out.push_back(std::move(text));
            bytes.clear();
            pending = false;
        };
        for (std::string& t : tokens) {
            if (added_.count(t) != 0) {
                flush();
                out.push_back(std::move(t));
                continue;
            }
            pending = true;
            for (std::size_t i = 0; i < t.size();) {
                const decoded d = decode_utf8(t, i);
                // A character outside the byte-level alphabet becomes byte 0, as an undefined
                // value does in the reference's Uint8Array.
                const int b = byte_level_byte(d.cp);
                bytes.push_back(static_cast<char>(b < 0 ? 0 : b));
                i += d.length;
            }
        }
        flush();
        tokens.swap(out);
    }

  private:
    std::unordered_set<std::string> added_;
};

class metaspace_decoder final : public decoder {
  public:
    metaspace_decoder(std::string replacement, bool prefix)
        : replacement_(std::move(replacement)), prefix_(prefix) {}

    void apply(std::vector<std::string>& tokens) const override {
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            std::string t = replace_all(tokens[i], replacement_, " ");
            if (prefix_ && i == 0 && !t.empty() && t[0] == ' ') t.erase(0, 1);
            tokens[i] = std::move(t);
        }
    }

  private:
    std::string replacement_;
    bool prefix_;
};

class replace_decoder final : public decoder {
  public:
    replace_decoder(pattern p, std::string content)
        : pattern_(std::move(p)), content_(std::move(content)) {}

    void apply(std::vector<std::string>& tokens) const override {
        for (std::string& t : tokens)
            t = replace_matches(pattern_, t, content_);
    }

  private:
    pattern pattern_;
    std::string content_;
};

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// The byte a "<0xNN>" token stands for, read as the reference reads it (parseInt of the two
// characters after "<0x", which stops at the first non-hex digit), or -1.
int byte_token_value(std::string_view t) {
    if (t.size() != 6 || !t.starts_with("<0x") || t.back() != '>') return -1;
    const int hi = hex_value(t[3]);
    if (hi < 0) return -1;
    const int lo = hex_value(t[4]);
    return lo < 0 ? hi : hi * 16 + lo;
}

class byte_fallback_decoder final : public decoder {
  public:
    void apply(std::vector<std::string>& tokens) const override {
        std::vector<std::string> out;
        std::string bytes;
        auto flush = [&] {
            if (bytes.empty()) return;
            std::string text;
            append_decoded_bytes(text, bytes, true);
            out.push_back(std::move(text));
            bytes.clear();
        };
        for (std::string& t : tokens) {
            const int b = byte_token_value(t);
            if (b >= 0) {
                bytes.push_back(static_cast<char>(b));
                continue;
            }
            flush();
            out.push_back(std::move(t));
        }
        flush();
        tokens.swap(out);
    }
};

class fuse_decoder final : public decoder {
  public:
    void apply(std::vector<std::string>& tokens) const override {
        std::string all;
        for (const std::string& t : tokens)
            all += t;
        tokens.assign(1, std::move(all));
    }
};

// Strips up to `start` leading and `stop` trailing copies of one character from each token.
class strip_decoder final : public decoder {
  public:
    strip_decoder(std::string content, std::size_t start, std::size_t stop)
        : content_(std::move(content)), start_(start), stop_(stop) {}

    void apply(std::vector<std::string>& tokens) const override {
        // The reference compares single UTF-16 units: a content that is not one BMP character
        // never matches.
        const bool one_char = !content_.empty() &&
                              decode_utf8(content_, 0).length == content_.size() &&
                              decode_utf8(content_, 0).cp < 0x10000;
        if (!one_char) return;
        const std::string_view c = content_;
        for (std::string& t : tokens) {
            std::string_view v = t;
            for (std::size_t i = 0; i < start_ && v.starts_with(c); ++i)
                v.remove_prefix(c.size());
            for (std::size_t i = 0; i < stop_ && v.ends_with(c); ++i)
                v.remove_suffix(c.size());
            t = std::string(v);
        }
    }

  private:
    std::string content_;
    std::size_t start_;
    std::size_t stop_;
};

class sequence_decoder final : public decoder {
  public:
    explicit sequence_decoder(std::vector<std::unique_ptr<decoder>> s) : steps_(std::move(s)) {}
    void apply(std::vector<std::string>& tokens) const override {
        for (const auto& s : steps_)
            s->apply(tokens);
    }

  private:
    std::vector<std::unique_ptr<decoder>> steps_;
};

void replace_every(std::string& s, std::string_view from, std::string_view to) {
    if (s.find(from) != std::string::npos) s = replace_all(s, from, to);
}

}  // namespace

std::unique_ptr<decoder> make_byte_level_decoder(std::vector<std::string> added) {
    return std::make_unique<byte_level_decoder>(std::move(added));
}
std::unique_ptr<decoder> make_metaspace_decoder(std::string replacement, bool add_prefix_space) {
    return std::make_unique<metaspace_decoder>(std::move(replacement), add_prefix_space);
}
std::unique_ptr<decoder> make_replace_decoder(pattern p, std::string content) {
    return std::make_unique<replace_decoder>(std::move(p), std::move(content));
}
std::unique_ptr<decoder> make_byte_fallback_decoder() {
    return std::make_unique<byte_fallback_decoder>();
}
std::unique_ptr<decoder> make_fuse_decoder() {
    return std::make_unique<fuse_decoder>();
}
std::unique_ptr<decoder> make_strip_decoder(std::string content, std::size_t start,
                                            std::size_t stop) {
    return std::make_unique<strip_decoder>(std::move(content), start, stop);
}
std::unique_ptr<decoder> make_sequence_decoder(std::vector<std::unique_ptr<decoder>> s) {
    return std::make_unique<sequence_decoder>(std::move(s));
}

std::string clean_up_tokenization(std::string_view text) {
    std::string s(text);
    replace_every(s, " .", ".");
    replace_every(s, " ?", "?");
    replace_every(s, " !", "!");
    replace_every(s, " ,", ",");
    replace_every(s, " ' ", "'");
    replace_every(s, " n't", "n't");
    replace_every(s, " 'm", "'m");
    replace_every(s, " 's", "'s");
    replace_every(s, " 've", "'ve");
    replace_every(s, " 're", "'re");
    return s;
}

}  // namespace ringperf::tokenizer::detail
