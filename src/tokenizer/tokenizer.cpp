#include "ringperf/tokenizer/tokenizer.h"

#include <fcntl.h>
#include <simdjson.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "impl.h"
#include "js_text.h"
#include "ringperf/base/file.h"
#include "ringperf/tokenizer/utf8.h"

namespace ringperf::tokenizer {

namespace {

constexpr std::string_view spiece_underline = "\xE2\x96\x81";

// remove_space: trimmed, and every whitespace run becomes one space.
std::string collapse_spaces(std::string_view s) {
    s = detail::js_trim_end(detail::js_trim_start(s));
    std::string out;
    bool in_space = false;
    for (std::size_t i = 0; i < s.size();) {
        const decoded d = decode_utf8(s, i);
        if (detail::js_space(d.cp)) {
            if (!in_space) out.push_back(' ');
            in_space = true;
        } else {
            out.append(s.substr(i, d.length));
            in_space = false;
        }
        i += d.length;
    }
    return out;
}

void fuse_unknown(std::vector<token_id>& out, std::size_t from, token_id unk) {
    std::size_t w = from;
    for (std::size_t r = from; r < out.size(); ++r) {
        if (out[r] == unk && w > from && out[w - 1] == unk) continue;
        out[w++] = out[r];
    }
    out.resize(w);
}

}  // namespace

void tokenizer::impl::encode_section(std::string_view text, std::size_t index,
                                     std::vector<token_id>& out) const {
    thread_local detail::piece_list pieces;
    pieces.buf.assign(text);
    if (remove_space) pieces.buf = collapse_spaces(pieces.buf);
    if (normalizer) normalizer->apply(pieces.buf);
    if (pieces.buf.empty()) return;
    pieces.spans.assign(1, {0, static_cast<std::uint32_t>(pieces.buf.size())});
    if (pre_tokenizer) pre_tokenizer->apply(pieces, index);
    const std::size_t start = out.size();
    for (std::size_t i = 0; i < pieces.spans.size(); ++i) {
        model.encode_word_cached(pieces.at(i), raw_bytes, out);
    }
    if (model.options().fuse_unk && model.unk_id() != detail::no_token) {
        fuse_unknown(out, start, model.unk_id());
    }
}

void tokenizer::impl::encode_text(std::string_view text, std::vector<token_id>& out) const {
    thread_local std::vector<detail::section> sections;
    sections.clear();
    if (splitter.empty()) {
        sections.push_back(detail::section{text, -1});
    } else {
        splitter.split(text, sections);
    }
    for (std::size_t i = 0; i < sections.size(); ++i) {
        if (sections[i].token < 0) continue;
        const detail::added_token& t = added[static_cast<std::size_t>(sections[i].token)];
        if (t.lstrip && i > 0 && sections[i - 1].token < 0) {
            sections[i - 1].text = detail::js_trim_end(sections[i - 1].text);
        }
        if (t.rstrip && i + 1 < sections.size() && sections[i + 1].token < 0) {
            sections[i + 1].text = detail::js_trim_start(sections[i + 1].text);
        }
    }
    // encode_section reuses thread-local buffers but never `sections`, so a copy of each
    // entry is enough.
    for (std::size_t i = 0; i < sections.size(); ++i) {
        const detail::section s = sections[i];
        if (s.text.empty()) continue;
        if (s.token >= 0) {
            out.push_back(added[static_cast<std::size_t>(s.token)].id);
        } else {
            encode_section(s.text, i, out);
        }
    }
}

void tokenizer::impl::encode(std::string_view text, std::vector<token_id>& out) const {
    std::string sanitized;
    if (!valid_utf8(text)) {
        sanitized = detail::sanitize_utf8(text);
        text = sanitized;
    }
    if (!llama_non_legacy || text.empty()) {
        encode_text(text, out);
        return;
    }
    std::string prefixed(spiece_underline);
    prefixed += detail::replace_all(text, spiece_underline, " ");
    const std::size_t start = out.size();
    encode_text(prefixed, out);
    const token_id underline = model.find(spiece_underline);
    if (out.size() - start > 1 && underline != detail::no_token && out[start] == underline &&
        out[start + 1] < special.size() && special[out[start + 1]] != 0) {
        out.erase(out.begin() + static_cast<std::ptrdiff_t>(start));
    }
}

std::string tokenizer::impl::decode(std::span<const token_id> ids, bool skip_special) const {
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (const token_id id : ids) {
        if (id >= present.size() || present[id] == 0) continue;
        if (skip_special && special[id] != 0) continue;
        tokens.emplace_back(id_to_token[id]);
    }
    std::string text;
    if (decoder) {
        decoder->apply(tokens);
        for (const std::string& t : tokens)
            text += t;
    } else {
        for (std::size_t i = 0; i < tokens.size(); ++i) {
            if (i > 0) text.push_back(' ');
            text += tokens[i];
        }
    }
    const std::string& suffix = model.options().end_of_word_suffix;
    if (decoder && !suffix.empty()) {
        text = detail::replace_all(text, suffix, " ");
        if (skip_special) text = std::string(detail::js_trim_end(detail::js_trim_start(text)));
    }
    if (clean_up_spaces) text = detail::clean_up_tokenization(text);
    return text;
}

tokenizer::tokenizer(std::unique_ptr<impl> p) : p_(std::move(p)) {}
tokenizer::tokenizer(tokenizer&&) noexcept = default;
tokenizer& tokenizer::operator=(tokenizer&&) noexcept = default;
tokenizer::~tokenizer() = default;

result<tokenizer> tokenizer::from_json(std::string_view tokenizer_json, std::string_view origin,
                                       std::string_view config_json) {
    auto loaded = detail::load(tokenizer_json, false, origin, config_json);
    if (!loaded) return loaded.err();
    return tokenizer(std::move(loaded.value()));
}

namespace {

// A read-only private mapping of a whole file whose last page leaves room for simdjson's
// padding, so the file is parsed in the page cache without a copy.
class mapped_file {
  public:
    static std::unique_ptr<mapped_file> open(const std::string& path) {
        const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) return nullptr;
        struct stat st {};
        std::unique_ptr<mapped_file> m;
        const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
        if (::fstat(fd, &st) == 0 && st.st_size > 0) {
            const auto size = static_cast<std::size_t>(st.st_size);
            const std::size_t tail = size % page;
            if (tail != 0 && page - tail >= simdjson::SIMDJSON_PADDING) {
                void* p = ::mmap(nullptr, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
                if (p != MAP_FAILED) m.reset(new mapped_file(p, size));
            }
        }
        ::close(fd);
        return m;
    }
    mapped_file(const mapped_file&) = delete;
    mapped_file& operator=(const mapped_file&) = delete;
    ~mapped_file() { ::munmap(data_, size_); }
    std::string_view text() const { return {static_cast<const char*>(data_), size_}; }

  private:
    mapped_file(void* d, std::size_t n) : data_(d), size_(n) {}
    void* data_;
    std::size_t size_;
};

}  // namespace

result<tokenizer> tokenizer::from_file(const std::string& path) {
    std::string config;
    const std::size_t slash = path.find_last_of('/');
    const std::string dir = slash == std::string::npos ? std::string() : path.substr(0, slash + 1);
    if (auto c = read_file(dir + "tokenizer_config.json")) config = std::move(c.value());
    result<std::unique_ptr<impl>> loaded = make_error("");
    if (const auto mapped = mapped_file::open(path)) {
        loaded = detail::load(mapped->text(), true, path, config);
    } else {
        simdjson::padded_string json;
        if (const auto err = simdjson::padded_string::load(path).get(json);
            err != simdjson::SUCCESS) {
            auto plain = read_file(path);
            return make_error(plain ? path + ": " + simdjson::error_message(err) : plain.message());
        }
        loaded = detail::load(std::string_view(json.data(), json.size()), true, path, config);
    }
    if (!loaded) return loaded.err();
    return tokenizer(std::move(loaded.value()));
}

std::vector<token_id> tokenizer::encode(std::string_view text) const {
    std::vector<token_id> ids;
    ids.reserve(text.size() / 3 + 4);
    p_->encode(text, ids);
    return ids;
}

void tokenizer::encode(std::string_view text, std::vector<token_id>& out) const {
    p_->encode(text, out);
}

std::size_t tokenizer::count(std::string_view text) const {
    thread_local std::vector<token_id> ids;
    ids.clear();
    p_->encode(text, ids);
    return ids.size();
}

std::string tokenizer::decode(std::span<const token_id> ids, bool skip_special_tokens) const {
    return p_->decode(ids, skip_special_tokens);
}

std::optional<token_id> tokenizer::bos_id() const {
    return p_->bos;
}
std::optional<token_id> tokenizer::eos_id() const {
    return p_->eos;
}
std::size_t tokenizer::vocab_size() const {
    return p_->id_to_token.size();
}

std::string_view tokenizer::id_to_token(token_id id) const {
    return id < p_->id_to_token.size() ? p_->id_to_token[id] : std::string_view{};
}

std::optional<token_id> tokenizer::token_to_id(std::string_view token) const {
    const token_id id = p_->model.find(token);
    if (id == detail::no_token) return std::nullopt;
    return id;
}

}  // namespace ringperf::tokenizer
