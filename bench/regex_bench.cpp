// Throughput of the tokenizer's text primitives on English prose: a Split pattern's search()
// run over the whole text as the pre-tokenizer runs it, and normalization. The prose is
// /usr/share/common-licenses/GPL-3 (or RINGPERF_BENCH_TEXT) repeated to about 1 MB.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>

#include "ringperf/base/file.h"
#include "ringperf/tokenizer/regex.h"
#include "ringperf/tokenizer/unicode.h"
#include "ringperf/tokenizer/utf8.h"

namespace ringperf::tokenizer {
namespace {

const std::string& prose() {
    static const std::string text = [] {
        const char* path = std::getenv("RINGPERF_BENCH_TEXT");
        auto r = read_file(path ? path : "/usr/share/common-licenses/GPL-3");
        std::string unit = r.ok() ? *r
                                  : std::string(
                                        "The licenses for most software and other "
                                        "practical works are designed to take away your "
                                        "freedom to share and change the works.\n");
        std::string t;
        while (t.size() < (1U << 20))
            t += unit;
        return t;
    }();
    return text;
}

const char* const patterns[] = {
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)",
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
    R"((?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
    R"([^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]*[\p{Ll}\p{Lm}\p{Lo}\p{M}]+(?i:'s|'t|'re|'ve|'m|'ll|'d)?|[^\r\n\p{L}\p{N}]?[\p{Lu}\p{Lt}\p{Lm}\p{Lo}\p{M}]+[\p{Ll}\p{Lm}\p{Lo}\p{M}]*(?i:'s|'t|'re|'ve|'m|'ll|'d)?|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n/]*|\s*[\r\n]+|\s+(?!\S)|\s+)",
    R"(\p{N})",
    " ",
};
const char* const names[] = {"gpt2", "llama3", "qwen3", "o200k", "digits", "literal_space"};

// Every match in the text, advancing past empty matches as the pre-tokenizer does.
void search_all(benchmark::State& state, bool generic) {
    const std::string& text = prose();
    const regex re = regex::compile(patterns[state.range(0)], regex_options{generic}).value();
    std::size_t matches = 0;
    for (auto _ : state) {
        for (std::size_t pos = 0; pos <= text.size();) {
            const auto m = re.search(text, pos);
            if (!m) break;
            ++matches;
            pos = m->end > m->begin ? m->end : m->end + 1;
        }
    }
    benchmark::DoNotOptimize(matches);
    state.SetLabel(names[state.range(0)]);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}

void BM_SplitPattern(benchmark::State& state) {
    search_all(state, false);
}
BENCHMARK(BM_SplitPattern)->DenseRange(0, 5);

void BM_SplitPatternGenericEngine(benchmark::State& state) {
    search_all(state, true);
}
BENCHMARK(BM_SplitPatternGenericEngine)->DenseRange(0, 5);

void BM_NormalizeNfc(benchmark::State& state) {
    std::string text = prose();
    if (state.range(0) == 1) {
        // Curly quotes every few words: non-ASCII text that is already NFC.
        for (std::size_t i = 0; i + 3 < text.size(); i += 40)
            text.replace(i, 1, "\xE2\x80\x99");
    }
    for (auto _ : state)
        benchmark::DoNotOptimize(unicode::normalize(text, unicode::form::nfc));
    state.SetLabel(state.range(0) == 1 ? "prose with quotes" : "ascii prose");
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_NormalizeNfc)->Arg(0)->Arg(1);

}  // namespace
}  // namespace ringperf::tokenizer
BENCHMARK_MAIN();
