#include <utility>

#include "components.h"
#include "js_text.h"
#include "ringperf/tokenizer/utf8.h"
#include "unicode_props.h"

namespace ringperf::tokenizer::detail {

namespace {

bool ascii_only(std::string_view s) {
    for (const char c : s) {
        if (static_cast<unsigned char>(c) >= 0x80) return false;
    }
    return true;
}

class replace_normalizer final : public normalizer {
  public:
    replace_normalizer(pattern p, std::string content)
        : pattern_(std::move(p)), content_(std::move(content)) {}

    void apply(std::string& text) const override {
        if (pattern_.is_literal() && !pattern_.literal_text().empty() &&
            text.find(pattern_.literal_text()) == std::string::npos) {
            return;
        }
        text = replace_matches(pattern_, text, content_);
    }

  private:
    pattern pattern_;
    std::string content_;
};

class prepend_normalizer final : public normalizer {
  public:
    explicit prepend_normalizer(std::string prefix) : prefix_(std::move(prefix)) {}
    void apply(std::string& text) const override { text.insert(0, prefix_); }

  private:
    std::string prefix_;
};

class unicode_normalizer final : public normalizer {
  public:
    explicit unicode_normalizer(int form) : form_(form) {}
    void apply(std::string& text) const override {
        if (ascii_only(text) || unicode_is_normalized(text, form_)) return;
        text = unicode_normalize(text, form_);
    }

  private:
    int form_;
};

class lowercase_normalizer final : public normalizer {
  public:
    void apply(std::string& text) const override {
        if (!ascii_only(text)) {
            text = js_to_lower(text);
            return;
        }
        for (char& c : text) {
            if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        }
    }
};

class strip_normalizer final : public normalizer {
  public:
    strip_normalizer(bool left, bool right) : left_(left), right_(right) {}
    void apply(std::string& text) const override {
        std::string_view t = text;
        if (left_) t = js_trim_start(t);
        if (right_) t = js_trim_end(t);
        if (t.size() != text.size()) text = std::string(t);
    }

  private:
    bool left_;
    bool right_;
};

class strip_accents_normalizer final : public normalizer {
  public:
    void apply(std::string& text) const override {
        if (ascii_only(text)) return;
        std::string out;
        out.reserve(text.size());
        for (std::size_t i = 0; i < text.size();) {
            const decoded d = decode_utf8(text, i);
            if (!unicode_mark(d.cp)) out.append(text, i, d.length);
            i += d.length;
        }
        text.swap(out);
    }
};

class sequence_normalizer final : public normalizer {
  public:
    explicit sequence_normalizer(std::vector<std::unique_ptr<normalizer>> s)
        : steps_(std::move(s)) {}
    void apply(std::string& text) const override {
        for (const auto& s : steps_)
            s->apply(text);
    }

  private:
    std::vector<std::unique_ptr<normalizer>> steps_;
};

}  // namespace

std::unique_ptr<normalizer> make_replace_normalizer(pattern p, std::string content) {
    return std::make_unique<replace_normalizer>(std::move(p), std::move(content));
}
std::unique_ptr<normalizer> make_prepend_normalizer(std::string prefix) {
    return std::make_unique<prepend_normalizer>(std::move(prefix));
}
std::unique_ptr<normalizer> make_unicode_normalizer(int form) {
    return std::make_unique<unicode_normalizer>(form);
}
std::unique_ptr<normalizer> make_lowercase_normalizer() {
    return std::make_unique<lowercase_normalizer>();
}
std::unique_ptr<normalizer> make_strip_normalizer(bool left, bool right) {
    return std::make_unique<strip_normalizer>(left, right);
}
std::unique_ptr<normalizer> make_strip_accents_normalizer() {
    return std::make_unique<strip_accents_normalizer>();
}
std::unique_ptr<normalizer> make_sequence_normalizer(std::vector<std::unique_ptr<normalizer>> s) {
    return std::make_unique<sequence_normalizer>(std::move(s));
}

}  // namespace ringperf::tokenizer::detail
