#include "ringperf/export/record_spool.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
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

}  // namespace

record_spool::record_spool(std::string path, int fd)
    : path_(std::move(path)), fd_(fd), buf_(new char[buffer_bytes]) {}

record_spool::record_spool(record_spool&& other) noexcept
    : path_(std::move(other.path_)),
      fd_(std::exchange(other.fd_, -1)),
      buf_(std::move(other.buf_)),
      used_(std::exchange(other.used_, 0)),
      appended_(std::exchange(other.appended_, 0)),
      failure_(std::move(other.failure_)) {}

record_spool& record_spool::operator=(record_spool&& other) noexcept {
    if (this != &other) {
        (void)close();
        path_ = std::move(other.path_);
        fd_ = std::exchange(other.fd_, -1);
        buf_ = std::move(other.buf_);
        used_ = std::exchange(other.used_, 0);
        appended_ = std::exchange(other.appended_, 0);
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
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return make_error(sys_error("cannot create spool", path, errno));
    return record_spool(std::move(path), fd);
}

result<void> record_spool::write_all(const char* p, std::size_t n) {
    if (!failure_.empty()) return make_error(failure_);
    if (fd_ < 0) return make_error("spool " + path_ + " is closed");
    if (const int e = write_fully(fd_, p, n); e != 0) {
        failure_ = sys_error("cannot write spool", path_, e);
        return make_error(failure_);
    }
    return {};
}

result<void> record_spool::append(std::string_view bytes) {
    if (!failure_.empty()) return make_error(failure_);
    if (fd_ < 0) return make_error("spool " + path_ + " is closed");
    if (bytes.size() > buffer_bytes - used_) {
        if (auto r = flush(); !r) return r;
        if (bytes.size() > buffer_bytes) {
            if (auto r = write_all(bytes.data(), bytes.size()); !r) return r;
            appended_ += bytes.size();
            return {};
        }
    }
    std::memcpy(buf_.get() + used_, bytes.data(), bytes.size());
    used_ += bytes.size();
    appended_ += bytes.size();
    return {};
}

result<void> record_spool::flush() {
    if (used_ == 0) {
        if (!failure_.empty()) return make_error(failure_);
        return {};
    }
    auto r = write_all(buf_.get(), used_);
    if (r) used_ = 0;
    return r;
}

result<void> record_spool::close() {
    if (fd_ < 0) return {};
    auto r = flush();
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
    for (const auto& p : spool_paths)
        ::unlink(p.c_str());
    for (const auto& p : spool_paths) {
        if (const std::string dir = parent_dir(p); !dir.empty()) ::rmdir(dir.c_str());
    }
    return {};
}

}  // namespace ringperf::exporter
