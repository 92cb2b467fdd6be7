// Writes the reference prompts (reference_cases.h) generated with a model's tokenizer as
// JSON on stdout, for tools/gen-prompt-length-fixture.mjs.
// Usage: dataset_prompt_dump MODEL   (MODEL: a directory under .cache/tokenizers)
#include <cstdio>
#include <string>

#include "reference_cases.h"
#include "ringperf/base/json_writer.h"
#include "ringperf/dataset/token_codec.h"

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: dataset_prompt_dump MODEL\n");
        return 2;
    }
    const std::string model = argv[1];
    const std::string root = RINGPERF_SOURCE_ROOT;
    auto tok = ringperf::tokenizer::tokenizer::from_file(root + "/.cache/tokenizers/" + model +
                                                         "/tokenizer.json");
    if (!tok) {
        std::fprintf(stderr, "%s\n", tok.message().c_str());
        return 1;
    }
    const ringperf::dataset::tokenizer_codec codec(*tok);
    const ringperf::dataset::prompt_source source(&codec);
    auto prompts =
        dataset_test::make_reference_prompts(source, root + "/tests/data/dataset/mooncake.jsonl");
    if (!prompts) {
        std::fprintf(stderr, "%s\n", prompts.message().c_str());
        return 1;
    }
    std::string out;
    ringperf::json_writer w(out);
    w.begin_object().key("model").value(model).key("texts").begin_array();
    for (const auto& t : prompts->texts)
        w.value(t);
    w.end_array().key("requested").begin_array();
    for (const auto n : prompts->requested)
        w.value(n);
    w.end_array().end_object();
    std::fputs(out.c_str(), stdout);
    std::fputc('\n', stdout);
    return 0;
}
