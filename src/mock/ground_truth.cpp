#include "ringperf/mock/ground_truth.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

namespace ringperf::mock {

namespace {

constexpr std::string_view header = "x_request_id,token_index,mono_ns,wall_ns\n";

bool write_all(int fd, std::string_view data, int& err) {
    while (!data.empty()) {
        const ssize_t n = ::write(fd, data.data(), data.size());
        if (n < 0) {
            if (errno == EINTR) continue;
            err = errno;
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

void append_csv_field(std::string& out, std::string_view s) {
    if (s.find_first_of(",\" \r\n") == std::string_view::npos) {
        out += s;
        return;
    }
    out.push_back('"');
    for (const char c : s) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

template <typename T>
void append_number(std::string& out, T v) {
    char buf[24];
    const auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

}  // namespace

result<std::unique_ptr<ground_truth_writer>> ground_truth_writer::open(const std::string& path) {
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        return make_error("cannot create the ground-truth file " + path + ": " +
                          std::strerror(errno));
    std::unique_ptr<ground_truth_writer> w(new ground_truth_writer());
    w->fd_ = fd;
    w->path_ = path;
    if (!write_all(fd, header, w->write_errno_))
        return make_error("cannot write the ground-truth file " + path + ": " +
                          std::strerror(w->write_errno_));
    w->thread_ = std::thread([p = w.get()] { p->run(); });
    return w;
}

ground_truth_writer::~ground_truth_writer() {
    (void)close();
}

void ground_truth_writer::submit(std::string& text) {
    if (text.empty()) return;
    {
        std::lock_guard lock(mu_);
        queue_.emplace_back(std::move(text));
    }
    text.clear();
    cv_.notify_one();
}

void ground_truth_writer::run() {
    std::unique_lock lock(mu_);
    for (;;) {
        cv_.wait(lock, [&] { return closing_ || !queue_.empty(); });
        if (queue_.empty()) return;
        std::string chunk = std::move(queue_.front());
        queue_.pop_front();
        lock.unlock();
        int err = 0;
        const bool ok = write_errno_ != 0 || write_all(fd_, chunk, err);
        lock.lock();
        if (!ok && write_errno_ == 0) write_errno_ = err;
    }
}

result<void> ground_truth_writer::close() {
    if (closed_) return {};
    closed_ = true;
    {
        std::lock_guard lock(mu_);
        closing_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
    const int rc = fd_ >= 0 ? ::close(fd_) : 0;
    fd_ = -1;
    if (write_errno_ == 0 && rc != 0) write_errno_ = errno;
    if (write_errno_ != 0)
        return make_error("cannot write the ground-truth file " + path_ + ": " +
                          std::strerror(write_errno_));
    return {};
}

ground_truth_buffer::ground_truth_buffer(ground_truth_writer* writer, wall_clock_map map)
    : writer_(writer), map_(map) {}

void ground_truth_buffer::add(std::string_view id, std::uint64_t first, std::uint64_t count) {
    if (!writer_ || count == 0) return;
    pending_.push_back({static_cast<std::uint32_t>(ids_.size()),
                        static_cast<std::uint32_t>(id.size()), first, count});
    ids_ += id;
}

void ground_truth_buffer::commit(mono_ns t) {
    if (pending_.empty()) return;
    const wall_ns w = map_.to_wall(t);
    for (const pending& p : pending_) {
        const std::string_view id(ids_.data() + p.id_offset, p.id_length);
        for (std::uint64_t k = p.first; k < p.first + p.count; ++k) {
            append_csv_field(text_, id);
            text_.push_back(',');
            append_number(text_, k);
            text_.push_back(',');
            append_number(text_, t);
            text_.push_back(',');
            append_number(text_, w);
            text_.push_back('\n');
        }
    }
    pending_.clear();
    ids_.clear();
    if (text_.size() >= flush_bytes) writer_->submit(text_);
}

void ground_truth_buffer::flush() {
    if (!writer_) return;
    commit(now_mono_ns());
    writer_->submit(text_);
}

}  // namespace ringperf::mock
