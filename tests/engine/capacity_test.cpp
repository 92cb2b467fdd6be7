#include "ringperf/engine/capacity.h"

#include <gtest/gtest.h>

#include <set>

using namespace ringperf;
using namespace ringperf::engine;

namespace {

net::address addr(const std::string& host, std::uint16_t port = 8000) {
    auto a = net::parse_source_addresses(std::vector<std::string>{host})->front();
    a.set_port(port);
    return a;
}

std::vector<net::address> range(const std::string& r) {
    return *net::parse_source_addresses(std::vector<std::string>{r});
}

// The build machines: 2 cores, RLIMIT_NOFILE 20,000, ports 32768-60999 (28,232).
host_limits vm() {
    host_limits h;
    h.cores = 2;
    h.nofile_soft = h.nofile_hard = 20000;
    h.ports = {32768, 60999};
    h.local_port_range_option = true;
    h.direct_descriptors = true;
    return h;
}

capacity_request request(std::uint64_t connections, const std::string& dest = "127.0.0.1") {
    capacity_request rq;
    rq.connections = connections;
    rq.destinations.push_back(addr(dest));
    return rq;
}

std::string error_of(const capacity_request& rq, const host_limits& h) {
    auto p = plan_capacity(rq, h);
    EXPECT_FALSE(p.ok());
    return p.ok() ? std::string() : p.message();
}

}  // namespace

TEST(Capacity, SmallRunsUseOneWorkerPerCoreAndTheKernelsSourceAddress) {
    auto p = plan_capacity(request(100), vm());
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->workers, 2u);
    EXPECT_EQ(p->table_size, 50u);
    for (const auto& w : p->per_worker) {
        EXPECT_TRUE(w.sources[0].empty());
        EXPECT_FALSE(w.local_ports.has_value());
    }
    EXPECT_TRUE(p->notes.empty());
    EXPECT_TRUE(p->warnings.empty());
}

TEST(Capacity, MoreConnectionsThanATableHoldsTakeMoreWorkersThanCores) {
    auto p = plan_capacity(request(100000), vm());
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->workers, 5u);
    EXPECT_EQ(p->table_size, 20000u);
    ASSERT_FALSE(p->notes.empty());
    EXPECT_NE(p->notes[0].find("5 workers on 2 cores"), std::string::npos) << p->notes[0];
}

TEST(Capacity, LoopbackTargetsGetDisjointSourceAddressesPerWorker) {
    auto p = plan_capacity(request(100000), vm());
    ASSERT_TRUE(p.ok()) << p.message();
    // 100,000 over half of 28,232 ports a piece: 8 addresses, rounded up to 10 for 5 workers.
    std::set<std::string> all;
    for (const auto& w : p->per_worker) {
        ASSERT_EQ(w.sources[0].size(), 2u);
        for (const auto& a : w.sources[0])
            EXPECT_TRUE(all.insert(net::host_part(a)).second) << "shared " << net::host_part(a);
    }
    EXPECT_EQ(all, (std::set<std::string>{"127.0.0.1", "127.0.0.2", "127.0.0.3", "127.0.0.4",
                                          "127.0.0.5", "127.0.0.6", "127.0.0.7", "127.0.0.8",
                                          "127.0.0.9", "127.0.0.10"}));
    bool noted = false;
    for (const auto& n : p->notes)
        noted =
            noted || n.find("source addresses 127.0.0.1-127.0.0.10 chosen") != std::string::npos;
    EXPECT_TRUE(noted);
}

TEST(Capacity, AnExplicitWorkerCountTooSmallSaysWhichIsEnough) {
    auto rq = request(100000);
    rq.workers = 2;
    const std::string m = error_of(rq, vm());
    EXPECT_NE(m.find("--workers 2 gives each worker 50000"), std::string::npos) << m;
    EXPECT_NE(m.find("at most 20000 (RLIMIT_NOFILE)"), std::string::npos) << m;
    EXPECT_NE(m.find("Use --workers 5 or more"), std::string::npos) << m;
}

TEST(Capacity, PlainDescriptorsRaiseTheSoftLimitUpToTheHardOne) {
    host_limits h = vm();
    h.direct_descriptors = false;
    h.nofile_soft = 1024;
    h.nofile_hard = 65536;
    auto p = plan_capacity(request(30000), h);
    ASSERT_TRUE(p.ok()) << p.message();
    EXPECT_EQ(p->raise_nofile_to, 30000u + reserved_descriptors);
    h.nofile_hard = 20000;
    const std::string m = error_of(request(30000), h);
    EXPECT_NE(m.find("30000 connections as ordinary descriptors need about 30256"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("RLIMIT_NOFILE allows 20000"), std::string::npos) << m;
    EXPECT_NE(m.find("direct_descriptors"), std::string::npos) << m;
}

TEST(Capacity, TooFewPortsForARemoteTargetAsksForSourceAddresses) {
    const std::string m = error_of(request(40000, "10.1.2.3"), vm());
    EXPECT_NE(m.find("40000 connections to 10.1.2.3:8000 need at least 2 source addresses, "
                     "28232 local ports (32768-60999) each"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("--source-address with 2 of this host's IPv4 addresses"), std::string::npos)
        << m;
    EXPECT_NE(m.find("net.ipv4.ip_local_port_range"), std::string::npos) << m;
}

TEST(Capacity, IPv6LoopbackHasOnlyOneAddress) {
    const std::string m = error_of(request(40000, "::1"), vm());
    EXPECT_NE(m.find("connect to 127.0.0.1 instead"), std::string::npos) << m;
}

TEST(Capacity, OverHalfTheRangeFromOneAddressWarns) {
    auto p = plan_capacity(request(20000, "10.1.2.3"), vm());
    ASSERT_TRUE(p.ok()) << p.message();
    ASSERT_EQ(p->warnings.size(), 1u);
    EXPECT_NE(p->warnings[0].find("take 20000 of the 28232 local ports"), std::string::npos);
}

TEST(Capacity, GivenAddressesAreDealtAndCheckedAgainstTheRange) {
    auto rq = request(200);
    rq.local_ports = net::port_range{40000, 40099};
    rq.sources = range("127.0.0.2-127.0.0.4");
    auto ok = plan_capacity(rq, vm());
    ASSERT_TRUE(ok.ok()) << ok.message();
    // 3 addresses over 2 workers: worker 0 takes the 1st and 3rd, worker 1 the 2nd.
    ASSERT_EQ(ok->per_worker[0].sources[0].size(), 2u);
    EXPECT_EQ(net::host_part(ok->per_worker[0].sources[0][1]), "127.0.0.4");
    ASSERT_EQ(ok->per_worker[1].sources[0].size(), 1u);
    EXPECT_EQ(ok->per_worker[1].local_ports, (net::port_range{40000, 40099}));
    // The worker with one address has 100 connections for its 100 ports: one more is too many.
    rq.connections = 202;
    EXPECT_FALSE(plan_capacity(rq, vm()).ok());

    rq.sources = range("127.0.0.2-127.0.0.3");
    rq.connections = 450;
    const std::string m = error_of(rq, vm());
    EXPECT_NE(m.find("450 connections to 127.0.0.1:8000 need at least 6 source addresses, 100 "
                     "local ports (40000-40099) each"),
              std::string::npos)
        << m;
    EXPECT_NE(m.find("--source-address 127.0.0.1-127.0.0.6"), std::string::npos) << m;
}

TEST(Capacity, WorkersSharingAnAddressGetDisjointPortSlices) {
    auto rq = request(4000);
    rq.workers = 4;
    rq.sources = range("127.0.0.2-127.0.0.3");
    host_limits h = vm();
    auto p = plan_capacity(rq, h);
    ASSERT_TRUE(p.ok()) << p.message();
    // Workers 0 and 2 share 127.0.0.2, workers 1 and 3 share 127.0.0.3.
    EXPECT_EQ(net::host_part(p->per_worker[2].sources[0][0]), "127.0.0.2");
    EXPECT_EQ(p->per_worker[0].local_ports, (net::port_range{32768, 46883}));
    EXPECT_EQ(p->per_worker[2].local_ports, (net::port_range{46884, 60999}));
    EXPECT_EQ(p->per_worker[1].local_ports, p->per_worker[0].local_ports);
    h.local_port_range_option = false;
    auto plain = plan_capacity(rq, h);
    ASSERT_TRUE(plain.ok());
    EXPECT_FALSE(plain->per_worker[2].local_ports.has_value());
}

TEST(Capacity, LocalPortRangeNeedsTheKernelOption) {
    auto rq = request(10);
    rq.local_ports = net::port_range{40000, 40099};
    host_limits h = vm();
    h.local_port_range_option = false;
    EXPECT_NE(error_of(rq, h).find("needs IP_LOCAL_PORT_RANGE (Linux 6.3 or later)"),
              std::string::npos);
}

TEST(Capacity, SourceAddressesMustIncludeTheTargetsFamily) {
    auto rq = request(10, "::1");
    rq.sources = range("127.0.0.2");
    EXPECT_NE(error_of(rq, vm()).find("names no IPv6 address, but URL 1 connects to [::1]:8000"),
              std::string::npos);
}

TEST(Capacity, UnboundedRatesGetFullTablesAndNoPortCheck) {
    auto p = plan_capacity(request(0, "10.1.2.3"), vm());
    ASSERT_TRUE(p.ok());
    EXPECT_EQ(p->workers, 2u);
    EXPECT_EQ(p->table_size, 20000u);
    EXPECT_TRUE(p->warnings.empty());
}
