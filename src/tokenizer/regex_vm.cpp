#include <vector>

#include "regex_impl.h"
#include "ringperf/tokenizer/utf8.h"

namespace ringperf::tokenizer::rx {

namespace {

constexpr std::size_t max_instructions = std::size_t{1} << 20;

class compiler {
  public:
    compiler(const pattern_ast& ast, std::string_view display) : ast_(ast), display_(display) {}

    result<program> run() {
        prog_.classes = ast_.classes;
        if (!emit(ast_.root)) {
            return make_error("regex \"" + std::string(display_) +
                              "\": repetition makes the program too large (over " +
                              std::to_string(max_instructions) + " instructions)");
        }
        add(op::match);
        prog_.nullable = first_set(ast_.root);
        for (std::uint32_t c : prog_.first) {
            const char_class& k = prog_.classes[c];
            prog_.first_ascii[0] |= k.ascii[0];
            prog_.first_ascii[1] |= k.ascii[1];
        }
        prog_.first_non_ascii = false;
        for (std::uint32_t c : prog_.first) {
            const char_class& k = prog_.classes[c];
            if (k.invert || k.icase || k.categories != 0 ||
                (!k.ranges.empty() && k.ranges.back().second >= 128)) {
                prog_.first_non_ascii = true;
            }
        }
        return std::move(prog_);
    }

  private:
    std::uint32_t here() const { return static_cast<std::uint32_t>(prog_.code.size()); }

    std::uint32_t add(op code, std::uint32_t x = 0, std::uint32_t y = 0, std::uint8_t z = 0) {
        prog_.code.push_back(inst{code, z, x, y});
        return here() - 1;
    }

    bool nullable(std::uint32_t id) const {
        const node& n = ast_.nodes[id];
        switch (n.kind) {
            case node_kind::chars:
                return false;
            case node_kind::seq:
                for (std::uint32_t k : n.kids) {
                    if (!nullable(k)) return false;
                }
                return true;
            case node_kind::alt:
                for (std::uint32_t k : n.kids) {
                    if (nullable(k)) return true;
                }
                return false;
            case node_kind::repeat:
                return n.min == 0 || nullable(n.kids[0]);
            default:
                return true;
        }
    }

    // Collects into prog_.first the classes that may consume the first character of a match
    // of node `id`; returns whether the node can match without consuming anything.
    bool first_set(std::uint32_t id) {
        const node& n = ast_.nodes[id];
        switch (n.kind) {
            case node_kind::chars:
                prog_.first.push_back(n.cls);
                return false;
            case node_kind::seq:
                for (std::uint32_t k : n.kids) {
                    if (!first_set(k)) return false;
                }
                return true;
            case node_kind::alt: {
                bool any = false;
                for (std::uint32_t k : n.kids)
                    any = first_set(k) || any;
                return any;
            }
            case node_kind::repeat:
                if (n.max == 0) return true;
                return first_set(n.kids[0]) || n.min == 0;
            default:
                return true;
        }
    }

    bool emit(std::uint32_t id) {
        if (prog_.code.size() > max_instructions) return false;
        const node& n = ast_.nodes[id];
        switch (n.kind) {
            case node_kind::empty:
                return true;
            case node_kind::chars:
                emit_chars(n.cls);
                return true;
            case node_kind::seq:
                for (std::uint32_t k : n.kids) {
                    if (!emit(k)) return false;
                }
                return true;
            case node_kind::alt:
                return emit_alt(n);
            case node_kind::repeat:
                return emit_repeat(n);
            case node_kind::bol:
                add(op::bol);
                return true;
            case node_kind::eol:
                add(op::eol);
                return true;
            case node_kind::word_boundary:
            case node_kind::not_word_boundary:
                add(n.kind == node_kind::word_boundary ? op::word_boundary : op::not_word_boundary,
                    n.icase ? 1 : 0);
                return true;
            case node_kind::look_ahead:
            case node_kind::negative_look_ahead: {
                const std::uint32_t look =
                    add(op::look, 0, 0, n.kind == node_kind::negative_look_ahead ? 1 : 0);
                prog_.code[look].x = here();
                if (!emit(n.kids[0])) return false;
                add(op::match);
                prog_.code[look].y = here();
                return true;
            }
        }
        return true;
    }

    void emit_chars(std::uint32_t cls) {
        const char_class& c = prog_.classes[cls];
        if (!c.invert && !c.icase && c.categories == 0 && c.ranges.size() == 1 &&
            c.ranges[0].first == c.ranges[0].second) {
            add(op::codepoint, c.ranges[0].first);
        } else {
            add(op::cls, cls);
        }
    }

    bool emit_alt(const node& n) {
        std::vector<std::uint32_t> exits;
        for (std::size_t k = 0; k + 1 < n.kids.size(); ++k) {
            const std::uint32_t split = add(op::split);
            prog_.code[split].x = here();
            if (!emit(n.kids[k])) return false;
            exits.push_back(add(op::jmp));
            prog_.code[split].y = here();
        }
        if (!emit(n.kids.back())) return false;
        for (std::uint32_t e : exits)
            prog_.code[e].x = here();
        return true;
    }

    // One optional iteration guarded, when the body can match empty, by the check JavaScript
    // makes: an optional iteration that consumed nothing fails.
    bool emit_iteration(std::uint32_t kid, bool guarded, std::uint32_t reg) {
        if (guarded) add(op::mark, reg);
        if (!emit(kid)) return false;
        if (guarded) add(op::progress, reg);
        return true;
    }

    bool emit_repeat(const node& n) {
        const std::uint32_t kid = n.kids[0];
        for (std::uint32_t k = 0; k < n.min; ++k) {
            if (!emit(kid)) return false;
        }
        if (n.max == n.min) return true;
        const bool guarded = nullable(kid);
        const std::uint32_t reg = guarded ? prog_.registers++ : 0;
        if (n.max == unbounded) {
            const std::uint32_t loop = add(op::split);
            const std::uint32_t body = here();
            if (!emit_iteration(kid, guarded, reg)) return false;
            add(op::jmp, loop);
            set_split(loop, body, here(), n.greedy);
            return true;
        }
        std::vector<std::uint32_t> splits;
        for (std::uint32_t k = n.min; k < n.max; ++k) {
            splits.push_back(add(op::split));
            if (!emit_iteration(kid, guarded, reg)) return false;
        }
        for (std::uint32_t s : splits)
            set_split(s, s + 1, here(), n.greedy);
        return true;
    }

    void set_split(std::uint32_t at, std::uint32_t take, std::uint32_t skip, bool greedy) {
        prog_.code[at].x = greedy ? take : skip;
        prog_.code[at].y = greedy ? skip : take;
    }

    const pattern_ast& ast_;
    std::string_view display_;
    program prog_;
};

constexpr std::uint32_t branch = 0xFFFFFFFFU;

// A backtrack entry: resume at pc/pos, or (reg != branch) restore a register.
struct frame {
    std::uint32_t pc;
    std::uint32_t reg;
    std::size_t pos;
};

struct scratch {
    std::vector<frame> stack;
    std::vector<std::size_t> regs;
};

inline decoded read(std::string_view text, std::size_t pos) {
    const auto b = static_cast<unsigned char>(text[pos]);
    if (b < 0x80) return {b, 1};
    return decode_utf8(text, pos);
}

bool word_before(std::string_view text, std::size_t pos, bool icase) {
    if (pos == 0) return false;
    const auto b = static_cast<unsigned char>(text[pos - 1]);
    if (b < 0x80) return is_word_char(b, false);
    if (!icase) return false;
    return (pos >= 2 && text.substr(pos - 2, 2) == "\xC5\xBF") ||
           (pos >= 3 && text.substr(pos - 3, 3) == "\xE2\x84\xAA");
}

bool word_at(std::string_view text, std::size_t pos, bool icase) {
    return pos < text.size() && is_word_char(read(text, pos).cp, icase);
}

class machine {
  public:
    machine(const program& p, std::string_view text, scratch& s) : p_(p), text_(text), s_(s) {}

    // Runs the program from pc at pos; on success sets end and drops the backtrack entries
    // pushed since, which makes lookaheads atomic.
    bool run(std::uint32_t pc, std::size_t pos, std::size_t& end) {
        const std::size_t base = s_.stack.size();
        s_.stack.push_back({pc, branch, pos});
        while (s_.stack.size() > base) {
            const frame f = s_.stack.back();
            s_.stack.pop_back();
            if (f.reg != branch) {
                s_.regs[f.reg] = f.pos;
                continue;
            }
            if (thread(f.pc, f.pos, end)) {
                s_.stack.resize(base);
                return true;
            }
        }
        return false;
    }

  private:
    bool thread(std::uint32_t pc, std::size_t pos, std::size_t& end) {
        for (;;) {
            const inst& in = p_.code[pc];
            switch (in.code) {
                case op::codepoint:
                case op::cls: {
                    if (pos >= text_.size()) return false;
                    const decoded d = read(text_, pos);
                    const bool ok =
                        in.code == op::codepoint ? d.cp == in.x : p_.classes[in.x].matches(d.cp);
                    if (!ok) return false;
                    pos += d.length;
                    ++pc;
                    break;
                }
                case op::split:
                    s_.stack.push_back({in.y, branch, pos});
                    pc = in.x;
                    break;
                case op::jmp:
                    pc = in.x;
                    break;
                case op::mark:
                    s_.stack.push_back({0, in.x, s_.regs[in.x]});
                    s_.regs[in.x] = pos;
                    ++pc;
                    break;
                case op::progress:
                    if (pos == s_.regs[in.x]) return false;
                    ++pc;
                    break;
                case op::bol:
                case op::eol:
                    if (pos != (in.code == op::bol ? 0 : text_.size())) return false;
                    ++pc;
                    break;
                case op::word_boundary:
                case op::not_word_boundary: {
                    const bool at =
                        word_before(text_, pos, in.x != 0) != word_at(text_, pos, in.x != 0);
                    if (at != (in.code == op::word_boundary)) return false;
                    ++pc;
                    break;
                }
                case op::look: {
                    std::size_t ignored = 0;
                    const bool found = run(in.x, pos, ignored);
                    if (found == (in.z != 0)) return false;
                    pc = in.y;
                    break;
                }
                case op::match:
                    end = pos;
                    return true;
            }
        }
    }

    const program& p_;
    std::string_view text_;
    scratch& s_;
};

bool may_start(const program& p, char32_t cp) {
    if (cp < 128) return (p.first_ascii[cp >> 6] >> (cp & 63U)) & 1U;
    if (!p.first_non_ascii) return false;
    for (std::uint32_t c : p.first) {
        if (p.classes[c].matches_slow(cp)) return true;
    }
    return false;
}

}  // namespace

result<program> compile_program(const pattern_ast& ast, std::string_view display) {
    return compiler(ast, display).run();
}

std::optional<regex_match> generic_search(const program& p, std::string_view text,
                                          std::size_t pos) {
    thread_local scratch s;
    s.regs.assign(p.registers, 0);
    machine m(p, text, s);
    for (std::size_t start = pos;;) {
        std::size_t length = 1;
        if (start < text.size()) {
            const decoded d = read(text, start);
            length = d.length;
            if (!p.nullable && !may_start(p, d.cp)) {
                start += length;
                continue;
            }
        } else if (!p.nullable || start > text.size()) {
            return std::nullopt;
        }
        s.stack.clear();
        std::size_t end = 0;
        if (m.run(0, start, end)) return regex_match{start, end};
        if (start >= text.size()) return std::nullopt;
        start += length;
    }
}

}  // namespace ringperf::tokenizer::rx
