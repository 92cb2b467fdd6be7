#include "ringperf/ring/probe.h"

#include <liburing.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>

namespace ringperf::ring {

namespace {

bool try_setup(unsigned flags) {
    io_uring r;
    io_uring_params p{};
    p.flags = flags;
    if (io_uring_queue_init_params(8, &r, &p) != 0) return false;
    io_uring_queue_exit(&r);
    return true;
}

// Registers a 1-entry buffer ring on `r`; true if the kernel accepts it.
bool try_buf_ring(io_uring& r, void*& mem, std::size_t bytes) {
    mem = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_ANONYMOUS | MAP_PRIVATE, -1, 0);
    if (mem == MAP_FAILED) {
        mem = nullptr;
        return false;
    }
    io_uring_buf_reg reg{};
    reg.ring_addr = reinterpret_cast<std::uint64_t>(mem);
    reg.ring_entries = 1;
    reg.bgid = 1;
    return io_uring_register_buf_ring(&r, &reg, 0) == 0;
}

// A live multishot receive on a socketpair: two writes must give two CQEs from one SQE.
bool try_multishot_recv(io_uring& r, void* ring_mem) {
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) return false;
    auto* br = static_cast<io_uring_buf_ring*>(ring_mem);
    static char buf[64];
    io_uring_buf_ring_init(br);
    io_uring_buf_ring_add(br, buf, sizeof buf, 0, io_uring_buf_ring_mask(1), 0);
    io_uring_buf_ring_advance(br, 1);
    io_uring_sqe* sqe = io_uring_get_sqe(&r);
    io_uring_prep_recv_multishot(sqe, sv[0], nullptr, 0, 0);
    sqe->flags |= IOSQE_BUFFER_SELECT;
    sqe->buf_group = 1;
    io_uring_sqe_set_data64(sqe, 7);
    io_uring_submit(&r);
    bool ok = false;
    if (::write(sv[1], "x", 1) == 1) {
        io_uring_cqe* cqe = nullptr;
        __kernel_timespec ts{1, 0};
        if (io_uring_wait_cqe_timeout(&r, &cqe, &ts) == 0 && cqe) {
            ok = cqe->res == 1 && (cqe->flags & IORING_CQE_F_MORE);
            io_uring_cqe_seen(&r, cqe);
        }
    }
    ::close(sv[0]);
    ::close(sv[1]);
    // Drain whatever the closed socket posted (the multishot ends with res 0 or an error).
    io_uring_cqe* cqe = nullptr;
    __kernel_timespec ts{0, 50'000'000};
    while (io_uring_wait_cqe_timeout(&r, &cqe, &ts) == 0 && cqe)
        io_uring_cqe_seen(&r, cqe);
    return ok;
}

}  // namespace

features probe() {
    features f;
    rlimit rl{};
    if (getrlimit(RLIMIT_NOFILE, &rl) == 0) {
        f.rlimit_nofile =
            rl.rlim_cur == RLIM_INFINITY ? 1u << 20 : static_cast<unsigned>(rl.rlim_cur);
        f.rlimit_nofile_max =
            rl.rlim_max == RLIM_INFINITY ? 1u << 20 : static_cast<unsigned>(rl.rlim_max);
    }

    io_uring r;
    const int rc = io_uring_queue_init(8, &r, 0);
    if (rc != 0) {
        f.unavailable_reason = std::string("io_uring_setup failed: ") + std::strerror(-rc);
        std::ifstream disabled("/proc/sys/kernel/io_uring_disabled");
        int v = 0;
        if (disabled >> v && v != 0)
            f.unavailable_reason += " (kernel.io_uring_disabled = " + std::to_string(v) + ")";
        else if (rc == -EPERM || rc == -ENOSYS)
            f.unavailable_reason += " (blocked by a seccomp profile or not built into the kernel)";
        return f;
    }
    f.available = true;

    if (io_uring_probe* p = io_uring_get_probe_ring(&r)) {
        f.last_op = p->last_op;
        f.op_socket = io_uring_opcode_supported(p, IORING_OP_SOCKET);
        f.op_connect = io_uring_opcode_supported(p, IORING_OP_CONNECT);
        f.op_sendmsg = io_uring_opcode_supported(p, IORING_OP_SENDMSG);
        f.op_accept = io_uring_opcode_supported(p, IORING_OP_ACCEPT);
        f.op_close = io_uring_opcode_supported(p, IORING_OP_CLOSE);
        f.op_cancel = io_uring_opcode_supported(p, IORING_OP_ASYNC_CANCEL);
        f.op_provide_buffers = io_uring_opcode_supported(p, IORING_OP_PROVIDE_BUFFERS);
        f.op_send = io_uring_opcode_supported(p, IORING_OP_SEND);
        io_uring_free_probe(p);
    }
    f.sparse_files = io_uring_register_files_sparse(&r, 4) == 0;
    if (f.sparse_files) io_uring_unregister_files(&r);

    void* mem = nullptr;
    const std::size_t bytes = 4096;
    f.buf_ring = try_buf_ring(r, mem, bytes);
    if (f.buf_ring) f.multishot_recv = try_multishot_recv(r, mem);
    io_uring_queue_exit(&r);
    if (mem) munmap(mem, bytes);

    f.coop_taskrun = try_setup(IORING_SETUP_COOP_TASKRUN);
    f.single_issuer = try_setup(IORING_SETUP_SINGLE_ISSUER);
    f.defer_taskrun =
        f.single_issuer && try_setup(IORING_SETUP_SINGLE_ISSUER | IORING_SETUP_DEFER_TASKRUN);
    return f;
}

std::vector<std::string> features::missing_required() const {
    std::vector<std::string> m;
    if (!available) {
        m.push_back("io_uring (" + unavailable_reason + ")");
        return m;
    }
    if (!op_connect) m.emplace_back("IORING_OP_CONNECT (Linux 5.5)");
    if (!op_sendmsg) m.emplace_back("IORING_OP_SENDMSG (Linux 5.3)");
    if (!op_accept) m.emplace_back("IORING_OP_ACCEPT (Linux 5.5)");
    if (!op_close) m.emplace_back("IORING_OP_CLOSE (Linux 5.6)");
    if (!op_cancel) m.emplace_back("IORING_OP_ASYNC_CANCEL (Linux 5.5)");
    if (!sparse_files) m.emplace_back("sparse fixed-file tables (Linux 5.19)");
    if (!buf_ring) m.emplace_back("provided-buffer rings (Linux 5.19)");
    if (!multishot_recv) m.emplace_back("multishot receive (Linux 6.0)");
    return m;
}

std::vector<std::string> features::missing_for_engine() const {
    std::vector<std::string> m;
    if (!available) {
        m.push_back("io_uring (" + unavailable_reason + ")");
        return m;
    }
    if (!op_connect) m.emplace_back("IORING_OP_CONNECT (Linux 5.5)");
    if (!op_sendmsg) m.emplace_back("IORING_OP_SENDMSG (Linux 5.3)");
    if (!op_send) m.emplace_back("IORING_OP_SEND (Linux 5.6)");
    if (!op_cancel) m.emplace_back("IORING_OP_ASYNC_CANCEL (Linux 5.5)");
    if (!buf_ring && !op_provide_buffers)
        m.emplace_back("provided buffers (IORING_OP_PROVIDE_BUFFERS, Linux 5.7)");
    return m;
}

namespace {

constexpr std::string_view switch_names[] = {
    "single_issuer", "defer_taskrun",      "coop_taskrun", "multishot_recv",
    "buf_ring",      "direct_descriptors", "batching"};

}  // namespace

std::span<const std::string_view> switchable_features() {
    return switch_names;
}

result<void> disable_features(features& f, std::span<const std::string> names) {
    for (const auto& n : names) {
        if (n == "single_issuer") {
            f.single_issuer = f.defer_taskrun = false;
        } else if (n == "defer_taskrun") {
            f.defer_taskrun = false;
        } else if (n == "coop_taskrun") {
            f.coop_taskrun = false;
        } else if (n == "multishot_recv") {
            f.multishot_recv = false;
        } else if (n == "buf_ring") {
            f.buf_ring = false;
        } else if (n == "direct_descriptors") {
            f.sparse_files = false;
        } else if (n == "batching") {
            f.batching = false;
        } else {
            std::string known;
            for (auto k : switch_names)
                known += (known.empty() ? "" : ", ") + std::string(k);
            return make_error("unknown io_uring feature '" + n + "' (known: " + known + ")");
        }
    }
    return {};
}

std::string features::describe() const {
    if (!available) return "io_uring: unavailable (" + unavailable_reason + ")\n";
    std::string s;
    auto line = [&](const char* name, bool v) {
        s += name;
        s += v ? ": yes\n" : ": no\n";
    };
    line("single_issuer", single_issuer);
    line("defer_taskrun", defer_taskrun);
    line("coop_taskrun", coop_taskrun);
    line("buf_ring", buf_ring);
    line("multishot_recv", multishot_recv);
    line("op_socket", op_socket);
    line("sparse_files", sparse_files);
    line("op_provide_buffers", op_provide_buffers);
    line("batching", batching);
    s += "last_op: " + std::to_string(last_op) + "\n";
    s += "rlimit_nofile: " + std::to_string(rlimit_nofile) + " (hard " +
         std::to_string(rlimit_nofile_max) + ")\n";
    return s;
}

}  // namespace ringperf::ring
