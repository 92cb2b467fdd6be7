// Incremental, sans-I/O decoder for text/event-stream bodies (WHATWG HTML "Server-sent
// events", event stream interpretation), fed the de-chunked response body in whatever pieces
// the network delivers.
//
// Line ends are CRLF, LF or CR alone; a CR at the end of one piece and an LF at the start of
// the next are one line end. One U+FEFF byte-order mark is skipped at the start of the stream,
// also when its three bytes arrive in separate pieces. Lines starting with ':' are comments.
// `data`, `event`, `id` and `retry` fields are interpreted as the standard says; other fields
// (llama.cpp's `error:`) are ignored. A blank line dispatches the pending event unless no
// `data` field was given since the last one.
//
// Bytes are not decoded or validated as UTF-8; they pass through unchanged.
//
// One deliberate departure: at end of stream, finish() dispatches a pending event that never
// got its blank line (the standard discards it; AIPerf parses trailing data at stream end).
//
// Cost: no allocation once the internal buffers have grown to the largest line and event of
// the stream (reset() keeps them); an event whose single data line arrives in one piece is
// not copied at all, and one whose single data line is split across pieces is copied once.
//
// Thread-safety: none; one decoder per connection, used by one thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ringperf::sse {

struct event {
    // Value of the last `event:` field of this event; empty when none was given (the
    // standard's "message").
    std::string_view type;
    // The event's `data` field values joined with "\n", without a trailing newline.
    std::string_view data;
    // Last event id: set by an `id:` field without U+0000 and kept across events until the
    // next such field; empty when none was given.
    std::string_view id;
    // Reconnection time in milliseconds from the last `retry:` field made only of ASCII digits
    // (and fitting 64 bits), kept across events like `id`; empty when none was given.
    std::optional<std::uint64_t> retry;
};

enum class status {
    need_more,  // the input is used up (feed) or nothing is pending (finish)
    event,      // an event is complete: read it with current()
    error,      // see error(); every later call returns error until reset()
};

enum class decode_error {
    none,
    // The lines of one event add up to more than max_event_bytes (see decoder::decoder).
    event_too_large,
};

namespace detail {

// Text that points into the caller's input while that input is still valid, and is copied
// into storage the decoder owns (reusing its capacity) when it is not.
class borrowed_text {
  public:
    // Replaces the text; `borrow` says `v` lies in the input of the current feed() call.
    void assign(std::string_view v, bool borrow);
    // Takes the storage of `from` (giving it this text's old storage) and the text `v`, a
    // view into `from` (an empty `v` may point anywhere and is simply assigned).
    void adopt(std::string& from, std::string_view v);
    // Appends "\n" then `v`, copying both.
    void append_line(std::string_view v);
    // Copies a borrowed view into owned storage, before the input it points into goes away.
    void own();
    void clear() noexcept;
    std::string_view view() const noexcept { return view_; }

  private:
    std::string store_;
    std::string_view view_;
    bool borrowed_ = false;
};

}  // namespace detail

class decoder {
  public:
    // `max_event_bytes` bounds the memory kept per stream. It applies to the lines of one
    // event, from just after the previous blank line up to the event's own blank line, counted
    // without their line ends: field names, values and comments included. More is
    // decode_error::event_too_large. Counting lines rather than buffered bytes makes the
    // outcome independent of how the stream is cut into pieces.
    explicit decoder(std::size_t max_event_bytes = 16u << 20);

    // Starts a new stream: forgets the pending line and event, the last event id, the retry
    // value, the event count and any error. Keeps buffer capacity.
    void reset() noexcept;

    // Consumes bytes from the front of `in` (advancing it) until one event is complete
    // (returns status::event) or `in` is used up (returns status::need_more; `in` is then
    // empty). Call again with the rest of `in` after each event. Bytes of an incomplete line
    // are copied, so the caller may reuse its buffer after need_more.
    //
    // After status::event, current() is valid until the next feed(), finish() or reset()
    // call. Its `data` and `type` may point into the bytes this call was given (zero copy for
    // an event whose single data line arrived in one piece), so those bytes must stay
    // unchanged for as long as current() is used.
    //
    // On status::error, how far `in` was advanced is unspecified.
    status feed(std::string_view& in);

    // End of stream. An unterminated last line is interpreted, then a pending event that
    // never got its blank line is dispatched (status::event). Otherwise status::need_more.
    // Call until it returns need_more; then reset() before decoding another stream.
    status finish();

    // The last event returned; all fields empty before the first one.
    const event& current() const noexcept { return current_; }
    decode_error error() const noexcept { return error_; }
    // Events dispatched since construction or reset().
    std::uint64_t events() const noexcept { return events_; }

  private:
    enum class line_result { none, dispatched, error };

    bool skip_bom(std::string_view& in);
    line_result process_line(std::string_view line, bool in_input);
    void add_data(std::string_view value, bool in_input);
    void set_retry(std::string_view value) noexcept;
    bool dispatch() noexcept;
    void start_call() noexcept;
    status fail() noexcept;

    std::size_t max_event_bytes_;
    std::string line_;             // bytes of a line whose end has not arrived yet
    std::size_t event_bytes_ = 0;  // complete lines of the pending event, without line ends
    detail::borrowed_text data_;
    detail::borrowed_text type_;
    std::string id_;
    std::optional<std::uint64_t> retry_;
    event current_;
    std::uint64_t events_ = 0;
    decode_error error_ = decode_error::none;
    std::uint8_t bom_matched_ = 0;  // BOM bytes seen so far at stream start
    bool bom_done_ = false;         // past the point where a BOM may appear
    bool skip_lf_ = false;          // the last line ended with CR: an LF next is part of it
    bool has_data_ = false;         // a data field was seen since the last dispatch
    bool dispatched_ = false;       // current_ still refers to data_/type_
};

}  // namespace ringperf::sse
