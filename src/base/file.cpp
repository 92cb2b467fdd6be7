#include "ringperf/base/file.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace ringperf {

static std::string errno_text(int e) {
    return std::strerror(e);
}

result<void> write_file_atomic(const std::string& path, std::string_view content) {
    const std::string tmp = path + ".tmp." + std::to_string(getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return make_error("cannot create " + tmp + ": " + errno_text(errno));
    const char* p = content.data();
    std::size_t left = content.size();
    while (left > 0) {
        const ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int e = errno;
            ::close(fd);
            ::unlink(tmp.c_str());
            return make_error("cannot write " + tmp + ": " + errno_text(e));
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return make_error("cannot flush " + tmp + ": " + errno_text(e));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return make_error("cannot rename " + tmp + " to " + path + ": " + errno_text(e));
    }
    return {};
}

result<void> make_dirs(const std::string& path) {
    if (path.empty()) return {};
    std::string cur;
    cur.reserve(path.size());
    for (std::size_t i = 0; i <= path.size(); ++i) {
        if (i == path.size() || path[i] == '/') {
            if (!cur.empty() && cur != "/") {
                if (::mkdir(cur.c_str(), 0755) != 0 && errno != EEXIST)
                    return make_error("cannot create directory " + cur + ": " + errno_text(errno));
                struct stat st;
                if (::stat(cur.c_str(), &st) != 0 || !S_ISDIR(st.st_mode))
                    return make_error(cur + " exists and is not a directory");
            }
        }
        if (i < path.size()) cur.push_back(path[i]);
    }
    return {};
}

result<std::string> read_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return make_error("cannot open " + path + ": " + errno_text(errno));
    std::string out;
    char buf[65536];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int e = errno;
            ::close(fd);
            return make_error("cannot read " + path + ": " + errno_text(e));
        }
        if (n == 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    return out;
}

}  // namespace ringperf
