#include "ringperf/export/record_spool.h"

#include <fcntl.h>
#include <pthread.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <condition_variable>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <new>
#include <thread>
#include <utility>

#include "ringperf/base/file.h"

namespace ringperf::exporter {
namespace {

std::string parent_dir(const std::string& path) {
    const auto slash = path.rfind('/');
    if (slash == std::string::npos) return {};
    return path.substr(0, slash == 0 ? 1 : slash);
}

std::string sys_error(const char* what, const std::string& path, int e) {
    return std::string(what) + " " + path + ": " + std::strerror(e);
}

constexpr std::size_t direct_alignment = 4096;

std::int64_t thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

// A direct write costs a fixed price per request besides its pages (on this VM about 50 us
// for the exit of the device notification, in the writer thread), so direct buffers are
// large; on transparent huge pages, so that filling one costs one page fault, not 512.
constexpr std::size_t direct_buffer_bytes = 2U << 20;

char* aligned_buffer(std::size_t bytes) {
    const std::size_t align = bytes >= direct_buffer_bytes ? direct_buffer_bytes : direct_alignment;
    void* p = std::aligned_alloc(align, bytes);
    if (p == nullptr) throw std::bad_alloc();
    if (bytes >= direct_buffer_bytes) ::madvise(p, bytes, MADV_HUGEPAGE);
    return static_cast<char*>(p);
}

// Writes all of [p, p+n) to fd; returns 0 or the errno of the failed write.
int write_fully(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return errno;
        }
        p += w;
        n -= static_cast<std::size_t>(w);
    }
    return 0;
}

// Appends the whole file at `src` to `out_fd`; an error message naming the failing path.
std::string copy_file(const std::string& src, int out_fd, const std::string& out_path, char* buf,
                      std::size_t buf_size, std::uint64_t& copied) {
    const int in = ::open(src.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) return sys_error("cannot open spool", src, errno);
    std::string err;
    for (;;) {
        const ssize_t n = ::read(in, buf, buf_size);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            err = sys_error("cannot read spool", src, errno);
            break;
        }
        if (n == 0) break;
        if (const int e = write_fully(out_fd, buf, static_cast<std::size_t>(n)); e != 0) {
            err = sys_error("cannot write", out_path, e);
            break;
        }
        copied += static_cast<std::uint64_t>(n);
    }
    ::close(in);
    return err;
}

// Appends the whole file at `src` to `out_fd` in the kernel (copy_file_range), or through
// `buf` where that is not supported; an error message naming the failing path.
std::string append_file(const std::string& src, int out_fd, const std::string& out_path, char* buf,
                        std::size_t buf_size) {
    const int in = ::open(src.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) return sys_error("cannot open spool", src, errno);
    std::string err;
    bool in_kernel = true;
    std::uint64_t done = 0;
    for (;;) {
        const ssize_t n = ::copy_file_range(in, nullptr, out_fd, nullptr, 1U << 30, 0);
        if (n > 0) {
            done += static_cast<std::uint64_t>(n);
            continue;
        }
        if (n == 0) break;
        if (errno == EINTR) continue;
        in_kernel = done > 0 ||
                    (errno != EXDEV && errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP);
        if (in_kernel) err = sys_error("cannot copy spool", src, errno);
        break;
    }
    ::close(in);
    if (in_kernel) return err;
    std::uint64_t copied = 0;
    return copy_file(src, out_fd, out_path, buf, buf_size, copied);
}

void remove_spools(std::span<const std::string> spool_paths) {
    for (const auto& p : spool_paths)
        ::unlink(p.c_str());
    for (const auto& p : spool_paths) {
        if (const std::string dir = parent_dir(p); !dir.empty()) ::rmdir(dir.c_str());
    }
}

// Writes all of [p, p+n) to a file that may be in O_DIRECT mode; 0 or the errno of the failed
// write. A file system that accepted O_DIRECT at open and refuses a write gets the rest as
// plain writes, and plain writes from then on.
int write_direct(int fd, const char* p, std::size_t n) {
    while (n > 0) {
        const ssize_t w = ::write(fd, p, n);
        if (w >= 0) {
            p += w;
            n -= static_cast<std::size_t>(w);
            continue;
        }
        if (errno == EINTR) continue;
        if (errno != EINVAL) return errno;
        const int fl = ::fcntl(fd, F_GETFL);
        if (fl < 0 || (fl & O_DIRECT) == 0 || ::fcntl(fd, F_SETFL, fl & ~O_DIRECT) != 0)
            return EINVAL;
    }
    return 0;
}

}  // namespace

// The full buffers of a spool in O_DIRECT mode, written in order by a thread of their own.
// Buffers are used in turn: the owner fills one, submits it and fills the next once that one
// is free again.
class record_spool::direct_writer {
  public:
    static constexpr std::size_t buffer_count = 3;

    // Throws std::bad_alloc or std::system_error (set-up only).
    explicit direct_writer(int fd) : fd_(fd) {
        for (auto& b : bufs_)
            b.reset(aligned_buffer(direct_buffer_bytes));
        thread_ = std::thread([this] { run(); });
        pthread_setname_np(thread_.native_handle(), "ringperf-spool");
    }
    ~direct_writer() { stop(); }
    direct_writer(const direct_writer&) = delete;
    direct_writer& operator=(const direct_writer&) = delete;

    char* buffer(std::size_t i) noexcept { return bufs_[i].get(); }

    // Ends the thread once the queued writes are done; its CPU time. Idempotent.
    std::int64_t stop() {
        if (thread_.joinable()) {
            {
                std::lock_guard g(mu_);
                stop_ = true;
            }
            cv_.notify_all();
            thread_.join();
        }
        return cpu_ns_;
    }

    // Queues the buffer being filled (they are submitted in turn) and waits until the next
    // one is free to fill. The errno of the first failed write so far, or 0.
    int submit() {
        std::unique_lock lk(mu_);
        ++queued_;
        cv_.notify_all();
        cv_.wait(lk, [this] { return queued_ < buffer_count || error_ != 0; });
        return error_;
    }
    // Waits for every queued write; the errno of the first failed one, or 0.
    int drain() {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [this] { return queued_ == 0; });
        return error_;
    }

  private:
    void run() {
        std::unique_lock lk(mu_);
        for (;;) {
            cv_.wait(lk, [this] { return queued_ > 0 || stop_; });
            if (queued_ == 0) {
                cpu_ns_ = thread_cpu_ns();
                return;
            }
            const char* b = bufs_[next_].get();
            const bool failed = error_ != 0;
            lk.unlock();
            int e = 0;
            if (!failed) e = write_direct(fd_, b, direct_buffer_bytes);
            lk.lock();
            if (e != 0 && error_ == 0) error_ = e;
            next_ = (next_ + 1) % buffer_count;
            --queued_;
            cv_.notify_all();
        }
    }

    const int fd_;
    std::array<std::unique_ptr<char, free_deleter>, buffer_count> bufs_;
    std::mutex mu_;
    std::condition_variable cv_;
    std::size_t queued_ = 0;  // buffers submitted and not yet written
    std::size_t next_ = 0;    // the oldest of them
    int error_ = 0;
    bool stop_ = false;
    std::int64_t cpu_ns_ = 0;  // the thread's CPU time, set as it ends
    std::thread thread_;
};

void record_spool::free_deleter::operator()(char* p) const noexcept {
    std::free(p);
}

record_spool::record_spool(std::string path, int fd, std::unique_ptr<direct_writer> direct)
    : path_(std::move(path)), fd_(fd), direct_(std::move(direct)) {
    if (direct_) {
        buf_ = direct_->buffer(0);
        capacity_ = direct_buffer_bytes;
    } else {
        own_buf_.reset(aligned_buffer(buffer_bytes));
        buf_ = own_buf_.get();
    }
}

record_spool::record_spool(record_spool&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      direct_(std::move(other.direct_)),
      own_buf_(std::move(other.own_buf_)),
      buf_(std::exchange(other.buf_, nullptr)),
      buf_index_(std::exchange(other.buf_index_, 0)),
      capacity_(std::exchange(other.capacity_, buffer_bytes)),
      used_(std::exchange(other.used_, 0)),
      appended_(std::exchange(other.appended_, 0)),
      writer_cpu_ns_(std::exchange(other.writer_cpu_ns_, 0)),
      failure_(std::move(other.failure_)) {}

record_spool& record_spool::operator=(record_spool&& other) noexcept {
    if (this != &other) {
        (void)close();
        path_ = std::move(other.path_);
        fd_ = std::exchange(other.fd_, -1);
        direct_ = std::move(other.direct_);
        own_buf_ = std::move(other.own_buf_);
        buf_ = std::exchange(other.buf_, nullptr);
        buf_index_ = std::exchange(other.buf_index_, 0);
        capacity_ = std::exchange(other.capacity_, buffer_bytes);
        used_ = std::exchange(other.used_, 0);
        appended_ = std::exchange(other.appended_, 0);
        writer_cpu_ns_ = std::exchange(other.writer_cpu_ns_, 0);
        failure_ = std::move(other.failure_);
    }
    return *this;
}

record_spool::~record_spool() {
    (void)close();
}

result<record_spool> record_spool::open(std::string path) {
    if (const std::string dir = parent_dir(path); !dir.empty()) {
        if (auto r = make_dirs(dir); !r) return r.err();
    }
    constexpr int flags = O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC;
    int fd = ::open(path.c_str(), flags | O_DIRECT, 0644);
    if (fd < 0) fd = ::open(path.c_str(), flags, 0644);
    if (fd < 0) return make_error(sys_error("cannot create spool", path, errno));
    std::unique_ptr<direct_writer> direct;
    struct stat st {};
    const int fl = ::fcntl(fd, F_GETFL);
    if (fl >= 0 && (fl & O_DIRECT) != 0) {
        // Only regular files gain from it, and a writer thread that cannot start leaves the
        // spool with plain writes.
        if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode)) {
            try {
                direct = std::make_unique<direct_writer>(fd);
            } catch (...) {
                direct.reset();
            }
        }
        if (!direct) ::fcntl(fd, F_SETFL, fl & ~O_DIRECT);
    }
    return record_spool(std::move(path), fd, std::move(direct));
}

result<void> record_spool::fail(int error) {
    failure_ = sys_error("cannot write spool", path_, error);
    return make_error(failure_);
}

result<void> record_spool::write_all(const char* p, std::size_t n) {
    if (!failure_.empty()) return make_error(failure_);
    if (fd_ < 0) return make_error("spool " + path_ + " is closed");
    if (const int e = write_fully(fd_, p, n); e != 0) return fail(e);
    return {};
}

// The file leaves O_DIRECT mode for good: the queued writes are done, the buffered bytes (less
// than one plain buffer) move to a buffer of the spool's own and the writer thread ends.
result<void> record_spool::leave_direct() {
    if (!direct_) return {};
    const int e = direct_->drain();
    const int fl = ::fcntl(fd_, F_GETFL);
    if (fl >= 0) ::fcntl(fd_, F_SETFL, fl & ~O_DIRECT);
    own_buf_.reset(aligned_buffer(buffer_bytes));
    std::memcpy(own_buf_.get(), buf_, used_);
    buf_ = own_buf_.get();
    capacity_ = buffer_bytes;
    writer_cpu_ns_ += direct_->stop();
    direct_.reset();
    if (e != 0) return fail(e);
    return {};
}

result<void> record_spool::write_full_buffer() {
    if (!direct_) {
        auto r = write_all(buf_, used_);
        if (r) used_ = 0;
        return r;
    }
    const int e = direct_->submit();
    buf_index_ = (buf_index_ + 1) % direct_writer::buffer_count;
    buf_ = direct_->buffer(buf_index_);
    used_ = 0;
    if (e != 0) return fail(e);
    return {};
}

result<void> record_spool::append(std::string_view bytes) {
    if (!failure_.empty()) return make_error(failure_);
    if (fd_ < 0) return make_error("spool " + path_ + " is closed");
    if (bytes.size() > buffer_bytes) {
        if (auto r = flush(); !r) return r;
        if (auto r = leave_direct(); !r) return r;
        if (auto r = write_all(bytes.data(), bytes.size()); !r) return r;
        appended_ += bytes.size();
        return {};
    }
    const std::size_t first = std::min(bytes.size(), capacity_ - used_);
    std::memcpy(buf_ + used_, bytes.data(), first);
    used_ += first;
    if (used_ == capacity_) {
        if (auto r = write_full_buffer(); !r) return r;
        std::memcpy(buf_, bytes.data() + first, bytes.size() - first);
        used_ = bytes.size() - first;
    }
    appended_ += bytes.size();
    return {};
}

// In O_DIRECT mode the whole blocks go directly and only the unaligned end (under 4 KiB)
// leaves it.
result<void> record_spool::flush() {
    if (!failure_.empty()) return make_error(failure_);
    if (direct_) {
        if (const int e = direct_->drain(); e != 0) return fail(e);
        const std::size_t whole = used_ / direct_alignment * direct_alignment;
        if (whole > 0) {
            if (const int e = write_direct(fd_, buf_, whole); e != 0) return fail(e);
            std::memmove(buf_, buf_ + whole, used_ - whole);
            used_ -= whole;
        }
        if (used_ > 0)
            if (auto r = leave_direct(); !r) return r;
    }
    if (used_ == 0) return {};
    if (const int e = write_direct(fd_, buf_, used_); e != 0) return fail(e);
    used_ = 0;
    return {};
}

result<void> record_spool::close() {
    if (fd_ < 0) return {};
    auto r = flush();
    if (direct_) writer_cpu_ns_ += direct_->stop();
    direct_.reset();
    if (::close(fd_) != 0 && r) r = make_error(sys_error("cannot close spool", path_, errno));
    fd_ = -1;
    return r;
}

result<void> record_spool::finalize(std::span<const std::string> spool_paths,
                                    const std::string& final_path) {
    return finalize(spool_paths, final_path, framing{});
}

result<void> record_spool::finalize(std::span<const std::string> spool_paths,
                                    const std::string& final_path, const framing& frame) {
    const std::string tmp = final_path + ".tmp." + std::to_string(::getpid());
    const bool plain = frame.head.empty() && frame.tail.empty() && frame.trim_last == 0;
    if (plain && !spool_paths.empty()) {
        if (auto done = finalize_by_rename(spool_paths, tmp, final_path)) return *done;
    }
    const int out = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (out < 0) return make_error(sys_error("cannot create", tmp, errno));
    std::unique_ptr<char[]> buf(new char[buffer_bytes]);
    std::string err;
    if (const int e = write_fully(out, frame.head.data(), frame.head.size()); e != 0)
        err = sys_error("cannot write", tmp, e);
    std::uint64_t copied = 0;
    for (const auto& p : spool_paths) {
        if (!err.empty()) break;
        err = copy_file(p, out, tmp, buf.get(), buffer_bytes, copied);
    }
    if (err.empty() && frame.trim_last > 0 && copied >= frame.trim_last &&
        ::lseek(out, -static_cast<off_t>(frame.trim_last), SEEK_CUR) < 0)
        err = sys_error("cannot seek", tmp, errno);
    if (err.empty()) {
        if (const int e = write_fully(out, frame.tail.data(), frame.tail.size()); e != 0)
            err = sys_error("cannot write", tmp, e);
    }
    if (err.empty() && ::fsync(out) != 0) err = sys_error("cannot flush", tmp, errno);
    if (::close(out) != 0 && err.empty()) err = sys_error("cannot close", tmp, errno);
    if (err.empty() && ::rename(tmp.c_str(), final_path.c_str()) != 0)
        err = "cannot rename " + tmp + " to " + final_path + ": " + std::strerror(errno);
    if (!err.empty()) {
        ::unlink(tmp.c_str());
        return make_error(err);
    }
    remove_spools(spool_paths);
    return {};
}

// The first spool is renamed to `tmp` and the others are appended to it: a run with one
// worker copies nothing. Absent when the rename cannot be done (another file system...): the
// caller then copies every spool. On an error the first spool is put back as it was.
std::optional<result<void>> record_spool::finalize_by_rename(
    std::span<const std::string> spool_paths, const std::string& tmp,
    const std::string& final_path) {
    for (const auto& p : spool_paths)
        if (::access(p.c_str(), R_OK) != 0)
            return make_error(sys_error("cannot open spool", p, errno));
    const std::string& first = spool_paths.front();
    if (::rename(first.c_str(), tmp.c_str()) != 0) return std::nullopt;
    std::string err;
    const int out = ::open(tmp.c_str(), O_WRONLY | O_CLOEXEC);
    const off_t first_size = out < 0 ? -1 : ::lseek(out, 0, SEEK_END);
    if (out < 0) {
        err = sys_error("cannot open", tmp, errno);
    } else if (first_size < 0) {
        err = sys_error("cannot seek", tmp, errno);
    }
    std::unique_ptr<char[]> buf;
    for (std::size_t i = 1; i < spool_paths.size() && err.empty(); ++i) {
        if (!buf) buf.reset(new char[buffer_bytes]);
        err = append_file(spool_paths[i], out, tmp, buf.get(), buffer_bytes);
    }
    if (err.empty() && ::fsync(out) != 0) err = sys_error("cannot flush", tmp, errno);
    if (out >= 0 && ::close(out) != 0 && err.empty()) err = sys_error("cannot close", tmp, errno);
    if (err.empty() && ::rename(tmp.c_str(), final_path.c_str()) != 0)
        err = "cannot rename " + tmp + " to " + final_path + ": " + std::strerror(errno);
    if (!err.empty()) {
        if (first_size >= 0) (void)::truncate(tmp.c_str(), first_size);
        ::rename(tmp.c_str(), first.c_str());
        return make_error(err);
    }
    remove_spools(spool_paths.subspan(1));
    if (const std::string dir = parent_dir(first); !dir.empty()) ::rmdir(dir.c_str());
    return result<void>{};
}

}  // namespace ringperf::exporter
