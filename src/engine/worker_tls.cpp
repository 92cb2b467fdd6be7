// https connections: the TLS session is a transform between the socket and the HTTP
// parser. Received ciphertext is fed in and the plaintext goes to process(); request
// bytes are encrypted into the session's output, which is sent with IORING_OP_SEND
// from a per-connection buffer that stays untouched while the send is in flight.
#include <liburing.h>

#include <cstring>

#include "worker.h"

namespace ringperf::engine {

void worker::start_tls(slot& s) {
    auto sess = net::tls_session::create(*tls_ctx_, spec_.urls[s.url].host);
    if (!sess) {
        fail(s, metrics::error_kind::tls, 0, "TLSError", sess.message());
        return;
    }
    s.tls = std::move(*sess);
    s.state = conn_state::handshaking;
    drive_handshake(s);
}

void worker::drive_handshake(slot& s) {
    const net::tls_status st = s.tls->handshake();
    flush_tls(s);
    if (st == net::tls_status::ok) {
        connection_ready(s);
    } else if (st == net::tls_status::error) {
        fail(s, metrics::error_kind::tls, 0, "TLSError", s.tls->last_error());
    }
}

void worker::on_tls_bytes(slot& s, std::string_view ciphertext) {
    s.tls->feed(ciphertext);
    const std::uint32_t gen = s.gen;
    if (s.state == conn_state::handshaking) {
        drive_handshake(s);
        if (s.gen != gen || s.state != conn_state::open) return;
    }
    s.plain.clear();
    const net::tls_status st = s.tls->read(s.plain);
    if (!s.plain.empty()) process(s, s.plain);
    if (s.gen != gen) return;  // process() closed the connection
    flush_tls(s);              // alerts and key updates the read produced
    if (st == net::tls_status::closed) {
        on_peer_close(s, 0);
    } else if (st == net::tls_status::error) {
        if (s.busy)
            fail(s, metrics::error_kind::tls, 0, "TLSError", s.tls->last_error());
        else
            close_connection(s);
    }
}

void worker::send_request_tls(slot& s) {
    write_request_tail(s.tail, s.rec.x_request_id, s.rec.x_correlation_id);
    tls_scratch_.assign(s.head).append(s.tail, request_tail_len).append(s.body);
    s.rec.t_write_start = now_mono_ns();
    if (s.tls->write(tls_scratch_) != net::tls_status::ok) {
        fail(s, metrics::error_kind::tls, 0, "TLSError", s.tls->last_error());
        return;
    }
    s.rec.bytes_sent += tls_scratch_.size();
    s.write_open = true;
    flush_tls(s);
}

void worker::flush_tls(slot& s) {
    if (s.send_pending || !s.tls) return;
    const std::string_view out = s.tls->pending_output();
    if (out.empty()) return;
    s.tls_sending.assign(out);
    s.tls->consume_output(out.size());
    s.tls_sent = 0;
    send_tls(s);
}

void worker::send_tls(slot& s) {
    io_uring_sqe* sqe = ring_.sqe();
    io_uring_prep_send(sqe, 0, s.tls_sending.data() + s.tls_sent, s.tls_sending.size() - s.tls_sent,
                       MSG_NOSIGNAL);
    set_socket(sqe, s);
    io_uring_sqe_set_data64(sqe, pack_user_data(op_send, s.index, s.gen));
    s.send_pending = true;
}

void worker::on_send_tls(slot& s, int res) {
    if (res < 0) {
        if (!s.busy) {
            close_connection(s);
        } else if (!retry_on_fresh_connection(s)) {
            fail(s, metrics::error_kind::write, 0, "WriteError",
                 std::string("sending to the server failed: ") + std::strerror(-res));
        }
        return;
    }
    s.tls_sent += static_cast<std::size_t>(res);
    if (s.busy && s.state == conn_state::open) ++s.rec.chunks_sent;
    if (s.tls_sent < s.tls_sending.size()) {
        send_tls(s);
        return;
    }
    s.tls_sending.clear();
    if (!s.tls->pending_output().empty()) {
        flush_tls(s);
        return;
    }
    if (s.busy && s.write_open) {
        s.write_open = false;
        on_request_written(s);
    }
}

}  // namespace ringperf::engine
