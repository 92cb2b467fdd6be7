// Set-up shared by the tests' own servers: a listening socket on 127.0.0.1 at a free port,
// and a wolfSSL server context for the TLS variants. Test code: failures surface as the
// test's connections failing.
#pragma once

#include <netinet/in.h>
#include <sys/socket.h>
#include <wolfssl/options.h>
#include <wolfssl/ssl.h>

#include <string>

namespace ringperf::testing {

// A socket listening on 127.0.0.1 at a port the kernel chose, written to `port`.
inline int listen_on_loopback(int backlog, int& port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int one = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin);
    ::listen(fd, backlog);
    socklen_t len = sizeof sin;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len);
    port = ntohs(sin.sin_port);
    return fd;
}

// A server context presenting the PEM certificate and key; free with wolfSSL_CTX_free.
inline WOLFSSL_CTX* tls_server_context(const std::string& cert, const std::string& key) {
    wolfSSL_Init();
    WOLFSSL_CTX* ctx = wolfSSL_CTX_new(wolfSSLv23_server_method());
    wolfSSL_CTX_use_certificate_file(ctx, cert.c_str(), WOLFSSL_FILETYPE_PEM);
    wolfSSL_CTX_use_PrivateKey_file(ctx, key.c_str(), WOLFSSL_FILETYPE_PEM);
    return ctx;
}

}  // namespace ringperf::testing
