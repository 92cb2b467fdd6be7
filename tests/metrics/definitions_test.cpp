// Other tools' metric definitions, checked on recorded streams: each file in
// tests/data/metrics/golden/ holds the raw SSE bytes a server sent, stamped with their arrival
// times, and the hand-computed values under every definition set (the computation is
// written out in the file's comments). The bytes go through the SSE decoder and the response
// interpreter, and the record is filled as the engine's receive path fills it.
#include "ringperf/metrics/definitions.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "ringperf/api/response.h"
#include "ringperf/sse/decoder.h"

namespace ringperf::metrics {
namespace {

struct expectation {
    definition_set set;
    definition_metric metric;
    std::vector<weighted_value> values;
};

struct golden {
    api::endpoint_type endpoint = api::endpoint_type::chat;
    token_source source = token_source::tokenizer;
    request_record rec;
    std::vector<std::pair<mono_ns, std::string>> pieces;  // arrival time, bytes
    std::vector<expectation> expected;
};

std::string data_dir() {
    const char* d = std::getenv("RINGPERF_TEST_DATA");
    return std::string(d ? d : "tests/data") + "/metrics/golden/";
}

bool starts_with(const std::string& s, std::string_view p) {
    return s.compare(0, p.size(), p) == 0;
}

std::vector<weighted_value> parse_values(std::istringstream& in) {
    std::vector<weighted_value> out;
    std::string v;
    while (in >> v) {
        if (v == "-") continue;
        weighted_value w;
        const auto star = v.find('*');
        w.value = std::stod(v.substr(0, star));
        if (star != std::string::npos) w.weight = std::stoull(v.substr(star + 1));
        out.push_back(w);
    }
    return out;
}

// Directives: endpoint, source, counted_output, counted_reasoning, start, end, at (the bytes
// on the following lines arrive at that time), expect <set> <metric> <value[*weight]>... or -.
// Lines starting with '#' are comments; every other line is SSE bytes.
golden load(const std::string& name) {
    std::ifstream f(data_dir() + name);
    EXPECT_TRUE(f.good()) << name;
    golden g;
    g.rec.streaming = true;
    std::string line;
    while (std::getline(f, line)) {
        std::istringstream in(line);
        std::string word;
        if (starts_with(line, "#")) continue;
        if (starts_with(line, "endpoint ")) {
            in >> word >> word;
            g.endpoint =
                word == "chat" ? api::endpoint_type::chat : api::endpoint_type::completions;
        } else if (starts_with(line, "source ")) {
            in >> word >> word;
            g.source = word == "server"     ? token_source::server
                       : word == "estimate" ? token_source::estimate
                                            : token_source::tokenizer;
        } else if (starts_with(line, "counted_output ")) {
            in >> word >> g.rec.counted.output;
        } else if (starts_with(line, "counted_reasoning ")) {
            in >> word >> g.rec.counted.reasoning;
        } else if (starts_with(line, "start ")) {
            in >> word >> g.rec.t_start;
        } else if (starts_with(line, "end ")) {
            in >> word >> g.rec.t_end;
        } else if (starts_with(line, "at ")) {
            mono_ns t = 0;
            in >> word >> t;
            g.pieces.emplace_back(t, std::string());
        } else if (starts_with(line, "expect ")) {
            std::string set, metric;
            in >> word >> set >> metric;
            expectation e{*parse_definition_set(set), *parse_definition_metric(metric),
                          parse_values(in)};
            g.expected.push_back(std::move(e));
        } else if (!g.pieces.empty()) {
            g.pieces.back().second += line + "\n";
        }
    }
    return g;
}

// What worker::on_event records of one interpreted event (engine/worker_response.cpp).
void on_event(request_record& rec, const api::interpretation& in, mono_ns now) {
    ++rec.responses;
    if (in.has_choices) rec.choice_ns.push_back(now);
    if (in.has_output) rec.output_ns.push_back(now);
    if (in.usage) rec.usage = *in.usage;
    if (!in.finish_reason.empty()) rec.finish_reason.assign(in.finish_reason);
    if (in.kind != api::response_kind::content) return;
    rec.content_ns.push_back(now);
    if (in.has_output && rec.first_output_index < 0)
        rec.first_output_index = static_cast<std::int32_t>(rec.content_ns.size() - 1);
    rec.output_chars += static_cast<std::int64_t>(in.output_text.size());
    rec.reasoning_chars += static_cast<std::int64_t>(in.reasoning_text.size());
    rec.output_text.append(in.output_text);
}

request_record replay(golden& g) {
    api::response_interpreter interp(g.endpoint);
    sse::decoder dec;
    for (const auto& [t, bytes] : g.pieces) {
        std::string_view piece = bytes;
        while (dec.feed(piece) == sse::status::event) {
            const sse::event& ev = dec.current();
            on_event(g.rec, interp.stream_event(ev.type, ev.data), t);
        }
    }
    while (dec.finish() == sse::status::event) {
        const sse::event& ev = dec.current();
        on_event(g.rec, interp.stream_event(ev.type, ev.data), g.rec.t_end);
    }
    return g.rec;
}

void check_file(const std::string& name) {
    golden g = load(name);
    ASSERT_FALSE(g.expected.empty()) << name;
    const request_record rec = replay(g);
    ASSERT_TRUE(rec.ok()) << rec.error_message;
    std::map<definition_set, definition_values> computed;
    for (auto s : {definition_set::aiperf, definition_set::vllm, definition_set::sglang,
                   definition_set::guidellm})
        computed[s] = compute_definition_values(rec, s, g.source);
    std::map<std::pair<definition_set, definition_metric>, bool> seen;
    for (const expectation& e : g.expected) {
        seen[{e.set, e.metric}] = true;
        const auto got = computed[e.set].of(e.metric);
        SCOPED_TRACE(name + ": " + definition_set_name(e.set) + " " + info(e.metric).key);
        ASSERT_EQ(got.size(), e.values.size());
        for (std::size_t i = 0; i < got.size(); ++i) {
            EXPECT_EQ(got[i].value, e.values[i].value) << "value " << i;
            EXPECT_EQ(got[i].weight, e.values[i].weight) << "weight " << i;
        }
    }
    EXPECT_EQ(seen.size(), definition_set_count * definition_metric_count)
        << name << " must state every set's every metric";
}

TEST(MetricDefinitionsGolden, ChatRoleOnlyEmptyFinishOnlyAndUsageOnlyChunks) {
    check_file("chat_role_finish_usage.sse");
}

TEST(MetricDefinitionsGolden, ReasoningChunksAndTwoEventsInOneReadWithoutUsage) {
    check_file("chat_reasoning_no_usage.sse");
}

TEST(MetricDefinitionsGolden, CompletionsSingleTokenWithServerCounts) {
    check_file("completions_single_token.sse");
}

TEST(MetricDefinitionsGolden, WithoutTokenizerOrUsageEveryOutputEventIsOneToken) {
    check_file("chat_no_tokenizer_no_usage.sse");
}

TEST(MetricDefinitions, FailedRecordHasNoValues) {
    request_record r;
    r.streaming = true;
    r.t_start = 1;
    r.t_end = 100;
    r.choice_ns = {10};
    r.output_ns = {10};
    r.error = error_kind::read;
    for (auto s : {definition_set::aiperf, definition_set::vllm, definition_set::sglang,
                   definition_set::guidellm}) {
        const auto v = compute_definition_values(r, s, token_source::estimate);
        for (const auto& list : v.values)
            EXPECT_TRUE(list.empty()) << definition_set_name(s);
    }
}

TEST(MetricDefinitions, ReusedValuesAreClearedBetweenRequests) {
    request_record r;
    r.streaming = true;
    r.t_start = 0;
    r.t_end = 50;
    r.choice_ns = {10, 20, 30};
    r.output_ns = {10, 20, 30};
    r.usage.completion_tokens = 3;
    definition_values v;
    compute_definition_values(r, definition_set::vllm, token_source::server, v);
    EXPECT_EQ(v.of(definition_metric::itl).size(), 2u);
    r.choice_ns = {10, 40};
    compute_definition_values(r, definition_set::vllm, token_source::server, v);
    ASSERT_EQ(v.of(definition_metric::itl).size(), 1u);
    EXPECT_EQ(v.of(definition_metric::itl)[0].value, 30);
    r.error = error_kind::read;
    compute_definition_values(r, definition_set::vllm, token_source::server, v);
    for (const auto& list : v.values)
        EXPECT_TRUE(list.empty());
}

TEST(MetricDefinitions, VllmReCountsWhenUsageSaysZeroTokens) {
    request_record r;
    r.streaming = true;
    r.t_start = 0;
    r.t_end = 100;
    r.choice_ns = {10, 20, 30};
    r.output_ns = {10, 20, 30};
    r.usage.completion_tokens = 0;
    r.counted.output = 3;
    const auto v = compute_definition_values(r, definition_set::vllm, token_source::tokenizer);
    ASSERT_EQ(v.of(definition_metric::output_tokens).size(), 1u);
    EXPECT_EQ(v.of(definition_metric::output_tokens)[0].value, 3);
    // TPOT = (30 - 10) / (3 - 1).
    ASSERT_EQ(v.of(definition_metric::tpot).size(), 1u);
    EXPECT_EQ(v.of(definition_metric::tpot)[0].value, 10);
    // SGLang takes the server's 0 as given: no TPOT.
    const auto s = compute_definition_values(r, definition_set::sglang, token_source::tokenizer);
    EXPECT_EQ(s.of(definition_metric::output_tokens)[0].value, 0);
    EXPECT_TRUE(s.of(definition_metric::tpot).empty());
}

TEST(MetricDefinitions, ParsesSetNamesCaseInsensitively) {
    EXPECT_EQ(parse_definition_set("vLLM"), definition_set::vllm);
    EXPECT_EQ(parse_definition_set("GuideLLM"), definition_set::guidellm);
    EXPECT_EQ(parse_definition_set("aiperf"), definition_set::aiperf);
    EXPECT_FALSE(parse_definition_set("llmperf"));
    EXPECT_EQ(parse_definition_metric("tpot"), definition_metric::tpot);
    EXPECT_FALSE(parse_definition_metric("TPOT"));
}

// GuideLLM aggregates TPOT and ITL weighted by tokens: two requests, TPOT 10 ms over 5 tokens
// and 40 ms over 1 token, give a mean of (10*5 + 40*1) / 6 = 15 ms and a median of 10 ms.
TEST(MetricDefinitionSummaries, GuidellmTpotIsTokenWeighted) {
    const std::array sets{definition_set::guidellm, definition_set::vllm};
    auto d = definition_summaries::create(sets);
    ASSERT_TRUE(d);
    request_record a;
    a.streaming = true;
    a.t_start = 0;
    a.t_end = 60'000'000;
    a.output_ns = {20'000'000, 30'000'000, 50'000'000};
    a.choice_ns = a.output_ns;
    a.usage.completion_tokens = 5;
    request_record b;
    b.streaming = true;
    b.t_start = 0;
    b.t_end = 50'000'000;
    b.output_ns = {40'000'000};
    b.choice_ns = b.output_ns;
    b.usage.completion_tokens = 1;
    auto other = definition_summaries::create(sets);
    ASSERT_TRUE(other);
    d->add(a, token_source::server);
    other->add(b, token_source::server);
    d->merge(*other);
    const auto results = d->summarize();
    ASSERT_EQ(results.size(), 2u);
    EXPECT_EQ(results[0].set, definition_set::guidellm);
    const definition_metric_result* tpot = nullptr;
    for (const auto& m : results[0].metrics)
        if (m.metric == definition_metric::tpot) tpot = &m;
    ASSERT_NE(tpot, nullptr);
    EXPECT_EQ(tpot->s.count, 6u);
    EXPECT_EQ(tpot->requests, 2u);
    EXPECT_DOUBLE_EQ(tpot->s.avg, 15.0);
    EXPECT_NEAR(tpot->s.p50, 10.0, 0.01);  // histogram quantisation, 3 significant figures
    EXPECT_DOUBLE_EQ(tpot->s.max, 40.0);
    // Population std of {10 x5, 40}: mean 15, variance (5*25 + 625) / 6 = 125.
    EXPECT_NEAR(tpot->s.std, std::sqrt(125.0), 1e-9);
    // vLLM pools the chunk gaps: 10 and 20 ms from a, none from b.
    EXPECT_EQ(results[1].set, definition_set::vllm);
    for (const auto& m : results[1].metrics) {
        if (m.metric != definition_metric::itl) continue;
        EXPECT_EQ(m.s.count, 2u);
        EXPECT_EQ(m.requests, 1u);
        EXPECT_DOUBLE_EQ(m.s.avg, 15.0);
    }
}

TEST(MetricDefinitionSummaries, WarmupRecordsAreNotCounted) {
    const std::array sets{definition_set::sglang};
    auto d = definition_summaries::create(sets);
    ASSERT_TRUE(d);
    request_record r;
    r.streaming = true;
    r.phase = benchmark_phase::warmup;
    r.t_end = 10;
    r.output_ns = {5};
    d->add(r, token_source::estimate);
    const auto results = d->summarize();
    ASSERT_EQ(results.size(), 1u);
    EXPECT_TRUE(results[0].metrics.empty());
}

}  // namespace
}  // namespace ringperf::metrics
