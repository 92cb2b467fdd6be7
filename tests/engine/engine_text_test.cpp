// The response texts a record carries: joined over every content event when the run keeps
// texts (a counting stage needs them), absent otherwise, and the reply a later turn needs.
#include <gtest/gtest.h>

#include "engine_fixture.h"
#include "ringperf/metrics/record.h"
#include "scripted_server.h"

using namespace ringperf;
using namespace ringperf::engine_test;
namespace ts = ringperf::test_support;
using ts::script_step;
using ts::scripted_server;

namespace {

run_out run_keeping(int port, bool streaming, bool keep_text, std::uint64_t count,
                    std::vector<std::uint32_t> turns = {1}) {
    auto f = make_fixture({port}, streaming, 1, count);
    f->spec.keep_text = keep_text;
    add_conversations(*f, turns);
    return run_fixture(*f);
}

TEST(EngineText, StreamedTextsAreJoinedOverEveryEventWithThinkTagsInTheOutput) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::sse_reasoning_response(true)}; });
    const auto o = run_keeping(srv.port(), true, true, 3);
    ASSERT_EQ(o.records.size(), 3u);
    for (const auto& r : o.records) {
        ASSERT_TRUE(r.ok()) << r.error_message;
        EXPECT_EQ(r.output_text, "<think> hidden </think> The answer is world");
        EXPECT_EQ(r.reasoning_text, "let me think about it");
        EXPECT_EQ(r.output_chars, static_cast<std::int64_t>(r.output_text.size()));
        EXPECT_EQ(r.reasoning_chars, static_cast<std::int64_t>(r.reasoning_text.size()));
        EXPECT_EQ(r.content_ns.size(), 5u);
        EXPECT_EQ(r.counted.output, -1);  // counting is not the worker's job
        EXPECT_EQ(r.usage.reasoning_tokens, 9);
    }
}

TEST(EngineText, NonStreamedBodiesGiveTheirWholeTexts) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_reasoning_response()}; });
    const auto o = run_keeping(srv.port(), false, true, 2);
    ASSERT_EQ(o.records.size(), 2u);
    for (const auto& r : o.records) {
        EXPECT_EQ(r.output_text, "one two three");
        EXPECT_EQ(r.reasoning_text, "a b");
    }
}

TEST(EngineText, WithoutKeepTextRecordsCarryNoText) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::sse_reasoning_response(true)}; });
    const auto o = run_keeping(srv.port(), true, false, 3);
    ASSERT_EQ(o.records.size(), 3u);
    for (const auto& r : o.records) {
        EXPECT_TRUE(r.output_text.empty());
        EXPECT_TRUE(r.reasoning_text.empty());
        EXPECT_GT(r.output_chars, 0);  // still measured
    }
}

TEST(EngineText, WithoutKeepTextOnlyTurnsWithAFollowUpKeepTheirReply) {
    if (!usable()) GTEST_SKIP() << "io_uring features missing";
    scripted_server srv([](int, int) { return script_step{ts::json_chat_response()}; });
    const auto o = run_keeping(srv.port(), false, false, 2, {2});
    ASSERT_EQ(o.records.size(), 2u);
    EXPECT_EQ(o.records[0].output_text, "hello world");  // turn 1 needs it
    EXPECT_TRUE(o.records[1].output_text.empty());
    const auto bodies = srv.bodies();
    ASSERT_EQ(bodies.size(), 2u);
    EXPECT_NE(bodies[1].find(R"({"role":"assistant","content":"hello world"})"), std::string::npos)
        << bodies[1];
}

}  // namespace
