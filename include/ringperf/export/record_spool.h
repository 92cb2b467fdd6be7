// Per-worker spool of JSONL lines, so a run of any length keeps memory flat: each engine
// worker appends its requests' lines to its own file (<artifact_dir>/.spool/worker-<n>.jsonl)
// through a buffer written when full; at the end finalize() joins the spools into
// profile_export.jsonl.
//
// The file is opened with O_DIRECT where the file system allows it: full buffers then go
// from memory to the device without being copied into the page cache, which costs the
// writing thread about 1 ns per byte on this project's VM (a fifth of a counting thread's CPU
// per small request). A direct write waits for the device, so full buffers (2 MiB, on huge
// pages) are handed to a thread of the spool's own that writes them in order while the owner
// fills the next (three buffers in all, resident once used); the owner waits only when all
// three are queued. The first write that cannot be direct (the unaligned end at close(), a
// flush() or a block larger than buffer_bytes) turns O_DIRECT off for the rest of the file,
// and later writes are plain write(2) calls from the owner through a 256 KiB buffer, as on
// file systems without O_DIRECT.
//
// Thread-safety: a record_spool belongs to one thread. finalize() runs after every spool
// has been flushed and closed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "ringperf/base/result.h"

namespace ringperf::exporter {

class record_spool {
  public:
    // The buffer of plain writes; blocks larger than this are written through at once.
    static constexpr std::size_t buffer_bytes = 256 * 1024;

    // Creates (or truncates) the file at `path`, creating missing parent directories.
    // The error names the path and the system's reason.
    static result<record_spool> open(std::string path);

    record_spool(record_spool&& other) noexcept;
    record_spool& operator=(record_spool&& other) noexcept;
    record_spool(const record_spool&) = delete;
    record_spool& operator=(const record_spool&) = delete;
    // Writes what is still buffered (errors are lost: call flush() first to see them)
    // and closes the file.
    ~record_spool();

    // Copies `bytes` (whole lines, '\n'-terminated) into the buffer, writing the buffer each
    // time it is full (so a line may be split between two writes), and writes blocks larger
    // than the buffer through at once. Fails only when a write fails (disk full...), naming
    // the path; the spool is then broken and every later call fails the same way. A failed
    // direct write is reported by a later append(), flush() or close().
    result<void> append(std::string_view bytes);
    // Writes everything buffered, waiting for the queued direct writes.
    result<void> flush();
    // Flushes and closes the file; later appends fail. Idempotent.
    result<void> close();

    const std::string& path() const { return path_; }
    // Bytes accepted by append() so far (written or still buffered).
    std::uint64_t bytes_appended() const { return appended_; }
    // CPU time of the spool's writer thread, once it has ended (close(), or O_DIRECT turned
    // off); 0 without one. Work done for the owner, to be counted with it.
    std::int64_t writer_cpu_ns() const { return writer_cpu_ns_; }

    // Concatenates `spool_paths` in order into `final_path` through a temporary file in
    // the same directory renamed over it (a reader never sees a partial file), then
    // removes the spool files and their directory when it is left empty. A missing spool
    // is an error naming it; on any error the spools are kept and `final_path` untouched.
    // The first spool becomes the temporary file by a rename when both are on one file
    // system, so a single spool is never copied; the others are appended to it.
    static result<void> finalize(std::span<const std::string> spool_paths,
                                 const std::string& final_path);

    // What finalize() writes around the spools' content: `head` before it; then, when the
    // content is at least `trim_last` bytes long, its last `trim_last` bytes are dropped;
    // then `tail` (e.g. a JSON array whose entries end in ",\n").
    struct framing {
        std::string_view head, tail;
        std::size_t trim_last = 0;
    };
    static result<void> finalize(std::span<const std::string> spool_paths,
                                 const std::string& final_path, const framing& frame);

  private:
    class direct_writer;
    struct free_deleter {
        void operator()(char* p) const noexcept;
    };

    record_spool(std::string path, int fd, std::unique_ptr<direct_writer> direct);
    static std::optional<result<void>> finalize_by_rename(std::span<const std::string> spool_paths,
                                                          const std::string& tmp,
                                                          const std::string& final_path);
    result<void> write_all(const char* p, std::size_t n);
    result<void> write_full_buffer();
    result<void> leave_direct();
    result<void> fail(int error);

    std::string path_;
    int fd_ = -1;
    // While set, the file is in O_DIRECT mode and full buffers go to its thread.
    std::unique_ptr<direct_writer> direct_;
    std::unique_ptr<char, free_deleter> own_buf_;
    char* buf_ = nullptr;                  // the buffer being filled: own_buf_, or one of direct_'s
    std::size_t buf_index_ = 0;            // which of direct_'s
    std::size_t capacity_ = buffer_bytes;  // of buf_
    std::size_t used_ = 0;
    std::uint64_t appended_ = 0;
    std::int64_t writer_cpu_ns_ = 0;
    std::string failure_;  // set after a failed write; every later call reports it
};

}  // namespace ringperf::exporter
