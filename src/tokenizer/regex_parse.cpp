#include <string>
#include <vector>

#include "regex_impl.h"
#include "ringperf/tokenizer/utf8.h"

namespace ringperf::tokenizer::rx {

namespace {

constexpr int max_nesting = 200;

bool is_syntax_char(char32_t c) {
    return std::u32string_view(U"^$\\.*+?()[]{}|/").find(c) != std::u32string_view::npos;
}

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string quoted(std::string_view what, char c) {
    std::string s(what);
    s += '\'';
    s += c;
    s += '\'';
    return s;
}

bool is_ascii_letter(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

// An escape that stands for a set (\d, \p{L}, ...) or for one code point.
struct escape_value {
    bool is_set = false;
    char32_t cp = 0;
    char_class set;
};

class parser {
  public:
    parser(std::string_view pattern, std::string_view display) : p_(pattern), display_(display) {}

    result<pattern_ast> run() {
        std::uint32_t root = 0;
        if (!disjunction(root, 0)) return *err_;
        if (i_ < p_.size()) {
            fail(p_[i_] == ')' ? "unmatched ')'" : "unexpected character", i_);
            return *err_;
        }
        ast_.root = root;
        return std::move(ast_);
    }

  private:
    bool fail(const std::string& what, std::size_t at) {
        if (!err_) {
            err_ = make_error("regex \"" + std::string(display_) + "\": " + what + " at offset " +
                              std::to_string(at));
        }
        return false;
    }

    bool at_end() const { return i_ >= p_.size(); }
    char peek(std::size_t ahead = 0) const {
        return i_ + ahead < p_.size() ? p_[i_ + ahead] : '\0';
    }
    bool eat(char c) {
        if (peek() != c || at_end()) return false;
        ++i_;
        return true;
    }
    bool eat(std::string_view s) {
        if (p_.substr(i_, s.size()) != s) return false;
        i_ += s.size();
        return true;
    }

    std::uint32_t add(node n) {
        ast_.nodes.push_back(std::move(n));
        return static_cast<std::uint32_t>(ast_.nodes.size() - 1);
    }

    std::uint32_t add_class(char_class c) {
        c.finish();
        ast_.classes.push_back(std::move(c));
        node n;
        n.kind = node_kind::chars;
        n.cls = static_cast<std::uint32_t>(ast_.classes.size() - 1);
        return add(std::move(n));
    }

    std::uint32_t add_char(char32_t cp) {
        char_class c;
        c.ranges.emplace_back(cp, cp);
        c.icase = icase_;
        return add_class(std::move(c));
    }

    bool disjunction(std::uint32_t& out, int depth) {
        if (depth > max_nesting) return fail("groups nested too deeply", i_);
        node alt;
        alt.kind = node_kind::alt;
        do {
            std::uint32_t a = 0;
            if (!alternative(a, depth)) return false;
            alt.kids.push_back(a);
        } while (eat('|'));
        out = alt.kids.size() == 1 ? alt.kids[0] : add(std::move(alt));
        return true;
    }

    bool alternative(std::uint32_t& out, int depth) {
        node seq;
        seq.kind = node_kind::seq;
        while (!at_end() && peek() != '|' && peek() != ')') {
            if (!term(seq.kids, depth)) return false;
        }
        if (seq.kids.empty()) {
            out = add(node{});
        } else {
            out = seq.kids.size() == 1 ? seq.kids[0] : add(std::move(seq));
        }
        return true;
    }

    bool term(std::vector<std::uint32_t>& seq, int depth) {
        std::uint32_t n = 0;
        bool quantifiable = true;
        if (!atom(n, quantifiable, depth)) return false;
        const char q = peek();
        if (q == '*' || q == '+' || q == '?' || q == '{') {
            if (!quantifiable) return fail("quantifier after an assertion", i_);
            if (!quantifier(n)) return false;
        }
        seq.push_back(n);
        return true;
    }

    bool number(std::uint32_t& v) {
        if (peek() < '0' || peek() > '9') return false;
        std::uint64_t n = 0;
        while (peek() >= '0' && peek() <= '9') {
            n = std::min<std::uint64_t>(n * 10 + static_cast<std::uint64_t>(peek() - '0'),
                                        unbounded - 1);
            ++i_;
        }
        v = static_cast<std::uint32_t>(n);
        return true;
    }

    bool quantifier(std::uint32_t& n) {
        const std::size_t at = i_;
        node r;
        r.kind = node_kind::repeat;
        const char q = p_[i_++];
        if (q == '*') {
            r.min = 0, r.max = unbounded;
        } else if (q == '+') {
            r.min = 1, r.max = unbounded;
        } else if (q == '?') {
            r.min = 0, r.max = 1;
        } else {
            if (!number(r.min)) return fail("incomplete quantifier '{'", at);
            r.max = r.min;
            if (eat(',')) {
                r.max = unbounded;
                if (peek() != '}' && !number(r.max)) return fail("incomplete quantifier '{'", at);
            }
            if (!eat('}')) return fail("incomplete quantifier '{'", at);
            if (r.min > r.max) return fail("numbers out of order in quantifier", at);
        }
        r.greedy = !eat('?');
        r.kids.push_back(n);
        n = add(std::move(r));
        return true;
    }

    bool atom(std::uint32_t& out, bool& quantifiable, int depth) {
        const std::size_t at = i_;
        const char c = peek();
        switch (c) {
            case '^':
            case '$': {
                ++i_;
                node n;
                n.kind = c == '^' ? node_kind::bol : node_kind::eol;
                out = add(std::move(n));
                quantifiable = false;
                return true;
            }
            case '.': {
                ++i_;
                char_class dot;
                dot.ranges = {{'\n', '\n'}, {'\r', '\r'}, {0x2028, 0x2029}};
                dot.invert = true;
                out = add_class(std::move(dot));
                return true;
            }
            case '(':
                return group(out, quantifiable, depth);
            case '[':
                return character_class(out);
            case '\\':
                return atom_escape(out, quantifiable);
            case '*':
            case '+':
            case '?':
            case '{':
                return fail("nothing to repeat", at);
            case ']':
            case '}':
                return fail(quoted("lone ", c), at);
            default:
                break;
        }
        const decoded d = decode_utf8(p_, i_);
        if (d.cp == replacement_char && d.length == 1) return fail("malformed UTF-8", at);
        i_ += d.length;
        out = add_char(d.cp);
        return true;
    }

    bool atom_escape(std::uint32_t& out, bool& quantifiable) {
        const std::size_t at = i_;
        ++i_;
        const char c = peek();
        if (c == 'b' || c == 'B') {
            ++i_;
            node n;
            n.kind = c == 'b' ? node_kind::word_boundary : node_kind::not_word_boundary;
            n.icase = icase_;
            out = add(std::move(n));
            quantifiable = false;
            return true;
        }
        if (c >= '1' && c <= '9') return fail("unsupported backreference", at);
        if (c == 'k') return fail("unsupported named backreference", at);
        escape_value v;
        if (!escape(v, false, at)) return false;
        if (!v.is_set) {
            out = add_char(v.cp);
            return true;
        }
        v.set.icase = icase_;
        out = add_class(std::move(v.set));
        return true;
    }

    // Parses the escape after a backslash (i_ is past the backslash).
    bool escape(escape_value& v, bool in_class, std::size_t at) {
        if (at_end()) return fail("'\\' at end of pattern", at);
        const char c = p_[i_++];
        switch (c) {
            case 'd':
            case 'D':
                v.is_set = true;
                v.set.ranges = c == 'd' ? digit_ranges() : complement(digit_ranges());
                return true;
            case 's':
            case 'S':
                v.is_set = true;
                v.set.ranges = c == 's' ? whitespace_ranges() : complement(whitespace_ranges());
                return true;
            case 'w':
            case 'W':
                v.is_set = true;
                v.set.ranges = c == 'w' ? word_ranges(icase_) : complement(word_ranges(icase_));
                return true;
            case 'p':
            case 'P':
                return property(v, c == 'P', at);
            case 't':
                v.cp = '\t';
                return true;
            case 'n':
                v.cp = '\n';
                return true;
            case 'r':
                v.cp = '\r';
                return true;
            case 'v':
                v.cp = '\v';
                return true;
            case 'f':
                v.cp = '\f';
                return true;
            case 'b':
                if (!in_class) break;
                v.cp = 0x08;
                return true;
            case '-':
                if (!in_class) break;
                v.cp = '-';
                return true;
            case 'c':
                if (!is_ascii_letter(peek())) return fail("invalid escape '\\c'", at);
                v.cp = static_cast<char32_t>(p_[i_++]) % 32;
                return true;
            case '0':
                if (peek() >= '0' && peek() <= '9') return fail("invalid decimal escape", at);
                v.cp = 0;
                return true;
            case 'x':
                return hex_digits(2, v.cp) || fail("invalid escape '\\x'", at);
            case 'u':
                return unicode_escape(v.cp) || fail("invalid Unicode escape", at);
            default:
                break;
        }
        const decoded d = decode_utf8(p_, i_ - 1);
        if (is_syntax_char(d.cp)) {
            v.cp = d.cp;
            return true;
        }
        return fail(in_class && c >= '1' && c <= '9' ? "invalid class escape" : "invalid escape",
                    at);
    }

    bool hex_digits(int count, char32_t& cp) {
        char32_t v = 0;
        for (int k = 0; k < count; ++k) {
            const int h = hex_value(peek());
            if (h < 0) return false;
            v = v * 16 + static_cast<char32_t>(h);
            ++i_;
        }
        cp = v;
        return true;
    }

    bool unicode_escape(char32_t& cp) {
        if (eat('{')) {
            char32_t v = 0;
            int digits = 0;
            for (int h = hex_value(peek()); h >= 0; h = hex_value(peek())) {
                v = v * 16 + static_cast<char32_t>(h);
                ++i_;
                if (++digits > 8 || v > 0x10FFFF) return false;
            }
            cp = v;
            return digits > 0 && eat('}');
        }
        if (!hex_digits(4, cp)) return false;
        // In u mode an escaped surrogate pair is one code point.
        if (cp >= 0xD800 && cp <= 0xDBFF && peek() == '\\' && peek(1) == 'u') {
            const std::size_t save = i_;
            i_ += 2;
            char32_t lo = 0;
            if (hex_digits(4, lo) && lo >= 0xDC00 && lo <= 0xDFFF) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
                i_ = save;
            }
        }
        return true;
    }

    bool property(escape_value& v, bool negated, std::size_t at) {
        if (!eat('{')) return fail("invalid property name", at);
        const std::size_t close = p_.find('}', i_);
        if (close == std::string_view::npos) return fail("invalid property name", at);
        const std::string_view name = p_.substr(i_, close - i_);
        i_ = close + 1;
        v.is_set = true;
        if (!add_property(name, negated, v.set)) {
            return fail("unsupported property \\" + std::string(negated ? "P" : "p") + "{" +
                            std::string(name) + "}",
                        at);
        }
        return true;
    }

    bool class_atom(escape_value& v) {
        const std::size_t at = i_;
        if (peek() == '\\') {
            ++i_;
            if (peek() == 'B') return fail("invalid class escape '\\B'", at);
            return escape(v, true, at);
        }
        const decoded d = decode_utf8(p_, i_);
        if (d.cp == replacement_char && d.length == 1) return fail("malformed UTF-8", at);
        i_ += d.length;
        v.cp = d.cp;
        return true;
    }

    bool character_class(std::uint32_t& out) {
        const std::size_t open = i_++;
        char_class c;
        c.invert = eat('^');
        c.icase = icase_;
        for (;;) {
            if (at_end()) return fail("unterminated character class", open);
            if (peek() == ']') break;
            const std::size_t at = i_;
            escape_value a;
            if (!class_atom(a)) return false;
            if (peek() == '-' && peek(1) != ']' && i_ + 1 < p_.size()) {
                ++i_;
                escape_value b;
                if (!class_atom(b)) return false;
                if (a.is_set || b.is_set) return fail("character class escape in a range", at);
                if (a.cp > b.cp) return fail("range out of order in character class", at);
                c.ranges.emplace_back(a.cp, b.cp);
            } else if (a.is_set) {
                c.ranges.insert(c.ranges.end(), a.set.ranges.begin(), a.set.ranges.end());
                c.categories |= a.set.categories;
            } else {
                c.ranges.emplace_back(a.cp, a.cp);
            }
        }
        ++i_;
        out = add_class(std::move(c));
        return true;
    }

    bool group(std::uint32_t& out, bool& quantifiable, int depth) {
        const std::size_t open = i_++;
        const bool saved_icase = icase_;
        node look;
        if (eat("?:")) {
        } else if (eat("?=") || eat("?!")) {
            look.kind = p_[i_ - 1] == '=' ? node_kind::look_ahead : node_kind::negative_look_ahead;
            quantifiable = false;
        } else if (eat("?<=") || eat("?<!")) {
            return fail("unsupported lookbehind", open);
        } else if (eat("?<")) {
            if (!group_name()) return fail("invalid capture group name", open);
            const std::string name(p_.substr(open + 3, i_ - open - 4));
            for (const std::string& n : group_names_) {
                if (n == name) return fail("duplicate capture group name", open);
            }
            group_names_.push_back(name);
            ++ast_.captures;
        } else if (eat('?')) {
            if (!modifiers(open)) return false;
        } else {
            ++ast_.captures;
        }
        std::uint32_t body = 0;
        if (!disjunction(body, depth + 1)) return false;
        icase_ = saved_icase;
        if (!eat(')')) return fail("unterminated group", open);
        if (look.kind == node_kind::empty) {
            out = body;
        } else {
            look.kids.push_back(body);
            out = add(std::move(look));
        }
        return true;
    }

    bool group_name() {
        const std::size_t close = p_.find('>', i_);
        if (close == std::string_view::npos || close == i_) return false;
        for (std::size_t k = i_; k < close; ++k) {
            const auto b = static_cast<unsigned char>(p_[k]);
            const bool ok = b >= 0x80 || b == '_' || b == '$' || is_ascii_letter(p_[k]) ||
                            (k > i_ && b >= '0' && b <= '9');
            if (!ok) return false;
        }
        i_ = close + 1;
        return true;
    }

    // (?i: and (?-i: are the only modifiers groups may carry.
    bool modifiers(std::size_t open) {
        bool on = true;
        bool any = false;
        while (!at_end() && peek() != ':') {
            const char f = p_[i_++];
            if (f == '-' && on) {
                on = false;
                continue;
            }
            if (f == 'm' || f == 's') return fail(quoted("unsupported modifier ", f), open);
            if (f != 'i') return fail("invalid group", open);
            icase_ = on;
            any = true;
        }
        if (!any || !eat(':')) return fail("invalid group", open);
        return true;
    }

    std::string_view p_;
    std::string_view display_;
    std::size_t i_ = 0;
    bool icase_ = false;
    std::vector<std::string> group_names_;
    pattern_ast ast_;
    std::optional<error> err_;
};

void dump(const pattern_ast& ast, std::uint32_t id, std::string& out) {
    const node& n = ast.nodes[id];
    switch (n.kind) {
        case node_kind::empty:
            out += "e";
            return;
        case node_kind::chars: {
            const char_class& c = ast.classes[n.cls];
            out += '[';
            if (c.invert) out += '^';
            if (c.icase) out += 'i';
            for (const code_range& r : c.ranges) {
                out += std::to_string(r.first) + '-' + std::to_string(r.second) + ',';
            }
            out += 'c' + std::to_string(c.categories) + ']';
            return;
        }
        case node_kind::seq:
        case node_kind::alt:
            out += n.kind == node_kind::seq ? "s(" : "a(";
            for (std::uint32_t k : n.kids) {
                dump(ast, k, out);
                out += ' ';
            }
            out += ')';
            return;
        case node_kind::repeat:
            out += 'r';
            out += std::to_string(n.min);
            out += ',';
            out += n.max == unbounded ? std::string("inf") : std::to_string(n.max);
            out += n.greedy ? "(" : "?(";
            dump(ast, n.kids[0], out);
            out += ')';
            return;
        case node_kind::bol:
            out += '^';
            return;
        case node_kind::eol:
            out += '$';
            return;
        case node_kind::word_boundary:
        case node_kind::not_word_boundary:
            out += n.kind == node_kind::word_boundary ? "\\b" : "\\B";
            if (n.icase) out += 'i';
            return;
        case node_kind::look_ahead:
        case node_kind::negative_look_ahead:
            out += n.kind == node_kind::look_ahead ? "(?=" : "(?!";
            dump(ast, n.kids[0], out);
            out += ')';
            return;
    }
}

}  // namespace

result<pattern_ast> parse(std::string_view pattern, std::string_view display) {
    return parser(pattern, display).run();
}

std::string canonical_form(const pattern_ast& ast) {
    std::string out;
    dump(ast, ast.root, out);
    return out;
}

}  // namespace ringperf::tokenizer::rx
