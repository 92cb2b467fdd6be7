// io_uring feature probe: run once at start-up; names exactly what is missing so the
// engine can take a fallback or refuse with a clear message.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/base/result.h"

namespace ringperf::ring {

struct features {
    bool available = false;          // io_uring_setup works at all
    std::string unavailable_reason;  // when !available: why (disabled, seccomp, ENOSYS...)

    bool single_issuer = false;   // IORING_SETUP_SINGLE_ISSUER (6.0)
    bool defer_taskrun = false;   // IORING_SETUP_DEFER_TASKRUN (6.1)
    bool coop_taskrun = false;    // IORING_SETUP_COOP_TASKRUN (5.19)
    bool buf_ring = false;        // provided-buffer rings (5.19)
    bool multishot_recv = false;  // IORING_RECV_MULTISHOT (6.0), verified by a live probe
    bool op_socket = false;       // IORING_OP_SOCKET (5.19)
    bool op_connect = false;
    bool op_sendmsg = false;
    bool op_accept = false;
    bool op_close = false;
    bool op_cancel = false;
    bool sparse_files = false;  // io_uring_register_files_sparse (5.19)
    unsigned last_op = 0;       // highest opcode the kernel knows

    bool op_provide_buffers = false;  // IORING_OP_PROVIDE_BUFFERS (5.7): buffer rings' fallback
    bool op_send = false;             // IORING_OP_SEND (5.6)

    // Not a kernel fact: several SQEs go to the kernel in one io_uring_enter (off: one each).
    bool batching = true;

    unsigned rlimit_nofile = 0;      // current soft RLIMIT_NOFILE (caps each fixed-file table)
    unsigned rlimit_nofile_max = 0;  // hard limit

    // Features the mock server cannot run without that are missing (empty = usable).
    std::vector<std::string> missing_required() const;
    // Features the load engine cannot run without that are missing (empty = usable). It falls
    // back from the others: plain descriptors for direct ones (sparse_files), single-shot
    // for multishot receives, classic provided buffers for buffer rings, COOP_TASKRUN or a
    // plain ring for DEFER_TASKRUN and SINGLE_ISSUER.
    std::vector<std::string> missing_for_engine() const;
    // One line per feature, "name: yes/no", for logs and --version.
    std::string describe() const;
};

// Probes the running kernel. Cheap (a few ms); call once.
features probe();

// The features --io-uring-disable can turn off: single_issuer, defer_taskrun,
// coop_taskrun, multishot_recv, buf_ring, direct_descriptors, batching.
std::span<const std::string_view> switchable_features();

// Turns off the named features in `f` (single_issuer takes defer_taskrun with it, which
// needs it). An unknown name is an error listing the known ones.
result<void> disable_features(features& f, std::span<const std::string> names);

}  // namespace ringperf::ring
