// The receive path of a worker slot: HTTP response -> (de-chunked) body -> SSE events ->
// endpoint interpretation, every event stamped with the batch's monotonic time. Also the
// request timeouts, which need to know how far a response got.
#include <algorithm>
#include <string>

#include "worker.h"

namespace ringperf::engine {

namespace {

constexpr std::size_t max_body_bytes = 64u << 20;
constexpr std::size_t max_error_body_bytes = 64u << 10;

bool is_success(int status) {
    return status >= 200 && status < 300;
}

void add_raw_message(metrics::raw_exchange& raw, mono_ns t, std::string_view type,
                     std::string_view data) {
    const std::size_t n = type.size() + data.size();
    if (raw.texts.size() + n > raw_capture_cap_bytes) {
        raw.dropped_bytes += n;
        ++raw.dropped_messages;
        return;
    }
    raw.messages.push_back({t, static_cast<std::uint32_t>(raw.texts.size()),
                            static_cast<std::uint32_t>(type.size()),
                            static_cast<std::uint32_t>(data.size())});
    raw.texts.append(type).append(data);
}

void keep_response_head(metrics::raw_exchange& raw, const http::response_parser& p) {
    for (const auto& h : p.headers())
        raw.response_head.append(h.name).append(": ").append(h.value).append("\n");
}

}  // namespace

void worker::process(slot& s, std::string_view data) {
    if (!s.busy) {
        // Bytes nobody asked for: the connection is out of step with us; drop it.
        close_connection(s);
        return;
    }
    auto& rec = s.rec;
    rec.bytes_received += data.size();
    if (rec.t_first_byte == 0) rec.t_first_byte = now_;
    s.last_byte_ns = now_;
    const std::uint32_t gen = s.gen;
    while (s.busy && s.gen == gen) {
        switch (s.parser.feed(data)) {
            case http::parse_status::head_done:
                rec.status = s.parser.status();
                rec.t_headers = now_;
                s.sse_mode = s.parser.is_event_stream() && is_success(rec.status);
                if (spec_.keep_raw) keep_response_head(rec.raw, s.parser);
                break;
            case http::parse_status::body:
                on_body(s, s.parser.body());
                break;
            case http::parse_status::complete:
                complete_response(s);
                // Anything after a complete response was not asked for.
                if (!data.empty() && s.state == conn_state::open && s.gen == gen)
                    close_connection(s);
                return;
            case http::parse_status::need_more:
                return;
            case http::parse_status::error:
                fail(s, metrics::error_kind::protocol, 502, "ProtocolError",
                     std::string("malformed HTTP response: ") +
                         http::parse_error_name(s.parser.error()));
                return;
        }
    }
}

void worker::on_body(slot& s, std::string_view piece) {
    if (!s.sse_mode) {
        const std::size_t cap = is_success(s.rec.status) ? max_body_bytes : max_error_body_bytes;
        const std::size_t room = cap > s.body_buf.size() ? cap - s.body_buf.size() : 0;
        s.body_buf.append(piece.substr(0, room));
        return;
    }
    for (;;) {
        switch (s.sse.feed(piece)) {
            case sse::status::event:
                on_event(s, s.sse.current());
                break;
            case sse::status::need_more:
                return;
            case sse::status::error:
                fail(s, metrics::error_kind::protocol, 502, "ProtocolError",
                     "an SSE event exceeded the size limit");
                return;
        }
    }
}

void worker::on_event(slot& s, const sse::event& ev) {
    auto& rec = s.rec;
    const api::interpretation in = interp_.stream_event(ev.type, ev.data);
    ++rec.responses;
    if (spec_.keep_raw) add_raw_message(rec.raw, now_, ev.type, ev.data);
    if (spec_.keep_event_times) {
        if (in.has_choices) rec.choice_ns.push_back(now_);
        if (in.has_output) rec.output_ns.push_back(now_);
    }
    if (in.usage) rec.usage.merge_latest(*in.usage);
    if (!in.finish_reason.empty()) {
        s.saw_finish = true;
        rec.finish_reason.assign(in.finish_reason);
    }
    switch (in.kind) {
        case api::response_kind::content:
            rec.content_ns.push_back(now_);
            if (in.has_output && rec.first_output_index < 0)
                rec.first_output_index = static_cast<std::int32_t>(rec.content_ns.size() - 1);
            rec.output_chars += static_cast<std::int64_t>(in.output_text.size());
            rec.reasoning_chars += static_cast<std::int64_t>(in.reasoning_text.size());
            if (spec_.keep_text || s.capture_reply) rec.output_text.append(in.output_text);
            if (spec_.keep_text) rec.reasoning_text.append(in.reasoning_text);
            left_prefill(s);
            break;
        case api::response_kind::done:
            s.saw_done = true;
            break;
        case api::response_kind::error:
            if (rec.ok()) {
                rec.error = in.error;
                rec.error_code = in.error_code;
                rec.error_type.assign(in.error_type);
                rec.error_message.assign(in.error_message);
            }
            break;
        case api::response_kind::ignored:
            break;
    }
}

void worker::complete_response(slot& s) {
    auto& rec = s.rec;
    rec.t_end = now_;
    if (s.sse_mode)
        while (s.sse.finish() == sse::status::event)
            on_event(s, s.sse.current());
    else if (spec_.keep_raw)
        add_raw_message(rec.raw, rec.t_end, {}, s.body_buf);
    if (!is_success(rec.status)) {
        const api::interpretation in = interp_.error_body(rec.status, s.body_buf);
        rec.error = metrics::error_kind::http_status;
        rec.error_code = rec.status;
        rec.error_type =
            in.error_type.empty() ? std::string(s.parser.reason()) : std::string(in.error_type);
        rec.error_message.assign(in.error_message);
    } else if (!s.sse_mode) {
        const api::interpretation in = interp_.full_body(s.body_buf);
        ++rec.responses;
        if (in.usage) rec.usage = *in.usage;
        rec.finish_reason.assign(in.finish_reason);
        if (in.kind == api::response_kind::content) {
            rec.content_ns.push_back(rec.t_end);
            if (in.has_output) rec.first_output_index = 0;
            rec.output_chars = static_cast<std::int64_t>(in.output_text.size());
            rec.reasoning_chars = static_cast<std::int64_t>(in.reasoning_text.size());
            if (spec_.keep_text || s.capture_reply) rec.output_text.assign(in.output_text);
            if (spec_.keep_text) rec.reasoning_text.assign(in.reasoning_text);
        } else if (in.kind == api::response_kind::error) {
            rec.error = in.error;
            rec.error_code = in.error_code;
            rec.error_type.assign(in.error_type);
            rec.error_message.assign(in.error_message);
        }
    } else if (rec.ok() && !s.saw_done && !s.saw_finish) {
        rec.error = metrics::error_kind::response_invalid;
        rec.error_code = 502;
        rec.error_type = "IncompleteStream";
        rec.error_message = "the stream ended without [DONE] or a finish_reason";
    }
    const bool keep = s.parser.keep_alive();
    finish(s);
    if (!keep) close_connection(s);
}

void worker::update_deadline(slot& s) {
    mono_ns d = std::min({s.deadline_total, s.deadline_connect, s.deadline_cancel});
    if (spec_.options.stream_idle_timeout_s && !is_connecting(s.state))
        d = std::min(d, s.last_byte_ns + idle_timeout_ns_);
    timers_.set(s.index, d);
}

void worker::run_timers() {
    std::uint32_t i = 0;
    while (timers_.pop_due(now_, i))
        on_deadline(*slots_[i]);
}

void worker::on_deadline(slot& s) {
    if (!s.busy) return;
    const auto& o = spec_.options;
    using metrics::error_kind;
    if (now_ >= s.deadline_cancel) {
        cancel_request(s);
    } else if (now_ >= s.deadline_total) {
        const error_kind k = is_connecting(s.state)    ? error_kind::timeout_connect
                             : s.rec.t_first_byte == 0 ? error_kind::timeout_first_byte
                                                       : error_kind::timeout_total;
        fail(s, k, 408, "RequestTimeout",
             std::string("no complete response within --request-timeout-seconds (") +
                 std::to_string(o.request_timeout_s) + " s; phase: " + metrics::error_kind_name(k) +
                 ")");
    } else if (is_connecting(s.state) && now_ >= s.deadline_connect) {
        fail(s, error_kind::timeout_connect, 408, "RequestTimeout",
             "no connection to " + spec_.urls[s.url].address.to_string() +
                 " within --connect-timeout-seconds (" + std::to_string(*o.connect_timeout_s) +
                 " s)");
    } else if (o.stream_idle_timeout_s && !is_connecting(s.state) &&
               now_ - s.last_byte_ns >= idle_timeout_ns_) {
        fail(s, error_kind::timeout_idle, 408, "RequestTimeout",
             "no byte from the server for " + std::to_string(*o.stream_idle_timeout_s) +
                 " s (--stream-idle-timeout-seconds)");
    } else {
        update_deadline(s);  // an idle deadline that moved on with arriving bytes
    }
}

}  // namespace ringperf::engine
