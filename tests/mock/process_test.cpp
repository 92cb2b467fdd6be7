// `ringperf mock` as a child process whose descriptor limit is lowered to 1024: it holds
// three thousand streaming connections at once, which a server keeping one descriptor per
// connection could not, and names the fix when told to use too few workers.
#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace ringperf::mock {
namespace {

using namespace std::chrono_literals;

constexpr rlim_t child_nofile = 1024;

std::string binary() {
    const char* b = std::getenv("RINGPERF_BIN");
    return b ? b : "ringperf";
}

std::string read_text(const std::string& path) {
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// `ringperf mock --port 0 --port-file DIR/port ARGS` with RLIMIT_NOFILE = 1024 (soft and
// hard), stdout and stderr in files of DIR.
class mock_process {
  public:
    explicit mock_process(const std::vector<std::string>& args) {
        char tmpl[] = "/tmp/ringperf_mock_XXXXXX";
        dir_ = ::mkdtemp(tmpl) ? tmpl : "/tmp";
        std::vector<std::string> argv{binary(), "mock",        "--port",
                                      "0",      "--port-file", dir_ + "/port"};
        argv.insert(argv.end(), args.begin(), args.end());
        std::vector<char*> cargv;
        for (auto& a : argv)
            cargv.push_back(a.data());
        cargv.push_back(nullptr);
        const std::string out = dir_ + "/out", err = dir_ + "/err";
        pid_ = ::fork();
        if (pid_ == 0) {
            const rlimit rl{child_nofile, child_nofile};
            if (::setrlimit(RLIMIT_NOFILE, &rl) != 0) ::_exit(120);
            const int o = ::open(out.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            const int e = ::open(err.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
            if (o < 0 || e < 0 || ::dup2(o, 1) < 0 || ::dup2(e, 2) < 0) ::_exit(121);
            ::execv(cargv[0], cargv.data());
            ::_exit(122);
        }
    }
    ~mock_process() {
        if (pid_ > 0 && !reaped_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        std::system(("rm -rf '" + dir_ + "'").c_str());
    }
    mock_process(const mock_process&) = delete;
    mock_process& operator=(const mock_process&) = delete;

    const std::string& dir() const { return dir_; }
    pid_t pid() const { return pid_; }

    // Exit status (128 + signal when killed), killing the child after `limit`.
    int wait(std::chrono::milliseconds limit, bool terminate) {
        if (terminate) ::kill(pid_, SIGTERM);
        const auto deadline = std::chrono::steady_clock::now() + limit;
        int status = 0;
        while (::waitpid(pid_, &status, WNOHANG) != pid_) {
            if (std::chrono::steady_clock::now() > deadline) {
                ::kill(pid_, SIGKILL);
                ::waitpid(pid_, &status, 0);
                break;
            }
            std::this_thread::sleep_for(10ms);
        }
        reaped_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    std::string err() const { return read_text(dir_ + "/err"); }

    // The port from --port-file, 0 when it did not appear within `limit`.
    int port(std::chrono::milliseconds limit) const {
        const auto deadline = std::chrono::steady_clock::now() + limit;
        while (std::chrono::steady_clock::now() < deadline) {
            const std::string s = read_text(dir_ + "/port");
            if (!s.empty() && s.back() == '\n') return std::atoi(s.c_str());
            std::this_thread::sleep_for(10ms);
        }
        return 0;
    }

  private:
    std::string dir_;
    pid_t pid_ = -1;
    bool reaped_ = false;
};

std::size_t open_descriptors(pid_t pid) {
    DIR* d = ::opendir(("/proc/" + std::to_string(pid) + "/fd").c_str());
    if (!d) return 0;
    std::size_t n = 0;
    while (const dirent* e = ::readdir(d))
        n += e->d_name[0] != '.';
    ::closedir(d);
    return n;
}

int connect_to(int port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(static_cast<std::uint16_t>(port));
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0) return fd;
    if (fd >= 0) ::close(fd);
    return -1;
}

std::string stream_request() {
    const std::string body =
        R"({"messages":[{"role":"user","content":"many streams"}],"stream":true,)"
        R"("max_completion_tokens":100000,"ignore_eos":true})";
    return "POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
           "Content-Length: " +
           std::to_string(body.size()) + "\r\n\r\n" + body;
}

// Reads from every socket until each has received its first SSE event; fails the test on an
// EOF or error. Returns how many did within `limit`.
std::size_t await_first_events(const std::vector<int>& fds, std::chrono::milliseconds limit) {
    std::vector<pollfd> polls;
    for (const int fd : fds)
        polls.push_back({fd, POLLIN, 0});
    std::vector<std::string> got(fds.size());
    std::vector<bool> first(fds.size(), false);
    std::size_t done = 0;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    char buf[4096];
    while (done < fds.size() && std::chrono::steady_clock::now() < deadline) {
        if (::poll(polls.data(), polls.size(), 100) <= 0) continue;
        for (std::size_t i = 0; i < polls.size(); ++i) {
            if (polls[i].revents == 0) continue;
            const ssize_t n = ::recv(fds[i], buf, sizeof buf, MSG_DONTWAIT);
            if (n <= 0) {
                ADD_FAILURE() << "connection " << i << " ended: " << (n == 0 ? "EOF" : "error");
                polls[i].fd = -1;
                continue;
            }
            if (first[i]) continue;
            got[i].append(buf, static_cast<std::size_t>(n));
            if (got[i].find("data: {") != std::string::npos) {
                first[i] = true;
                ++done;
                got[i].clear();
            }
        }
    }
    return done;
}

TEST(MockProcess, HoldsThreeThousandStreamsWithADescriptorLimitOf1024) {
    constexpr std::size_t n = 3000;
    rlimit own{};
    ASSERT_EQ(::getrlimit(RLIMIT_NOFILE, &own), 0);
    if (own.rlim_max != RLIM_INFINITY && own.rlim_max < n + 100)
        GTEST_SKIP() << "the test process itself cannot open " << n << " sockets";
    if (own.rlim_cur < n + 100) {
        own.rlim_cur = own.rlim_max;
        ASSERT_EQ(::setrlimit(RLIMIT_NOFILE, &own), 0);
    }
    mock_process mock({"--max-connections", std::to_string(n), "--ttft", "1", "--itl", "500"});
    const int port = mock.port(10s);
    ASSERT_NE(port, 0) << mock.err();

    std::vector<int> fds;
    const std::string req = stream_request();
    for (std::size_t i = 0; i < n; ++i) {
        const int fd = connect_to(port);
        ASSERT_GE(fd, 0) << "connection " << i << ": " << std::strerror(errno);
        fds.push_back(fd);
        ASSERT_EQ(::send(fd, req.data(), req.size(), MSG_NOSIGNAL),
                  static_cast<ssize_t>(req.size()));
    }
    EXPECT_EQ(await_first_events(fds, 30s), n);
    // Every stream is still open, and the server's descriptor table holds none of them.
    EXPECT_LT(open_descriptors(mock.pid()), child_nofile);
    for (const int fd : fds) {
        char c;
        EXPECT_NE(::recv(fd, &c, 1, MSG_DONTWAIT | MSG_PEEK), 0) << "closed early";
    }
    EXPECT_EQ(mock.wait(10s, true), 0) << mock.err();
    for (const int fd : fds)
        ::close(fd);
}

TEST(MockProcess, RefusesTooFewWorkersForMaxConnectionsAndNamesTheFix) {
    mock_process mock({"--workers", "2", "--max-connections", "5000"});
    EXPECT_NE(mock.wait(10s, false), 0);
    const std::string err = mock.err();
    EXPECT_NE(err.find("--workers 2 holds at most 2048 connections"), std::string::npos) << err;
    EXPECT_NE(err.find("--max-connections is 5000"), std::string::npos) << err;
    EXPECT_NE(err.find("use --workers 5 or more"), std::string::npos) << err;
}

}  // namespace
}  // namespace ringperf::mock
