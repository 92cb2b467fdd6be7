#include "ringperf/net/address.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace ringperf::net;

TEST(Address, ResolvesNumericLiterals) {
    auto a = resolve("127.0.0.1", 8000);
    ASSERT_TRUE(a.ok()) << a.message();
    EXPECT_EQ(a->to_string(), "127.0.0.1:8000");
    auto b = resolve("::1", 9);
    ASSERT_TRUE(b.ok()) << b.message();
    EXPECT_EQ(b->to_string(), "[::1]:9");
}

TEST(Address, NamesAnUnresolvableHost) {
    auto a = resolve("no-such-host.invalid", 80);
    ASSERT_FALSE(a.ok());
    EXPECT_NE(a.message().find("no-such-host.invalid"), std::string::npos);
}

TEST(Address, ProbeConnectSucceedsOnAListenerAndNamesARefusal) {
    const int lfd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ASSERT_EQ(::bind(lfd, reinterpret_cast<sockaddr*>(&sin), sizeof sin), 0);
    ASSERT_EQ(::listen(lfd, 4), 0);
    socklen_t len = sizeof sin;
    ::getsockname(lfd, reinterpret_cast<sockaddr*>(&sin), &len);
    const std::uint16_t port = ntohs(sin.sin_port);
    auto a = resolve("127.0.0.1", port);
    ASSERT_TRUE(a.ok());
    EXPECT_TRUE(probe_connect(*a, 1000).ok());
    ::close(lfd);
    auto r = probe_connect(*a, 1000);
    ASSERT_FALSE(r.ok());
    EXPECT_NE(r.message().find("127.0.0.1:" + std::to_string(port)), std::string::npos)
        << r.message();
    EXPECT_NE(r.message().find("refused"), std::string::npos) << r.message();
}
