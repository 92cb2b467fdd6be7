// Tokenizer load time and encode throughput for each real model found in the models folder.
//
// Environment: TOKENIZER_MODELS_DIR (default .cache/tokenizers) holds <model>/tokenizer.json;
// TOKENIZER_BENCH_TEXT (default /usr/share/common-licenses/GPL-3) is the English text, repeated
// to 1 MiB. bench/tokenizer_reference.mjs measures the reference on the same files and text.
#include <benchmark/benchmark.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "ringperf/base/file.h"
#include "ringperf/tokenizer/tokenizer.h"

namespace {

using ringperf::tokenizer::tokenizer;

std::string env_or(const char* name, const char* fallback) {
    const char* v = std::getenv(name);
    return v != nullptr && *v != '\0' ? std::string(v) : std::string(fallback);
}

std::string bench_text() {
    auto base =
        ringperf::read_file(env_or("TOKENIZER_BENCH_TEXT", "/usr/share/common-licenses/GPL-3"));
    if (!base || base->empty()) return {};
    std::string text;
    while (text.size() < (std::size_t{1} << 20))
        text += base.value();
    return text;
}

void bm_load(benchmark::State& state, std::string path) {
    for (auto _ : state) {
        auto t = tokenizer::from_file(path);
        if (!t) {
            state.SkipWithError(t.message().c_str());
            return;
        }
        benchmark::DoNotOptimize(t.value());
    }
}

void bm_encode(benchmark::State& state, std::string path, const std::string* text) {
    auto t = tokenizer::from_file(path);
    if (!t) {
        state.SkipWithError(t.message().c_str());
        return;
    }
    std::vector<ringperf::tokenizer::token_id> ids;
    for (auto _ : state) {
        ids.clear();
        t->encode(*text, ids);
        benchmark::DoNotOptimize(ids.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text->size()));
    state.counters["tokens"] = static_cast<double>(ids.size());
}

}  // namespace

int main(int argc, char** argv) {
    static const std::string text = bench_text();
    if (text.empty()) {
        std::fprintf(stderr, "tokenizer_bench: cannot read the text (set TOKENIZER_BENCH_TEXT)\n");
        return 1;
    }
    const std::string dir = env_or("TOKENIZER_MODELS_DIR", ".cache/tokenizers");
    for (const char* model : {"qwen3", "llama3", "llama2", "gemma3", "gpt4o"}) {
        const std::string path = dir + "/" + model + "/tokenizer.json";
        if (::access(path.c_str(), R_OK) != 0) {
            std::fprintf(stderr,
                         "tokenizer_bench: %s missing, skipped (run tools/fetch-tokenizers.sh)\n",
                         path.c_str());
            continue;
        }
        benchmark::RegisterBenchmark((std::string("load/") + model).c_str(), bm_load, path)
            ->Unit(benchmark::kMillisecond);
        benchmark::RegisterBenchmark((std::string("encode/") + model).c_str(), bm_encode, path,
                                     &text)
            ->Unit(benchmark::kMillisecond);
    }
    benchmark::Initialize(&argc, argv);
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
