// The client's receive path as one unit: a chunked HTTP response carrying an OpenAI chat
// stream, fed in reads of a given size through the HTTP parser, the SSE decoder and the
// endpoint interpreter — the per-event work an engine worker does besides I/O.
#include <benchmark/benchmark.h>

#include <string>

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

}  // namespace

BENCHMARK_MAIN();
