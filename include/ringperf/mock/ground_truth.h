// Ground-truth log of token send times (`ringperf mock --ground-truth FILE`), so that a
// client's measurement error can itself be measured.
//
// File format: CSV, a header line `x_request_id,token_index,mono_ns,wall_ns`, then one line
// per output token:
//   x_request_id  the request's X-Request-ID header, or the answer's id ("chatcmpl-...") when
//                 the request had none; quoted per RFC 4180 when it holds `,` `"` or a space
//   token_index   0-based index of the token in its answer
//   mono_ns       CLOCK_MONOTONIC in ns, taken right before the io_uring submit that carries
//                 the send of the bytes holding this token (CLOCK_MONOTONIC is shared with a
//                 client on the same machine); with logging on, every such send is submitted
//                 on its own right after its stamp, so the stamp is the send
//   wall_ns       the same instant in ns since the Unix epoch (one mapping captured at start)
// A non-streamed answer logs every token index with the time its whole body was sent. Lines of
// one request appear in token order; lines of different requests (and of different worker
// threads) interleave in no particular order.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ringperf/base/clock.h"
#include "ringperf/base/result.h"

namespace ringperf::mock {

// Owns the file and one writer thread that appends the buffers workers hand over.
// submit() is thread-safe; open() and close() are called by the owner only.
class ground_truth_writer {
  public:
    // Creates (truncates) `path` and writes the header line.
    static result<std::unique_ptr<ground_truth_writer>> open(const std::string& path);
    ~ground_truth_writer();  // close() if not done
    ground_truth_writer(const ground_truth_writer&) = delete;
    ground_truth_writer& operator=(const ground_truth_writer&) = delete;

    // Queues `text` (whole lines) for writing; takes its content and leaves it empty.
    void submit(std::string& text);
    // Writes everything queued, stops the writer thread and closes the file. Reports the
    // first write error, if any. Idempotent.
    result<void> close();

  private:
    ground_truth_writer() = default;
    void run();

    int fd_ = -1;
    std::string path_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::deque<std::string> queue_;
    bool closing_ = false;
    bool closed_ = false;
    int write_errno_ = 0;
    std::thread thread_;
};

// A worker thread's ground-truth lines. Tokens are first noted as pending (when their send is
// queued to the ring) and stamped together by commit(), right before the submit. Not
// thread-safe: one per worker.
class ground_truth_buffer {
  public:
    // `writer` may be null (logging off: every call is then a cheap no-op).
    ground_truth_buffer(ground_truth_writer* writer, wall_clock_map map);

    bool enabled() const { return writer_ != nullptr; }
    // Tokens [first, first + count) of request `id` go out with the next submit.
    void add(std::string_view id, std::uint64_t first, std::uint64_t count);
    bool has_pending() const { return !pending_.empty(); }
    // Stamps every pending token with `t` and appends their lines; hands the text to the
    // writer once it exceeds flush_bytes.
    void commit(mono_ns t);
    // Hands all text to the writer (pending tokens are committed first with the current time).
    void flush();

    static constexpr std::size_t flush_bytes = 1 << 20;

  private:
    struct pending {
        std::uint32_t id_offset;  // into ids_
        std::uint32_t id_length;
        std::uint64_t first;
        std::uint64_t count;
    };
    ground_truth_writer* writer_;
    wall_clock_map map_;
    std::string ids_;  // ids of the pending entries, back to back
    std::vector<pending> pending_;
    std::string text_;
};

}  // namespace ringperf::mock
