// The HTTP side of a worker: routing, answers and their token timers.
#include <charconv>

#include "ringperf/base/json_writer.h"
#include "worker.h"

namespace ringperf::mock {

namespace {

// Input received while an answer is pending is held; beyond this the client is not
// waiting for answers but flooding, and the connection is dropped.
constexpr std::size_t max_held_input = 4u << 20;
constexpr std::size_t max_known_models = 64;
constexpr std::size_t max_spare_answers = 1024;
// Output queued beyond what the kernel took; past this a stream pauses (its clock keeps
// running, so it catches up once the client reads again, as a server whose socket blocked).
constexpr std::size_t max_queued_output = 256 * 1024;

std::uint64_t hash_text(std::string_view s) {
    std::uint64_t h = 0xcbf29ce484222325ULL;
    for (const char c : s) {
        h ^= static_cast<unsigned char>(c);
        h *= 0x100000001b3ULL;
    }
    return h;
}

// Drops the words past the first `n` (the answer cycles through at most n of them).
void keep_words(std::string& words, std::uint64_t n) {
    std::size_t pos = 0;
    for (std::uint64_t k = 0; k < n; ++k) {
        pos = words.find(' ', pos);
        if (pos == std::string::npos) return;
        ++pos;
    }
    if (pos > 0) words.resize(pos - 1);
}

std::string_view path_of(std::string_view target) {
    return target.substr(0, target.find('?'));
}

}  // namespace

void model_registry::note(std::string_view model) {
    std::lock_guard lock(mu_);
    for (const auto& n : names_)
        if (n == model) return;
    names_.emplace_back(model);
}

std::string model_registry::list_json(std::int64_t created) const {
    std::vector<std::string> names;
    {
        std::lock_guard lock(mu_);
        names = names_;
    }
    if (names.empty()) names.emplace_back(default_model_name);
    std::string out;
    json_writer w(out);
    w.begin_object().key("object").value("list").key("data").begin_array();
    for (const auto& n : names)
        w.begin_object()
            .key("id")
            .value(n)
            .key("object")
            .value("model")
            .key("created")
            .value(created)
            .key("owned_by")
            .value("ringperf-mock")
            .end_object();
    w.end_array().end_object();
    return out;
}

void worker::process_input(connection& c, std::string_view data) {
    while (!data.empty()) {
        if (c.closing || c.close_after) return;
        if (c.ans) {
            if (c.in.size() + data.size() > max_held_input) {
                ++local_.errors;
                return close_conn(c);
            }
            c.in.append(data);
            return;
        }
        const http::parse_status st = c.parser.feed(data);
        if (st == http::parse_status::need_more) return;
        ++local_.requests;
        if (st != http::parse_status::complete) {
            const http::parse_error e = c.parser.error();
            const int status = e == http::parse_error::body_too_large ? 413 : 400;
            send_error(c, status, std::string("malformed request: ") + http::parse_error_name(e),
                       true);
            c.close_after = true;
            return flush_out(c);
        }
        handle_request(c);
        // A pending answer holds copies of what it needs from the request; the parser's
        // buffers are released instead of kept for the next request, since a stream may
        // hold its connection (and them) for minutes.
        if (c.ans)
            c.parser = http::request_parser();
        else
            c.parser.reset();
        flush_out(c);
    }
}

void worker::resume_input(connection& c) {
    resume_.clear();
    resume_.swap(c.in);
    process_input(c, resume_);
    flush_out(c);
}

void worker::handle_request(connection& c) {
    const bool close = !c.parser.keep_alive() || stopping_;
    const std::string_view method = c.parser.method();
    const std::string_view path = path_of(c.parser.target());
    const bool chat = path == "/v1/chat/completions";
    if (chat || path == "/v1/completions") {
        if (method != "POST")
            send_error(c, 405, "Method Not Allowed", close, "POST");
        else
            handle_completion(c, chat ? api_kind::chat : api_kind::completions, close);
    } else if (path == "/v1/models" || path == "/health") {
        if (method != "GET")
            send_error(c, 405, "Method Not Allowed", close, "GET");
        else if (path == "/health")
            append_json_response(c.out, 200, "{\"status\":\"ok\"}", close);
        else
            append_json_response(c.out, 200, cfg_.models.list_json(created_s_), close);
    } else {
        send_error(c, 404, "Not Found", close);
    }
    if (close) c.close_after = true;
}

void worker::handle_completion(connection& c, api_kind kind, bool close) {
    std::unique_ptr<answer> a = take_answer();
    // Decoded into the worker's request first: the prompt is cut to the words the answer
    // uses before the copy, so a streaming answer does not hold a whole prompt's capacity.
    if (!decoder_.decode(kind, c.parser.body(), request_, scratch_)) {
        spare_answers_.push_back(std::move(a));
        return send_error(c, 400, scratch_, close);
    }
    note_model(request_.model);
    a->plan = plan_output(request_, cfg_.seed);
    if (a->plan.tokens < request_.prompt_tokens) keep_words(request_.words, a->plan.tokens);
    a->req = request_;

    char hex[17];
    const auto r = std::to_chars(hex, hex + 16, rng_.next() | (1ULL << 63), 16);
    answer_id_.assign(kind == api_kind::chat ? "chatcmpl-" : "cmpl-");
    answer_id_.append(hex, r.ptr);
    const auto rid = c.parser.header_value("x-request-id");
    const std::string_view request_id = rid && !rid->empty() ? *rid : answer_id_;
    if (truth_.enabled()) a->request_id.assign(request_id);
    make_json_prefix(a->prefix, {kind, answer_id_, created_s_, a->req.model}, a->req.stream);
    a->close = close;
    const std::uint64_t seed = cfg_.seed ^ a->req.content_hash ^ hash_text(request_id);
    a->clock.start(cfg_.clock, now_mono_ns(), seed);
    start_answer(c, std::move(a));
}

void worker::start_answer(connection& c, std::unique_ptr<answer> a) {
    c.ans = std::move(a);
    answer& ans = *c.ans;
    if (!ans.req.stream) {
        const std::uint64_t last = ans.plan.tokens > 0 ? ans.plan.tokens - 1 : 0;
        return schedule(c, ans.clock.deadline_of(last));
    }
    append_stream_head(c.out, ans.close);
    if (ans.req.kind == api_kind::chat) writer_.role_event(c.out, ans.prefix);
    schedule(c, ans.clock.deadline());
}

void worker::schedule(connection& c, mono_ns deadline) {
    c.ans->scheduled = deadline;
    timers_.push({deadline, c.id, c.gen & 0xffffff});
}

void worker::run_timers(mono_ns now) {
    while (!timers_.empty() && timers_.top().deadline <= now) {
        const timer t = timers_.top();
        timers_.pop();
        connection* c = lookup(t.id, t.gen);
        if (!c || c->closing || !c->ans || c->ans->done || c->ans->scheduled != t.deadline)
            continue;
        advance_answer(*c, now);
        flush_out(*c);
    }
}

void worker::advance_answer(connection& c, mono_ns now) {
    answer& a = *c.ans;
    if (!a.req.stream) return send_whole(c);
    if (cfg_.opts.segment_per_token) return advance_one_event(c, now);
    while (a.queued < a.plan.tokens && a.clock.deadline() <= now) {
        if (c.out.size() >= max_queued_output) {
            a.blocked = true;
            return;
        }
        queue_token(c);
    }
    if (a.queued == a.plan.tokens)
        finish_stream(c);
    else
        schedule(c, a.clock.deadline());
}

// The answer's next token as an SSE event in c.out; its clock moves to the token after.
void worker::queue_token(connection& c) {
    answer& a = *c.ans;
    text_.assign(1, ' ');
    text_ += next_word(a.req.words, a.cursor);
    writer_.token_event(c.out, a.req.kind, a.prefix, text_);
    ++a.queued;
    ++local_.tokens;
    a.clock.advance();
}

// segment_per_token: the next event is made only once the previous one's send completed
// (unblock() calls back here), so no send ever carries two events. A token that fell due
// meanwhile goes out late against its own deadline, which the clock keeps (no drift).
void worker::advance_one_event(connection& c, mono_ns now) {
    answer& a = *c.ans;
    if (c.send_inflight || !c.out.empty()) {
        a.blocked = true;
        return;
    }
    if (a.queued < a.plan.tokens) {
        if (a.clock.deadline() > now) return schedule(c, a.clock.deadline());
        queue_token(c);
    } else if (a.tail == 0) {
        writer_.finish_event(c.out, a.req.kind, a.prefix, a.plan.length);
        a.tail = a.req.include_usage ? 1 : 2;
    } else if (a.tail == 1) {
        writer_.usage_event(c.out, a.prefix, a.req.prompt_tokens, a.queued);
        a.tail = 2;
    } else {
        writer_.done_event(c.out);
        append_last_chunk(c.out);
        a.done = true;
    }
    a.blocked = !a.done;
}

void worker::unblock(connection& c, mono_ns now) {
    if (!c.ans || !c.ans->blocked || c.out.size() >= max_queued_output) return;
    c.ans->blocked = false;
    if (cfg_.opts.segment_per_token) return advance_one_event(c, now);
    schedule(c, now);
}

void worker::finish_stream(connection& c) {
    answer& a = *c.ans;
    writer_.finish_event(c.out, a.req.kind, a.prefix, a.plan.length);
    if (a.req.include_usage) writer_.usage_event(c.out, a.prefix, a.req.prompt_tokens, a.queued);
    writer_.done_event(c.out);
    append_last_chunk(c.out);
    a.done = true;
}

void worker::send_whole(connection& c) {
    answer& a = *c.ans;
    text_.clear();
    for (std::uint64_t k = 0; k < a.plan.tokens; ++k) {
        text_.push_back(' ');
        text_ += next_word(a.req.words, a.cursor);
    }
    append_full_answer(c.out, scratch_, a.req.kind, a.prefix, text_, a.plan.length,
                       a.req.prompt_tokens, a.plan.tokens, a.close);
    a.queued = a.plan.tokens;
    local_.tokens += a.plan.tokens;
    a.done = true;
}

void worker::send_error(connection& c, int status, std::string_view message, bool close,
                        std::string_view allow) {
    append_error_response(c.out, status, message, close, allow);
    ++local_.errors;
}

void worker::release_answer(connection& c) {
    if (!c.ans) return;
    if (spare_answers_.size() < max_spare_answers) spare_answers_.push_back(std::move(c.ans));
    c.ans.reset();
}

std::unique_ptr<answer> worker::take_answer() {
    if (spare_answers_.empty()) return std::make_unique<answer>();
    std::unique_ptr<answer> a = std::move(spare_answers_.back());
    spare_answers_.pop_back();
    a->cursor = 0;
    a->queued = a->stamped = 0;
    a->done = a->close = a->blocked = false;
    a->tail = 0;
    return a;
}

void worker::note_model(const std::string& model) {
    for (const auto& m : known_models_)
        if (m == model) return;
    cfg_.models.note(model);
    if (known_models_.size() < max_known_models) known_models_.push_back(model);
}

}  // namespace ringperf::mock
