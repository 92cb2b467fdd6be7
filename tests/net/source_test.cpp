#include "ringperf/net/source.h"

#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace ringperf::net;

namespace {

std::vector<std::string> hosts(const std::vector<address>& list) {
    std::vector<std::string> out;
    for (const auto& a : list)
        out.push_back(host_part(a));
    return out;
}

// A loopback listener on 127.0.0.1 and an ephemeral port; closed on destruction.
struct listener {
    int fd = -1;
    address addr;
    listener() {
        fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in sin{};
        sin.sin_family = AF_INET;
        sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        ::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin);
        ::listen(fd, 16);
        addr = *local_address(fd);
    }
    ~listener() { ::close(fd); }
};

}  // namespace

TEST(SourceAddresses, ExpandsRangesAndKeepsOrderWithoutDuplicates) {
    const std::vector<std::string> items{"127.0.0.9", "127.0.0.2-127.0.0.4", " 127.0.0.3 ", "::1"};
    auto r = parse_source_addresses(items);
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_EQ(hosts(*r), (std::vector<std::string>{"127.0.0.9", "127.0.0.2", "127.0.0.3",
                                                   "127.0.0.4", "::1"}));
    EXPECT_EQ((*r)[0].port(), 0);
}

TEST(SourceAddresses, RangesCrossOctetsAndIpv6LowBits) {
    auto v4 = parse_source_addresses(std::vector<std::string>{"10.0.0.254-10.0.1.1"});
    ASSERT_TRUE(v4.ok()) << v4.message();
    EXPECT_EQ(hosts(*v4),
              (std::vector<std::string>{"10.0.0.254", "10.0.0.255", "10.0.1.0", "10.0.1.1"}));
    auto v6 = parse_source_addresses(std::vector<std::string>{"fd00::fffe-fd00::1:1"});
    ASSERT_TRUE(v6.ok()) << v6.message();
    EXPECT_EQ(hosts(*v6),
              (std::vector<std::string>{"fd00::fffe", "fd00::ffff", "fd00::1:0", "fd00::1:1"}));
}

TEST(SourceAddresses, ErrorsNameTheItemAndTheProblem) {
    auto bad = [](const std::string& item) {
        auto r = parse_source_addresses(std::vector<std::string>{item});
        EXPECT_FALSE(r.ok()) << item;
        return r.ok() ? std::string() : r.message();
    };
    EXPECT_NE(bad("127.0.0.300").find("'127.0.0.300' is not an IPv4 or IPv6 address"),
              std::string::npos);
    EXPECT_NE(bad("127.0.0.9-127.0.0.2").find("ends before it starts"), std::string::npos);
    EXPECT_NE(bad("127.0.0.1-::1").find("mixes an IPv4 and an IPv6"), std::string::npos);
    EXPECT_NE(bad("fd00::1-fd01::1").find("last 32 bits"), std::string::npos);
    EXPECT_NE(bad("10.0.0.0-10.1.0.0").find("65537 addresses; at most 65536"), std::string::npos);
    EXPECT_NE(bad("host.example-10.0.0.1").find("FIRST-LAST"), std::string::npos);
    EXPECT_NE(bad("").find("empty"), std::string::npos);
}

TEST(PortRange, ParsesAndRejectsWithTheText) {
    auto r = parse_port_range("40000-40099");
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->size(), 100u);
    EXPECT_EQ(r->to_string(), "40000-40099");
    EXPECT_NE(parse_port_range("40000").message().find("'40000' is not a port range"),
              std::string::npos);
    EXPECT_NE(parse_port_range("5-4").message().find("LOW <= HIGH"), std::string::npos);
    EXPECT_NE(parse_port_range("0-10").message().find("1 <= LOW"), std::string::npos);
    EXPECT_NE(parse_port_range("1-70000").message().find("65535"), std::string::npos);
    EXPECT_FALSE(parse_port_range("a-b").ok());
}

TEST(PortRange, ReadsTheSystemRange) {
    auto r = system_port_range();
    ASSERT_TRUE(r.ok()) << r.message();
    EXPECT_GT(r->size(), 0u);
    EXPECT_GE(r->low, 1);
}

TEST(SourceAddresses, LoopbackAndOffsets) {
    auto list = parse_source_addresses(
        std::vector<std::string>{"127.1.2.3", "::1", "10.0.0.1", "::ffff:127.0.0.5", "fd00::1"});
    ASSERT_TRUE(list.ok());
    EXPECT_TRUE(is_loopback((*list)[0]));
    EXPECT_TRUE(is_loopback((*list)[1]));
    EXPECT_FALSE(is_loopback((*list)[2]));
    EXPECT_TRUE(is_loopback((*list)[3]));
    EXPECT_FALSE(is_loopback((*list)[4]));
    EXPECT_EQ(host_part(*offset_address((*list)[0], 300)), "127.1.3.47");
    auto top = parse_source_addresses(std::vector<std::string>{"255.255.255.254"});
    EXPECT_TRUE(offset_address(top->front(), 1).has_value());
    EXPECT_FALSE(offset_address(top->front(), 2).has_value());
}

TEST(ClientSocket, BindsToTheSourceAddressAndLeavesThePortToConnect) {
    listener l;
    const auto src = parse_source_addresses(std::vector<std::string>{"127.0.0.7"})->front();
    client_socket_options o;
    o.source = &src;
    auto fd = make_client_socket(AF_INET, o);
    ASSERT_TRUE(fd.ok()) << fd.message();
    // IP_BIND_ADDRESS_NO_PORT: bound to the address, no port chosen until connect.
    EXPECT_EQ(local_address(*fd)->to_string(), "127.0.0.7:0");
    ASSERT_EQ(::connect(*fd, l.addr.get(), l.addr.len), 0);
    const address local = *local_address(*fd);
    EXPECT_EQ(host_part(local), "127.0.0.7");
    EXPECT_NE(local.port(), 0);
    ::close(*fd);
}

TEST(ClientSocket, TakesItsPortFromTheLocalRange) {
    if (!kernel_has_local_port_range()) GTEST_SKIP() << "no IP_LOCAL_PORT_RANGE (Linux < 6.3)";
    listener l;
    client_socket_options o;
    o.local_ports = port_range{45000, 45009};
    for (int i = 0; i < 5; ++i) {
        auto fd = make_client_socket(AF_INET, o);
        ASSERT_TRUE(fd.ok()) << fd.message();
        ASSERT_EQ(::connect(*fd, l.addr.get(), l.addr.len), 0);
        const auto port = local_address(*fd)->port();
        EXPECT_GE(port, 45000);
        EXPECT_LE(port, 45009);
        ::close(*fd);
    }
}

TEST(ClientSocket, NamesAnAddressItCannotBindTo) {
    // 192.0.2.1 (TEST-NET-1) is not an address of this host.
    const auto src = parse_source_addresses(std::vector<std::string>{"192.0.2.1"})->front();
    client_socket_options o;
    o.source = &src;
    auto fd = make_client_socket(AF_INET, o);
    ASSERT_FALSE(fd.ok());
    EXPECT_NE(fd.message().find("cannot bind to source address 192.0.2.1"), std::string::npos)
        << fd.message();
}
