// Per-worker spool of JSONL lines, so a run of any length keeps memory flat: each engine
// worker appends its requests' lines to its own file (<artifact_dir>/.spool/worker-<n>.jsonl)
// through a 256 KiB buffer written with write(2) when full; at the end finalize() joins the
// spools into profile_export.jsonl.
//
// Thread-safety: a record_spool belongs to one thread. finalize() runs after every spool
// has been flushed and closed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "ringperf/base/result.h"

namespace ringperf::exporter {

class record_spool {
  public:
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

    // Copies `bytes` (whole lines, '\n'-terminated) into the buffer; writes the buffer
    // when it cannot take them, and writes blocks larger than the buffer directly. Fails
    // only when a write fails (disk full...), naming the path; the spool is then broken
    // and every later call fails the same way.
    result<void> append(std::string_view bytes);
    // Writes everything buffered.
    result<void> flush();
    // Flushes and closes the file; later appends fail. Idempotent.
    result<void> close();

    const std::string& path() const { return path_; }
    // Bytes accepted by append() so far (written or still buffered).
    std::uint64_t bytes_appended() const { return appended_; }

    // Concatenates `spool_paths` in order into `final_path` through a temporary file in
    // the same directory renamed over it (a reader never sees a partial file), then
    // removes the spool files and their directory when it is left empty. A missing spool
    // is an error naming it; on any error the spools are kept and `final_path` untouched.
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
    record_spool(std::string path, int fd);
    result<void> write_all(const char* p, std::size_t n);

    std::string path_;
    int fd_ = -1;
    std::unique_ptr<char[]> buf_;
    std::size_t used_ = 0;
    std::uint64_t appended_ = 0;
    std::string failure_;  // set after a failed write; every later call reports it
};

}  // namespace ringperf::exporter
