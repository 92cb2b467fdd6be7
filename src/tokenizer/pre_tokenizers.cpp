#include <utility>

#include "byte_level.h"
#include "components.h"
#include "js_text.h"
#include "ringperf/tokenizer/utf8.h"
#include "unicode_props.h"

namespace ringperf::tokenizer::detail {

namespace {

using span_list = std::vector<std::pair<std::uint32_t, std::uint32_t>>;

// Runs a splitting function over every piece; `f(piece, offset, out)` appends the sub-spans of
// the piece (absolute offsets) to `out`. The bytes do not change.
template <typename F>
void subdivide(piece_list& pieces, F&& f) {
    thread_local span_list out;
    out.clear();
    const std::string_view buf = pieces.buf;
    for (const auto& [b, e] : pieces.spans)
        f(buf.substr(b, e - b), b, out);
    pieces.spans.swap(out);
}

// Rewrites every piece; `f(piece, out)` appends the new text of the piece to `out`.
template <typename F>
void transform(piece_list& pieces, F&& f) {
    thread_local std::string buf;
    thread_local span_list spans;
    buf.clear();
    spans.clear();
    for (std::size_t i = 0; i < pieces.spans.size(); ++i) {
        const auto begin = static_cast<std::uint32_t>(buf.size());
        f(pieces.at(i), buf);
        spans.emplace_back(begin, static_cast<std::uint32_t>(buf.size()));
    }
    pieces.buf.swap(buf);
    pieces.spans.swap(spans);
}

void push(span_list& out, std::size_t offset, std::size_t b, std::size_t e) {
    out.emplace_back(static_cast<std::uint32_t>(offset + b),
                     static_cast<std::uint32_t>(offset + e));
}

// JS String.prototype.split with a regex, empty parts dropped (the reference filters them).
void js_split_removed(const pattern& p, std::string_view text, std::size_t off, span_list& out) {
    std::size_t last = 0;
    std::size_t q = 0;
    pattern_match m;
    while (q < text.size() && p.search(text, q, m) && m.begin < text.size()) {
        if (m.end == last) {
            q = next_code_point(text, m.begin);
            continue;
        }
        if (m.begin > last) push(out, off, last, m.begin);
        last = m.end;
        q = last;
    }
    if (last < text.size()) push(out, off, last, text.size());
}

class split_pre_tokenizer final : public pre_tokenizer {
  public:
    split_pre_tokenizer(pattern p, split_behavior b, bool invert)
        : pattern_(std::move(p)), behavior_(b), invert_(invert) {}

    void apply(piece_list& pieces, std::size_t) const override {
        subdivide(pieces, [&](std::string_view text, std::size_t off, span_list& out) {
            if (invert_) {
                for_each_match(pattern_, text,
                               [&](std::size_t b, std::size_t e) { push(out, off, b, e); });
            } else if (behavior_ == split_behavior::removed && !pattern_.is_literal()) {
                js_split_removed(pattern_, text, off, out);
            } else {
                // Every other behaviour keeps the delimiters as pieces of their own in the
                // reference (a literal pattern is wrapped in a capturing group even when removed).
                std::size_t prev = 0;
                for_each_match(pattern_, text, [&](std::size_t b, std::size_t e) {
                    if (prev < b) push(out, off, prev, b);
                    if (e > b) push(out, off, b, e);
                    prev = e;
                });
                if (prev < text.size()) push(out, off, prev, text.size());
            }
        });
    }

  private:
    pattern pattern_;
    split_behavior behavior_;
    bool invert_;
};

class byte_level_pre_tokenizer final : public pre_tokenizer {
  public:
    byte_level_pre_tokenizer(bool prefix, std::optional<pattern> re, bool deferred)
        : prefix_(prefix), re_(std::move(re)), deferred_(deferred) {}

    void apply(piece_list& pieces, std::size_t) const override {
        if (prefix_) {
            transform(pieces, [](std::string_view t, std::string& out) {
                if (t.empty() || t[0] != ' ') out.push_back(' ');
                out.append(t);
            });
        }
        if (re_) {
            subdivide(pieces, [&](std::string_view text, std::size_t off, span_list& out) {
                for_each_match(*re_, text,
                               [&](std::size_t b, std::size_t e) { push(out, off, b, e); });
            });
        }
        if (!deferred_) {
            transform(pieces,
                      [](std::string_view t, std::string& out) { append_byte_level(out, t); });
        }
    }

  private:
    bool prefix_;
    std::optional<pattern> re_;
    bool deferred_;
};

class metaspace_pre_tokenizer final : public pre_tokenizer {
  public:
    metaspace_pre_tokenizer(std::string replacement, std::string str_rep, bool prefix,
                            prepend_scheme scheme)
        : replacement_(std::move(replacement)),
          str_rep_(str_rep.empty() ? replacement_ : std::move(str_rep)),
          prefix_(prefix),
          scheme_(scheme) {}

    void apply(piece_list& pieces, std::size_t section_index) const override {
        const bool prepend = prefix_ && (scheme_ == prepend_scheme::always ||
                                         (scheme_ == prepend_scheme::first && section_index == 0));
        transform(pieces, [&](std::string_view t, std::string& out) {
            std::string replaced = replace_all(t, " ", str_rep_);
            if (prepend && !std::string_view(replaced).starts_with(replacement_)) {
                out.append(str_rep_);
            }
            out.append(replaced);
        });
    }

  private:
    std::string replacement_;
    std::string str_rep_;
    bool prefix_;
    prepend_scheme scheme_;
};

// Splits each piece into maximal runs of code points of the same class, keeping the runs
// whose class `keep` accepts. `classify(cp)` gives a small integer class.
template <typename Classify, typename Keep>
void runs(piece_list& pieces, Classify&& classify, Keep&& keep) {
    subdivide(pieces, [&](std::string_view text, std::size_t off, span_list& out) {
        std::size_t start = 0;
        int current = -1;
        for (std::size_t i = 0; i < text.size();) {
            const decoded d = decode_utf8(text, i);
            const int c = classify(d.cp);
            if (c != current) {
                if (current >= 0 && keep(current)) push(out, off, start, i);
                current = c;
                start = i;
            }
            i += d.length;
        }
        if (current >= 0 && keep(current)) push(out, off, start, text.size());
    });
}

class digits_pre_tokenizer final : public pre_tokenizer {
  public:
    explicit digits_pre_tokenizer(bool individual) : individual_(individual) {}

    void apply(piece_list& pieces, std::size_t) const override {
        if (!individual_) {
            runs(
                pieces, [](char32_t c) { return c >= '0' && c <= '9' ? 1 : 0; },
                [](int) { return true; });
            return;
        }
        subdivide(pieces, [](std::string_view text, std::size_t off, span_list& out) {
            std::size_t start = 0;
            for (std::size_t i = 0; i < text.size(); ++i) {
                if (text[i] < '0' || text[i] > '9') continue;
                if (start < i) push(out, off, start, i);
                push(out, off, i, i + 1);
                start = i + 1;
            }
            if (start < text.size()) push(out, off, start, text.size());
        });
    }

  private:
    bool individual_;
};

bool ascii_word(char32_t c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

class whitespace_pre_tokenizer final : public pre_tokenizer {
  public:
    void apply(piece_list& pieces, std::size_t) const override {
        runs(
            pieces, [](char32_t c) { return ascii_word(c) ? 0
                                            : js_space(c) ? 1
                                                          : 2; },
            [](int c) { return c != 1; });
    }
};

class whitespace_split_pre_tokenizer final : public pre_tokenizer {
  public:
    void apply(piece_list& pieces, std::size_t) const override {
        runs(
            pieces, [](char32_t c) { return js_space(c) ? 1 : 0; }, [](int c) { return c == 0; });
    }
};

class punctuation_pre_tokenizer final : public pre_tokenizer {
  public:
    void apply(piece_list& pieces, std::size_t) const override {
        runs(
            pieces, [](char32_t c) { return reference_punctuation(c) ? 1 : 0; },
            [](int) { return true; });
    }
};

class replace_pre_tokenizer final : public pre_tokenizer {
  public:
    replace_pre_tokenizer(pattern p, std::string content)
        : pattern_(std::move(p)), content_(std::move(content)) {}

    void apply(piece_list& pieces, std::size_t) const override {
        transform(pieces, [&](std::string_view t, std::string& out) {
            out.append(replace_matches(pattern_, t, content_));
        });
    }

  private:
    pattern pattern_;
    std::string content_;
};

class sequence_pre_tokenizer final : public pre_tokenizer {
  public:
    explicit sequence_pre_tokenizer(std::vector<std::unique_ptr<pre_tokenizer>> s)
        : steps_(std::move(s)) {}

    void apply(piece_list& pieces, std::size_t section_index) const override {
        for (const auto& s : steps_)
            s->apply(pieces, section_index);
    }

  private:
    std::vector<std::unique_ptr<pre_tokenizer>> steps_;
};

}  // namespace

std::unique_ptr<pre_tokenizer> make_split(pattern p, split_behavior b, bool invert) {
    return std::make_unique<split_pre_tokenizer>(std::move(p), b, invert);
}
std::unique_ptr<pre_tokenizer> make_byte_level(bool add_prefix_space, std::optional<pattern> re,
                                               bool deferred) {
    return std::make_unique<byte_level_pre_tokenizer>(add_prefix_space, std::move(re), deferred);
}
std::unique_ptr<pre_tokenizer> make_metaspace(std::string replacement, std::string str_rep,
                                              bool add_prefix_space, prepend_scheme scheme) {
    return std::make_unique<metaspace_pre_tokenizer>(std::move(replacement), std::move(str_rep),
                                                     add_prefix_space, scheme);
}
std::unique_ptr<pre_tokenizer> make_digits(bool individual) {
    return std::make_unique<digits_pre_tokenizer>(individual);
}
std::unique_ptr<pre_tokenizer> make_whitespace() {
    return std::make_unique<whitespace_pre_tokenizer>();
}
std::unique_ptr<pre_tokenizer> make_whitespace_split() {
    return std::make_unique<whitespace_split_pre_tokenizer>();
}
std::unique_ptr<pre_tokenizer> make_punctuation() {
    return std::make_unique<punctuation_pre_tokenizer>();
}
std::unique_ptr<pre_tokenizer> make_replace_pre_tokenizer(pattern p, std::string content) {
    return std::make_unique<replace_pre_tokenizer>(std::move(p), std::move(content));
}
std::unique_ptr<pre_tokenizer> make_sequence_pre_tokenizer(
    std::vector<std::unique_ptr<pre_tokenizer>> s) {
    return std::make_unique<sequence_pre_tokenizer>(std::move(s));
}

}  // namespace ringperf::tokenizer::detail
