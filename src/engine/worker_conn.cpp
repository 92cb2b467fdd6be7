// Connection life cycle of a worker slot: direct-descriptor sockets, connect, the
// always-armed multishot receive, and closes that never race a reused table slot.
#include <liburing.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ringperf/net/source.h"
#include "worker.h"

namespace ringperf::engine {

void worker::set_socket(io_uring_sqe* sqe, const slot& s) const {
    if (direct_) {
        sqe->fd = static_cast<int>(s.index);
        sqe->flags |= IOSQE_FIXED_FILE;
    } else {
        sqe->fd = s.fd;
    }
}

void worker::open_connection(slot& s) {
    if (connecting_ >= connect_limit_) {
        s.state = conn_state::queued;
        connect_wait_.push_back({s.index, s.gen});
        return;
    }
    start_connect(s);
}

void worker::connect_done() {
    --connecting_;
    while (connecting_ < connect_limit_ && !connect_wait_.empty()) {
        const waiting_connect w = connect_wait_.front();
        connect_wait_.pop_front();
        slot& s = *slots_[w.slot];
        if (s.gen == w.gen && s.state == conn_state::queued) start_connect(s);
    }
}

void worker::start_connect(slot& s) {
    // An ordinary socket gets its options (source address, port range) with plain
    // syscalls; with direct descriptors it is then installed in the ring's file table and
    // closed, so the connection uses no descriptor-table slot and a process can hold more
    // connections than RLIMIT_NOFILE.
    const url_target& target = spec_.urls[s.url];
    net::client_socket_options so;
    so.local_ports = plan_.local_ports;
    if (s.url < plan_.sources.size() && !plan_.sources[s.url].empty()) {
        const auto& list = plan_.sources[s.url];
        so.source = &list[next_source_[s.url]++ % list.size()];
    }
    s.state = conn_state::closed;
    auto fd = net::make_client_socket(target.address.family(), so);
    if (!fd) {
        fail(s, metrics::error_kind::connect, 0, "ConnectError", fd.message());
        return;
    }
    if (direct_) {
        int f = *fd;
        const int rc = io_uring_register_files_update(ring_.get(), s.index, &f, 1);
        ::close(f);
        if (rc < 0) {
            fail(s, metrics::error_kind::connect, 0, "ConnectError",
                 std::string("cannot install the socket in the io_uring file table: ") +
                     std::strerror(-rc));
            return;
        }
    } else {
        s.fd = *fd;
    }
    if (so.source) ++report_.connects_by_source[net::host_part(*so.source)];
    s.state = conn_state::connecting;
    ++connecting_;
    ++report_.connects;
    io_uring_sqe* sqe = ring_.sqe();
    io_uring_prep_connect(sqe, 0, target.address.get(), target.address.len);
    set_socket(sqe, s);
    io_uring_sqe_set_data64(sqe, pack_user_data(op_connect, s.index, s.gen));
    if (spec_.options.connect_timeout_s && s.busy) {
        s.deadline_connect =
            now_mono_ns() + static_cast<mono_ns>(*spec_.options.connect_timeout_s * 1e9);
        update_deadline(s);
    }
}

void worker::on_connect(slot& s, int res) {
    if (res < 0) {
        fail(s, metrics::error_kind::connect, 0, "ConnectError",
             "cannot connect to " + spec_.urls[s.url].address.to_string() + ": " +
                 std::strerror(-res));
        return;
    }
    arm_recv(s);
    if (spec_.urls[s.url].tls) {
        start_tls(s);
        return;
    }
    connection_ready(s);
}

void worker::connection_ready(slot& s) {
    if (is_connecting(s.state)) connect_done();
    s.state = conn_state::open;
    s.deadline_connect = INT64_MAX;
    if (!s.busy) return;
    s.rec.t_connected = now_;
    send_request(s);
}

void worker::arm_recv(slot& s) {
    io_uring_sqe* sqe = ring_.sqe();
    if (spec_.features.multishot_recv)
        io_uring_prep_recv_multishot(sqe, 0, nullptr, 0, 0);
    else
        io_uring_prep_recv(sqe, 0, nullptr, 0, 0);
    set_socket(sqe, s);
    sqe->flags |= IOSQE_BUFFER_SELECT;
    sqe->buf_group = bufs_.group();
    io_uring_sqe_set_data64(sqe, pack_user_data(op_recv, s.index, s.gen));
    s.recv_armed = true;
}

void worker::on_recv(slot& s, io_uring_cqe* cqe) {
    const int res = cqe->res;
    const bool more = cqe->flags & IORING_CQE_F_MORE;
    if (!more) s.recv_armed = false;
    if (res > 0) {
        const unsigned bid = cqe->flags >> IORING_CQE_BUFFER_SHIFT;
        const std::uint32_t gen = s.gen;
        const std::string_view data(bufs_.buffer(bid), static_cast<std::size_t>(res));
        if (s.busy && s.state == conn_state::open) ++s.rec.chunks_received;
        if (s.tls)
            on_tls_bytes(s, data);
        else
            process(s, data);
        bufs_.recycle(bid);
        if (!more && s.gen == gen && s.state == conn_state::open) arm_recv(s);
        return;
    }
    if (res == -ENOBUFS) {
        // Every buffer is in use until this batch is recycled; re-arm after publishing.
        bufs_.publish();
        if (s.state == conn_state::open && !s.recv_armed) arm_recv(s);
        return;
    }
    on_peer_close(s, res == 0 ? 0 : -res);
}

void worker::on_peer_close(slot& s, int err) {
    s.recv_armed = false;
    if (!s.busy) {
        // The server closed an idle keep-alive connection: reconnect when next needed.
        close_connection(s);
        return;
    }
    auto& rec = s.rec;
    const std::string why = err ? std::string(" (") + std::strerror(err) + ")" : std::string();
    if (s.state == conn_state::handshaking) {
        fail(s, metrics::error_kind::tls, 0, "TLSError",
             "the server closed the connection during the TLS handshake" + why);
        return;
    }
    if (s.parser.started()) {
        if (s.parser.feed_eof() == http::parse_status::complete) {
            complete_response(s);
            close_connection(s);
            return;
        }
        fail(s, metrics::error_kind::read, 0, "ConnectionClosed",
             "the server closed the connection after " + std::to_string(rec.bytes_received) +
                 " bytes of an incomplete response" + why);
        return;
    }
    if (retry_on_fresh_connection(s)) return;
    fail(s, metrics::error_kind::read, 0, "ConnectionClosed",
         "the server closed the connection before responding" + why);
}

bool worker::retry_on_fresh_connection(slot& s) {
    auto& rec = s.rec;
    if (!rec.connection_reused || rec.retries > 0 || rec.t_first_byte != 0) return false;
    // A keep-alive connection the server closed just as the request went out: nothing was
    // answered, so the request goes again on a fresh connection (once).
    close_connection(s);
    ++rec.retries;
    ++report_.retries;
    rec.connection_reused = false;
    rec.bytes_sent = 0;
    rec.chunks_sent = 0;
    open_connection(s);
    return true;
}

void worker::close_connection(slot& s) {
    if (s.state == conn_state::closed) return;
    if (s.state == conn_state::queued) {
        // No socket yet; its place in the queue goes stale with the generation.
        s.state = conn_state::closed;
        ++s.gen;
        return;
    }
    if (is_connecting(s.state)) connect_done();
    // Operations already queued for this socket are submitted first, so none of them can
    // reach a successor socket installed in the same table slot. Cancelling by user_data
    // is a hash lookup; cancelling by descriptor would scan every request in the ring.
    io_uring_submit(ring_.get());
    if (s.recv_armed) cancel(pack_user_data(op_recv, s.index, s.gen));
    if (s.send_pending) cancel(pack_user_data(op_send, s.index, s.gen));
    if (s.state == conn_state::connecting) cancel(pack_user_data(op_connect, s.index, s.gen));
    s.tls.reset();
    s.tls_sending.clear();
    s.write_open = false;
    // In-flight operations keep the old socket alive until they complete; the table slot
    // (or descriptor) is free now and its last reference goes when they do.
    if (direct_) {
        int none = -1;
        io_uring_register_files_update(ring_.get(), s.index, &none, 1);
    } else {
        ::close(s.fd);
        s.fd = -1;
    }
    s.state = conn_state::closed;
    s.recv_armed = false;
    s.send_pending = false;
    ++s.gen;
}

void worker::cancel(std::uint64_t user_data) {
    io_uring_sqe* sqe = ring_.sqe();
    io_uring_prep_cancel64(sqe, user_data, 0);
    io_uring_sqe_set_data64(sqe, pack_user_data(op_cancel, 0, 0));
    sqe->flags |= IOSQE_CQE_SKIP_SUCCESS;
}

}  // namespace ringperf::engine
