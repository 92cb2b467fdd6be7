// A request's life on a slot: taking a connection from the URL's pool, building the turn
// (prepared, or with its history), sending it, the prefill limit, client-side
// cancellation, and the record handed to the sink when it ends.
#include <liburing.h>

#include <cmath>
#include <cstring>

#include "ringperf/api/request_body.h"
#include "ringperf/base/uuid.h"
#include "worker.h"

namespace ringperf::engine {

namespace {

// A uniform draw in [0, 1) that depends only on the seed and the key (splitmix64).
double keyed_uniform(std::uint64_t seed, std::uint64_t key) {
    std::uint64_t z = seed + key * 0x9e3779b97f4a7c15ULL + 0x632be59bd9b4e019ULL;
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    z ^= z >> 31;
    return static_cast<double>(z >> 11) * 0x1.0p-53;
}

}  // namespace

slot& worker::add_slot(std::uint32_t url) {
    slots_.push_back(std::make_unique<slot>());
    slot& s = *slots_.back();
    s.index = static_cast<std::uint32_t>(slots_.size() - 1);
    s.url = url;
    return s;
}

slot* worker::acquire_slot(std::uint32_t url) {
    auto& pool = idle_[url];
    while (!pool.empty()) {
        slot* s = slots_[pool.back()].get();
        pool.pop_back();
        if (!s->busy && s->url == url) return s;
    }
    if (slots_.size() < table_size_) return &add_slot(url);
    // The table is full: an idle connection to another URL makes way.
    for (auto& other : idle_) {
        while (!other.empty()) {
            slot* s = slots_[other.back()].get();
            other.pop_back();
            if (s->busy) continue;
            close_connection(*s);
            s->url = url;
            return s;
        }
    }
    return nullptr;
}

bool worker::chosen_for_cancellation(std::uint64_t number, std::uint32_t turn) const {
    if (spec_.cancellation_rate_percent <= 0 ||
        phase().phase != metrics::benchmark_phase::profiling)
        return false;
    const double u = keyed_uniform(cancel_seed_, (number << 16) ^ turn);
    return u * 100.0 < spec_.cancellation_rate_percent;
}

void worker::prepare_turn(slot& s, const session& ss) {
    const dataset::conversation& conv = spec_.conversations->conversations[ss.conversation];
    const dataset::turn& t = conv.turns[ss.turn];
    s.capture_reply = ss.turn + 1 < ss.end_turn;
    s.rec.requested_output_tokens = t.max_tokens.value_or(-1);
    if (ss.turn == 0) {
        const prepared_request& r = spec_.requests->requests[ss.conversation];
        s.head = r.heads[s.url];
        s.body = r.body;
        s.rec.input_tokens = r.input_tokens;
        return;
    }
    // A later turn carries the conversation so far, with the replies the server gave.
    history_scratch_.clear();
    for (std::uint32_t j = 0; j < ss.turn; ++j) {
        history_scratch_.push_back({"user", conv.turns[j].text});
        history_scratch_.push_back({"assistant", ss.replies[j]});
    }
    api::prompt_spec p;
    p.text = t.text;
    p.parts = t.parts;
    p.max_tokens = t.max_tokens;
    p.system = conv.system;
    p.context = conv.context;
    p.history = history_scratch_;
    p.extra = t.extra;
    const auto& models = spec_.endpoint.models;
    s.dyn_body.clear();
    api::append_body(s.dyn_body, spec_.endpoint, models[ss.conversation % models.size()], p);
    s.dyn_head = make_head(spec_.urls[s.url].head, s.dyn_body.size());
    s.head = s.dyn_head;
    s.body = s.dyn_body;
    s.rec.input_tokens = ss.history_tokens + t.input_tokens;
}

void worker::issue(slot& s, session& ss) {
    ++issued_;
    ++busy_;
    s.busy = true;
    s.session = static_cast<std::uint32_t>(&ss - sessions_.data());
    auto& rec = s.rec;
    rec.clear();
    rec.index = ss.number;
    rec.turn_index = ss.turn;
    rec.phase = phase().phase;
    rec.worker_id = id_;
    rec.url_index = s.url;
    rec.streaming = spec_.streaming;
    rec.conversation = ss.conversation;
    write_uuid_v4(rng_, rec.x_request_id);
    write_uuid_v4(rng_, rec.x_correlation_id);
    prepare_turn(s, ss);
    if (spec_.keep_raw) keep_request(s);
    s.parser.reset();
    s.sse.reset();
    s.body_buf.clear();
    s.sse_mode = s.saw_done = s.saw_finish = false;
    s.cancel_chosen = chosen_for_cancellation(ss.number, ss.turn);
    s.in_prefill = phase().prefill_concurrency > 0;
    if (s.in_prefill) ++prefill_busy_;
    rec.t_start = now_mono_ns();
    rec.t_intended = std::min(ss.intended, rec.t_start);
    ss.last_intended = rec.t_intended;
    s.last_byte_ns = rec.t_start;
    counters_.issued.store(issued_, std::memory_order_relaxed);
    counters_.in_flight.store(busy_, std::memory_order_relaxed);

    s.deadline_total = rec.t_start + seconds_to_ns(spec_.options.request_timeout_s);
    s.deadline_connect = INT64_MAX;
    s.deadline_cancel = INT64_MAX;
    update_deadline(s);
    if (s.state == conn_state::open) {
        rec.connection_reused = true;
        rec.t_connected = rec.t_start;
        send_request(s);
    } else {
        open_connection(s);
    }
}

void worker::keep_request(slot& s) {
    auto& raw = s.rec.raw;
    char tail[request_tail_len];
    write_request_tail(tail, s.rec.x_request_id, s.rec.x_correlation_id);
    raw.request.assign(s.head).append(tail, request_tail_len);
    raw.request_head_len = static_cast<std::uint32_t>(raw.request.size());
    raw.request.append(s.body);
}

void worker::send_request(slot& s) {
    if (s.tls) {
        send_request_tls(s);
        return;
    }
    write_request_tail(s.tail, s.rec.x_request_id, s.rec.x_correlation_id);
    s.iov[0] = {const_cast<char*>(s.head.data()), s.head.size()};
    s.iov[1] = {s.tail, request_tail_len};
    s.iov[2] = {const_cast<char*>(s.body.data()), s.body.size()};
    s.total = s.head.size() + request_tail_len + s.body.size();
    s.sent = 0;
    s.msg = {};
    s.msg.msg_iov = s.iov;
    s.msg.msg_iovlen = 3;
    s.rec.t_write_start = now_mono_ns();
    s.send_pending = true;
    io_uring_sqe* sqe = ring_.sqe();
    io_uring_prep_sendmsg(sqe, 0, &s.msg, MSG_NOSIGNAL);
    set_socket(sqe, s);
    io_uring_sqe_set_data64(sqe, pack_user_data(op_send, s.index, s.gen));
}

void worker::on_send(slot& s, int res) {
    s.send_pending = false;
    if (s.tls) {
        on_send_tls(s, res);
        return;
    }
    if (!s.busy) return;
    if (res < 0) {
        if (retry_on_fresh_connection(s)) return;
        fail(s, metrics::error_kind::write, 0, "WriteError",
             std::string("sending the request failed: ") + std::strerror(-res));
        return;
    }
    s.sent += static_cast<std::size_t>(res);
    s.rec.bytes_sent += static_cast<std::uint64_t>(res);
    ++s.rec.chunks_sent;
    if (s.sent >= s.total) {
        on_request_written(s);
        return;
    }
    // Short send: skip what went out and send the rest.
    std::size_t skip = static_cast<std::size_t>(res);
    while (s.msg.msg_iovlen > 0 && skip >= s.msg.msg_iov[0].iov_len) {
        skip -= s.msg.msg_iov[0].iov_len;
        ++s.msg.msg_iov;
        --s.msg.msg_iovlen;
    }
    s.msg.msg_iov[0].iov_base = static_cast<char*>(s.msg.msg_iov[0].iov_base) + skip;
    s.msg.msg_iov[0].iov_len -= skip;
    s.send_pending = true;
    io_uring_sqe* sqe = ring_.sqe();
    io_uring_prep_sendmsg(sqe, 0, &s.msg, MSG_NOSIGNAL);
    set_socket(sqe, s);
    io_uring_sqe_set_data64(sqe, pack_user_data(op_send, s.index, s.gen));
}

void worker::on_request_written(slot& s) {
    s.rec.t_write_end = now_;
    if (!s.cancel_chosen) return;
    // AIPerf's cancellation clock starts once the request is fully written.
    s.deadline_cancel = now_ + seconds_to_ns(spec_.cancellation_delay_s);
    update_deadline(s);
}

void worker::left_prefill(slot& s) {
    if (!s.in_prefill) return;
    s.in_prefill = false;
    --prefill_busy_;
}

void worker::finish(slot& s) {
    auto& rec = s.rec;
    if (rec.t_end == 0) rec.t_end = now_;
    s.busy = false;
    --busy_;
    left_prefill(s);
    timers_.remove(s.index);
    ++completed_;
    if (!rec.ok()) ++errors_;
    worker_report& r = rep();
    if (phase().phase == metrics::benchmark_phase::profiling) {
        ++r.completed;
        if (!rec.ok()) ++r.errors;
    } else {
        ++report_.warmup_completed;
    }
    counters_.completed.store(completed_, std::memory_order_relaxed);
    counters_.errors.store(errors_, std::memory_order_relaxed);
    counters_.in_flight.store(busy_, std::memory_order_relaxed);
    if (spec_.failed_request_threshold && phase_index_ + 1 == spec_.phases.size())
        check_failure_threshold();
    const std::uint32_t id = s.session;
    s.session = no_session;
    const bool ok = rec.ok();
    // The session takes what it needs from the record first: the sink may take the record.
    if (id != no_session && s.capture_reply && ok) {
        session& ss = sessions_[id];
        ss.replies.push_back(rec.output_text);
        const std::int64_t out = rec.usage.completion_tokens >= 0 ? rec.usage.completion_tokens
                                                                  : (rec.output_chars + 3) / 4;
        ss.history_tokens = rec.input_tokens + out;
    }
    if (sink_) sink_->on_record(rec);
    freed_.push_back(s.index);
    if (id != no_session) turn_done(id, ok);
}

// The fraction over every worker, read from their progress counters: no shared writes.
void worker::check_failure_threshold() {
    if (aborted_) return;
    std::uint64_t done = 0, failed = 0;
    for (const auto& c : all_counters_) {
        if (c->phase.load(std::memory_order_relaxed) != phase_index_) continue;
        done += c->completed.load(std::memory_order_relaxed);
        failed += c->errors.load(std::memory_order_relaxed);
    }
    if (done < spec_.failure_check_after) return;
    if (static_cast<double>(failed) <= *spec_.failed_request_threshold * static_cast<double>(done))
        return;
    aborted_ = true;
    abort_(std::to_string(failed) + " of " + std::to_string(done) +
           " requests failed, more than --failed-request-threshold allows");
}

void worker::fail(slot& s, metrics::error_kind kind, std::int32_t code, std::string_view type,
                  std::string message) {
    auto& rec = s.rec;
    rec.error = kind;
    rec.error_code = code;
    rec.error_type.assign(type);
    rec.error_message = std::move(message);
    rec.t_end = now_;
    close_connection(s);
    finish(s);
}

void worker::cancel_request(slot& s) {
    auto& rec = s.rec;
    rec.was_cancelled = true;
    rec.cancel_ns = now_;
    ++rep().cancelled;
    fail(s, metrics::error_kind::cancelled, 499, "RequestCancellationError",
         "cancelled by the client " + std::to_string(spec_.cancellation_delay_s) +
             " s after the request was sent (--request-cancellation-rate)");
}

void worker::drop_in_flight() {
    for (auto& p : slots_) {
        slot& s = *p;
        if (!s.busy) continue;
        s.busy = false;
        --busy_;
        left_prefill(s);
        timers_.remove(s.index);
        ++rep().dropped;
        close_connection(s);
        freed_.push_back(s.index);
        if (s.session != no_session) end_session(s.session);
        s.session = no_session;
    }
    issuing_over_ = true;
    abandon_waiting();
    counters_.in_flight.store(busy_, std::memory_order_relaxed);
}

}  // namespace ringperf::engine
