#include "ringperf/sse/decoder.h"

#include <cstring>
#include <limits>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace ringperf::sse {

namespace {

constexpr std::string_view bom = "\xEF\xBB\xBF";

// The first CR or LF in [p, end), or `end`: one pass, 16 bytes at a time, never reading
// outside the piece (the last block overlaps bytes already searched).
const char* find_line_end(const char* p, const char* end) noexcept {
#if defined(__SSE2__)
    if (end - p >= 16) {
        const __m128i lf = _mm_set1_epi8('\n');
        const __m128i cr = _mm_set1_epi8('\r');
        auto hits = [&](const char* at) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(at));
            return static_cast<unsigned>(
                _mm_movemask_epi8(_mm_or_si128(_mm_cmpeq_epi8(v, lf), _mm_cmpeq_epi8(v, cr))));
        };
        for (; end - p >= 16; p += 16)
            if (const unsigned m = hits(p); m != 0) return p + __builtin_ctz(m);
        if (p == end) return end;
        const unsigned m = hits(end - 16);
        return m != 0 ? end - 16 + __builtin_ctz(m) : end;
    }
#endif
    for (; p != end; ++p)
        if (*p == '\n' || *p == '\r') return p;
    return end;
}

}  // namespace

namespace detail {

void borrowed_text::assign(std::string_view v, bool borrow) {
    if (borrow) {
        view_ = v;
        borrowed_ = true;
        return;
    }
    store_.assign(v);
    view_ = store_;
    borrowed_ = false;
}

void borrowed_text::append_line(std::string_view v) {
    own();
    // Adopted storage may hold more than the text (the field name before it).
    if (view_.empty()) {
        store_.clear();
    } else if (view_.data() != store_.data() || view_.size() != store_.size()) {
        const auto offset = static_cast<std::size_t>(view_.data() - store_.data());
        const std::size_t size = view_.size();
        store_.erase(0, offset);
        store_.resize(size);
    }
    store_.reserve(store_.size() + 1 + v.size());
    store_.push_back('\n');
    store_.append(v);
    view_ = store_;
}

void borrowed_text::adopt(std::string& from, std::string_view v) {
    // An empty value need not point into `from` (a field without a colon has none).
    if (v.empty()) return assign(v, false);
    const auto offset = static_cast<std::size_t>(v.data() - from.data());
    store_.swap(from);
    view_ = std::string_view(store_).substr(offset, v.size());
    borrowed_ = false;
}

void borrowed_text::own() {
    if (!borrowed_) return;
    store_.assign(view_);
    view_ = store_;
    borrowed_ = false;
}

void borrowed_text::clear() noexcept {
    store_.clear();
    view_ = {};
    borrowed_ = false;
}

}  // namespace detail

decoder::decoder(std::size_t max_event_bytes) : max_event_bytes_(max_event_bytes) {}

void decoder::reset() noexcept {
    line_.clear();
    event_bytes_ = 0;
    data_.clear();
    type_.clear();
    id_.clear();
    retry_.reset();
    current_ = event{};
    events_ = 0;
    error_ = decode_error::none;
    bom_matched_ = 0;
    bom_done_ = false;
    skip_lf_ = false;
    has_data_ = false;
    dispatched_ = false;
}

status decoder::feed(std::string_view& in) {
    if (error_ != decode_error::none) return status::error;
    start_call();
    if (!bom_done_ && !skip_bom(in)) return status::need_more;

    const char* p = in.data();
    const char* const end = p + in.size();
    while (p != end) {
        if (skip_lf_) {
            skip_lf_ = false;
            if (*p == '\n') {
                ++p;
                continue;
            }
        }
        const char* eol = find_line_end(p, end);
        if (eol == end) {
            const std::string_view partial(p, static_cast<std::size_t>(end - p));
            if (event_bytes_ + line_.size() + partial.size() > max_event_bytes_) {
                in = partial;
                return fail();
            }
            line_.append(partial);
            p = end;
            break;
        }
        std::string_view line(p, static_cast<std::size_t>(eol - p));
        const bool in_input = line_.empty();
        if (!in_input) {
            line_.append(line);
            line = line_;
        }
        p = eol + 1;
        if (*eol == '\r') {
            if (p == end)
                skip_lf_ = true;
            else if (*p == '\n')
                ++p;
        }
        const line_result r = process_line(line, in_input);
        line_.clear();
        if (r != line_result::none) {
            in = std::string_view(p, static_cast<std::size_t>(end - p));
            return r == line_result::dispatched ? status::event : fail();
        }
    }
    in = std::string_view(p, 0);
    // The caller may reuse its buffer after need_more; nothing may point into it.
    data_.own();
    type_.own();
    return status::need_more;
}

status decoder::finish() {
    if (error_ != decode_error::none) return status::error;
    start_call();
    if (!bom_done_) {
        line_.append(bom.substr(0, bom_matched_));
        bom_done_ = true;
    }
    skip_lf_ = false;
    if (!line_.empty()) {
        // Never empty here, so it cannot dispatch by itself.
        const line_result r = process_line(line_, false);
        line_.clear();
        if (r == line_result::error) return fail();
    }
    event_bytes_ = 0;
    return dispatch() ? status::event : status::need_more;
}

// Returns false while the input may still be the start of a BOM. Bytes of a BOM prefix that
// turn out not to be one belong to the first line.
bool decoder::skip_bom(std::string_view& in) {
    while (!in.empty()) {
        if (in.front() != bom[bom_matched_]) {
            line_.append(bom.substr(0, bom_matched_));
            bom_done_ = true;
            return true;
        }
        in.remove_prefix(1);
        if (++bom_matched_ == bom.size()) {
            bom_done_ = true;
            return true;
        }
    }
    return false;
}

decoder::line_result decoder::process_line(std::string_view line, bool in_input) {
    if (line.empty()) {
        event_bytes_ = 0;
        return dispatch() ? line_result::dispatched : line_result::none;
    }
    // Every line counts, buffered or not, so the outcome does not depend on where the stream
    // was cut. The joined data is never longer than the lines it came from.
    if (line.size() > max_event_bytes_ - event_bytes_) return line_result::error;
    event_bytes_ += line.size();
    if (line.front() == ':') return line_result::none;

    std::string_view name = line;
    std::string_view value;
    // Nearly every line of a stream is a data line: no search for its colon.
    const std::size_t colon =
        line.size() >= 5 && std::memcmp(line.data(), "data:", 5) == 0 ? 4 : line.find(':');
    if (colon != std::string_view::npos) {
        name = line.substr(0, colon);
        value = line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
    }
    if (name == "data")
        add_data(value, in_input);
    else if (name == "event")
        type_.assign(value, in_input);
    else if (name == "id") {
        if (value.find('\0') == std::string_view::npos) id_.assign(value);
    } else if (name == "retry")
        set_retry(value);
    return line_result::none;
}

void decoder::add_data(std::string_view value, bool in_input) {
    if (has_data_) {
        data_.append_line(value);
        return;
    }
    // A line that is not in the input was assembled in line_: its storage becomes the data's
    // rather than being copied again.
    if (in_input)
        data_.assign(value, true);
    else
        data_.adopt(line_, value);
    has_data_ = true;
}

void decoder::set_retry(std::string_view value) noexcept {
    if (value.empty()) return;
    std::uint64_t ms = 0;
    for (const char c : value) {
        if (c < '0' || c > '9') return;
        const auto digit = static_cast<std::uint64_t>(c - '0');
        if (ms > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) return;
        ms = ms * 10 + digit;
    }
    retry_ = ms;
}

bool decoder::dispatch() noexcept {
    if (!has_data_) {
        type_.clear();
        return false;
    }
    current_.type = type_.view();
    current_.data = data_.view();
    current_.id = id_;
    current_.retry = retry_;
    ++events_;
    dispatched_ = true;
    return true;
}

// The buffers of a dispatched event stay intact until the caller comes back, because
// current() points into them.
void decoder::start_call() noexcept {
    if (!dispatched_) return;
    dispatched_ = false;
    has_data_ = false;
    data_.clear();
    type_.clear();
}

status decoder::fail() noexcept {
    error_ = decode_error::event_too_large;
    return status::error;
}

}  // namespace ringperf::sse
