// Response parser throughput on a streamed chat completion as uvicorn/vLLM send it: chunked
// transfer coding, one OpenAI chat.completion.chunk SSE event (~220 bytes) per HTTP chunk.
// The argument is the read size the stream is cut into.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

#include "ringperf/http/response_parser.h"

namespace {

constexpr int event_count = 1000;

std::string sse_event(int i) {
    char token[16];
    std::snprintf(token, sizeof token, " tok%05d", i);
    return std::string("data: {\"id\":\"chatcmpl-3f9c2a7e5b1d4c08\",") +
           "\"object\":\"chat.completion.chunk\",\"created\":1726567200," +
           "\"model\":\"meta-llama/Llama-3.1-8B\",\"choices\":[{\"index\":0," +
           "\"delta\":{\"content\":\"" + token +
           "\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n";
}

std::string streamed_response() {
    std::string out =
        "HTTP/1.1 200 OK\r\ndate: Tue, 17 Sep 2024 10:00:00 GMT\r\nserver: uvicorn\r\n"
        "content-type: text/event-stream; charset=utf-8\r\ntransfer-encoding: chunked\r\n\r\n";
    char size_line[32];
    for (int i = 0; i < event_count; ++i) {
        std::string event = sse_event(i);
        std::snprintf(size_line, sizeof size_line, "%zx\r\n", event.size());
        out += size_line;
        out += event;
        out += "\r\n";
    }
    out += "0\r\n\r\n";
    return out;
}

void response_parser_chunked_sse(benchmark::State& state) {
    const std::string stream = streamed_response();
    const auto read_size = static_cast<std::size_t>(state.range(0));
    ringperf::http::response_parser parser;
    std::size_t body_bytes = 0;
    for (auto _ : state) {
        parser.reset();
        for (std::size_t off = 0; off < stream.size(); off += read_size) {
            std::string_view in = std::string_view(stream).substr(off, read_size);
            while (true) {
                auto s = parser.feed(in);
                if (s == ringperf::http::parse_status::body) {
                    body_bytes += parser.body().size();
                } else if (s != ringperf::http::parse_status::head_done) {
                    break;
                }
            }
        }
        std::string_view none;
        if (parser.feed(none) != ringperf::http::parse_status::complete) {
            state.SkipWithError("stream did not parse to completion");
            break;
        }
        benchmark::DoNotOptimize(body_bytes);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * event_count));
    state.counters["event_bytes"] = static_cast<double>(sse_event(0).size());
}

}  // namespace

BENCHMARK(response_parser_chunked_sse)->ArgName("read_bytes")->Arg(64)->Arg(4096)->Arg(65536);

BENCHMARK_MAIN();
