// The client's receive path as one unit: a chunked HTTP response carrying an OpenAI chat
// stream, fed in reads of a given size through the HTTP parser, the SSE decoder and the
// endpoint interpreter — the per-event work an engine worker does besides I/O.
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "ringperf/api/response.h"
#include "ringperf/http/response_parser.h"
#include "ringperf/sse/decoder.h"

namespace {

using namespace ringperf;

std::string chunk(const std::string& payload) {
    char size[32];
    std::snprintf(size, sizeof size, "%zx\r\n", payload.size());
    return size + payload + "\r\n";
}

// vLLM-shaped: role chunk, `events` content chunks, finish chunk, usage chunk, [DONE].
std::string make_stream(int events) {
    std::string s =
        "HTTP/1.1 200 OK\r\ndate: Sun, 22 Nov 2026 00:00:00 GMT\r\nserver: uvicorn\r\n"
        "content-type: text/event-stream; charset=utf-8\r\ntransfer-encoding: chunked\r\n\r\n";
    const std::string head =
        R"(data: {"id":"chatcmpl-8f2a","object":"chat.completion.chunk","created":1763769600,"model":"Qwen/Qwen3-0.6B","choices":[{"index":0,"delta":{)";
    s += chunk(head + R"("role":"assistant","content":""},"logprobs":null,"finish_reason":null}]})"
                      "\n\n");
    for (int i = 0; i < events; ++i)
        s += chunk(head + R"("content":" token"},"logprobs":null,"finish_reason":null}]})"
                          "\n\n");
    s += chunk(head + R"(},"logprobs":null,"finish_reason":"length"}]})"
                      "\n\n");
    s += chunk(
        R"(data: {"id":"chatcmpl-8f2a","object":"chat.completion.chunk","created":1763769600,"model":"Qwen/Qwen3-0.6B","choices":[],"usage":{"prompt_tokens":128,"total_tokens":1128,"completion_tokens":1000}})"
        "\n\n");
    s += chunk("data: [DONE]\n\n");
    s += "0\r\n\r\n";
    return s;
}

void receive_path(benchmark::State& state) {
    const std::size_t read_size = static_cast<std::size_t>(state.range(0));
    const int events = 1000;
    const std::string stream = make_stream(events);
    http::response_parser parser;
    sse::decoder decoder;
    api::response_interpreter interp(api::endpoint_type::chat);
    std::int64_t content = 0;
    for (auto _ : state) {
        parser.reset();
        decoder.reset();
        for (std::size_t off = 0; off < stream.size(); off += read_size) {
            std::string_view in(stream.data() + off, std::min(read_size, stream.size() - off));
            for (bool more = true; more;) {
                switch (parser.feed(in)) {
                    case http::parse_status::body: {
                        std::string_view body = parser.body();
                        while (decoder.feed(body) == sse::status::event) {
                            const auto& ev = decoder.current();
                            content += interp.stream_event(ev.type, ev.data).kind ==
                                       api::response_kind::content;
                        }
                        break;
                    }
                    case http::parse_status::need_more:
                    case http::parse_status::complete:
                    case http::parse_status::error:
                        more = false;
                        break;
                    default:
                        break;
                }
            }
        }
    }
    if (content != static_cast<std::int64_t>(state.iterations()) * events)
        state.SkipWithError("wrong number of content events");
    state.SetItemsProcessed(state.iterations() * (events + 4));
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * stream.size()));
}

BENCHMARK(receive_path)->Arg(64)->Arg(4096)->Arg(65536);

// The interpreter alone on one content chunk of the stream above, read as a known shape (0,
// the default), by the scanner (1) or by simdjson's DOM (2).
void interpret_chunk(benchmark::State& state) {
    const std::string data =
        R"({"id":"chatcmpl-8f2a","object":"chat.completion.chunk","created":1763769600,"model":"Qwen/Qwen3-0.6B","choices":[{"index":0,"delta":{"content":" token"},"logprobs":null,"finish_reason":null}]})";
    const api::json_reader readers[] = {api::json_reader::shapes_first,
                                        api::json_reader::scan_first, api::json_reader::dom_only};
    const api::json_reader reader = readers[state.range(0)];
    api::response_interpreter interp(api::endpoint_type::chat, reader);
    for (auto _ : state) {
        const api::interpretation r = interp.stream_event("", data);
        benchmark::DoNotOptimize(r.output_text.data());
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(interpret_chunk)->Arg(0)->Arg(1)->Arg(2);

// Content chunks of 64 streams in turn, as a worker sees them: each stream has its own id,
// creation time and text, so only the shape is shared. Readers as for interpret_chunk.
void interpret_streams(benchmark::State& state) {
    std::vector<std::string> chunks;
    for (int i = 0; i < 64; ++i) {
        chunks.push_back(
            R"({"id":"chatcmpl-)" + std::to_string(1000 + i * 7919) +
            R"(","object":"chat.completion.chunk","created":)" + std::to_string(1763769600 + i) +
            R"(,"model":"Qwen/Qwen3-0.6B","choices":[{"index":0,"delta":{"content":")" +
            std::string(1 + i % 9, 'a' + i % 26) + R"("},"logprobs":null,"finish_reason":null}]})");
    }
    const api::json_reader readers[] = {api::json_reader::shapes_first,
                                        api::json_reader::scan_first, api::json_reader::dom_only};
    api::response_interpreter interp(api::endpoint_type::chat, readers[state.range(0)]);
    std::size_t i = 0;
    for (auto _ : state) {
        const api::interpretation r = interp.stream_event("", chunks[i++ % chunks.size()]);
        benchmark::DoNotOptimize(r.output_text.data());
    }
    state.SetItemsProcessed(state.iterations());
}

BENCHMARK(interpret_streams)->Arg(0)->Arg(1)->Arg(2);

}  // namespace

BENCHMARK_MAIN();
