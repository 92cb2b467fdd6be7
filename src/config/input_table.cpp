// The [input] rows: synthetic prompt lengths, synthetic multi-turn conversations, dataset
// files.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cctype>
#include <cerrno>
#include <cstring>

#include "fields.h"
#include "rows.h"

namespace ringperf::config::detail {

namespace {

using R = run_plan;
namespace ds = ringperf::dataset;

// Checked while the options are read, so a mistyped dataset path fails before any
// connection is made rather than after the warmup. A directory is accepted here (a
// random_pool reads one); the rules check that the type fits.
std::string check_readable(std::string_view path) {
    const std::string p(path);
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "cannot open " + p + ": " + std::strerror(errno);
    ::close(fd);
    return "";
}

std::optional<value> get_input_file(const R& p) {
    if (p.input.input_file.empty()) return std::nullopt;
    return load(p.input.input_file);
}

void set_file_type(R& p, value&& v) {
    p.input.file_type = v.text == "multi_turn"       ? ds::dataset_type::multi_turn
                        : v.text == "random_pool"    ? ds::dataset_type::random_pool
                        : v.text == "mooncake_trace" ? ds::dataset_type::mooncake_trace
                                                     : ds::dataset_type::single_turn;
}
// Only with a file: left out of the dump otherwise, as the loader would reject it.
std::optional<value> get_file_type(const R& p) {
    if (p.input.input_file.empty() || p.input.public_set != ds::public_dataset::none)
        return std::nullopt;
    switch (p.input.file_type) {
        case ds::dataset_type::multi_turn:
            return load(std::string("multi_turn"));
        case ds::dataset_type::random_pool:
            return load(std::string("random_pool"));
        case ds::dataset_type::mooncake_trace:
            return load(std::string("mooncake_trace"));
        case ds::dataset_type::single_turn:
            break;
    }
    return load(std::string("single_turn"));
}

constexpr std::string_view other_format =
    "is not available in this version; use single_turn, multi_turn, random_pool or "
    "mooncake_trace";

// Lengths that --seq-dist replaces are left out of the dump when it is set.
template <auto Field>
std::optional<value> get_length(const R& p) {
    if (!p.input.seq_dist.empty()) return std::nullopt;
    return load(p.input.*Field);
}

std::string check_seq_dist(std::string_view text) {
    auto r = ds::parse_seq_dist(text);
    return r ? std::string() : r.message();
}
void set_seq_dist(R& p, value&& v) {
    auto r = ds::parse_seq_dist(v.text);
    if (r) p.input.seq_dist = std::move(*r);
}
std::optional<value> get_seq_dist(const R& p) {
    if (p.input.seq_dist.empty()) return std::nullopt;
    return load(ds::format_seq_dist(p.input.seq_dist));
}

// Only a trace's hash ids use the block size.
std::optional<value> get_block_size(const R& p) {
    if (p.input.input_file.empty() || p.input.file_type != ds::dataset_type::mooncake_trace)
        return std::nullopt;
    return load(p.input.isl_block_size);
}

void set_sampling(R& p, value&& v) {
    p.input.sampling = v.text == "sequential" ? ds::sampling_strategy::sequential
                       : v.text == "random"   ? ds::sampling_strategy::random
                                              : ds::sampling_strategy::shuffle;
}
std::optional<value> get_sampling(const R& p) {
    if (!p.input.sampling) return std::nullopt;
    return load(std::string(ds::to_string(*p.input.sampling)));
}

// AIPerf downloads its public datasets; of those, ShareGPT is read from a local file.
bool is_sharegpt(std::string_view name) {
    constexpr std::string_view sharegpt = "sharegpt";
    if (name.size() != sharegpt.size()) return false;
    for (std::size_t i = 0; i < name.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(name[i])) != sharegpt[i]) return false;
    return true;
}
std::string check_public_dataset(std::string_view name) {
    if (is_sharegpt(name)) return "";
    return "'" + std::string(name) +
           "' is not supported; only sharegpt is, read from a local --input-file";
}
void set_public_dataset(R& p, value&& v) {
    p.input.public_set =
        is_sharegpt(v.text) ? ds::public_dataset::sharegpt : ds::public_dataset::none;
}
std::optional<value> get_public_dataset(const R& p) {
    if (p.input.public_set == ds::public_dataset::none) return std::nullopt;
    return load(std::string("sharegpt"));
}

profile_rows synthetic_rows() {
    return {
        {{.key = "input.isl",
          .name = "isl",
          .aliases = {"prompt-input-tokens-mean", "synthetic-input-tokens-mean"},
          .kind = value_kind::integer,
          .group = "Input",
          .metavar = "TOKENS",
          .help = "Mean input tokens of each synthetic text, cut to exactly the drawn length "
                  "with the run's tokenizer.",
          .min_int = 1},
         set_in<&R::input, &ds::synthetic_options::isl_mean>,
         get_length<&ds::synthetic_options::isl_mean>},
        {{.key = "input.isl_stddev",
          .name = "isl-stddev",
          .aliases = {"prompt-input-tokens-stddev", "synthetic-input-tokens-stddev"},
          .kind = value_kind::number,
          .group = "Input",
          .metavar = "TOKENS",
          .help = "Standard deviation of the input sequence length.",
          .min_number = 0},
         set_in<&R::input, &ds::synthetic_options::isl_stddev>,
         get_length<&ds::synthetic_options::isl_stddev>},
        {{.key = "input.osl",
          .name = "osl",
          .aliases = {"prompt-output-tokens-mean", "output-tokens-mean"},
          .kind = value_kind::integer,
          .group = "Input",
          .metavar = "TOKENS",
          .help = "Mean output tokens to request (sent as the max tokens of each request).",
          .min_int = 1,
          .default_note = "no limit sent"},
         set_in<&R::input, &ds::synthetic_options::osl_mean>,
         get_length<&ds::synthetic_options::osl_mean>},
        {{.key = "input.osl_stddev",
          .name = "osl-stddev",
          .aliases = {"prompt-output-tokens-stddev", "output-tokens-stddev"},
          .kind = value_kind::number,
          .group = "Input",
          .metavar = "TOKENS",
          .help = "Standard deviation of the requested output tokens.",
          .min_number = 0},
         set_in<&R::input, &ds::synthetic_options::osl_stddev>,
         get_length<&ds::synthetic_options::osl_stddev>},
        {{.key = "input.num_dataset_entries",
          .name = "num-dataset-entries",
          .aliases = {"num-prompts"},
          .kind = value_kind::integer,
          .group = "Input",
          .metavar = "N",
          .help = "Number of distinct prompts generated and reused.",
          .min_int = 1,
          .max_int = u32_max},
         set_in<&R::input, &ds::synthetic_options::num_dataset_entries>,
         get_in<&R::input, &ds::synthetic_options::num_dataset_entries>},
        {{.key = "input.random_seed",
          .name = "random-seed",
          .kind = value_kind::integer,
          .group = "Input",
          .metavar = "SEED",
          .help = "Seed for prompts and lengths; the same seed gives the same requests.",
          .min_int = 0,
          .default_note = "random"},
         set_in<&R::input, &ds::synthetic_options::random_seed>,
         get_in<&R::input, &ds::synthetic_options::random_seed>},
    };
}

profile_rows prompt_rows() {
    return {
        {{.key = "input.seq_dist",
          .name = "seq-dist",
          .aliases = {"sequence-distribution"},
          .kind = value_kind::text,
          .group = "Input",
          .metavar = "DIST",
          .help = "Mixture of (ISL, OSL) pairs, one drawn per turn, replacing --isl and "
                  "--osl, e.g. \"256,128:40;512|20,256|10:60\" (ISL[|stddev],OSL[|stddev] and "
                  "a percentage per entry), \"[(256,128):40,(512,256):60]\" or JSON "
                  "{\"pairs\": [{\"isl\", \"isl_stddev\", \"osl\", \"osl_stddev\", "
                  "\"prob\"}]}; the percentages add up to 100.",
          .non_empty = true,
          .default_note = "--isl and --osl",
          .check_item = check_seq_dist},
         set_seq_dist,
         get_seq_dist},
        {{.key = "input.isl_block_size",
          .name = "isl-block-size",
          .aliases = {"prompt-input-tokens-block-size", "synthetic-input-tokens-block-size"},
          .kind = value_kind::integer,
          .group = "Input",
          .metavar = "TOKENS",
          .help = "Tokens per hash id of a mooncake_trace row: rows sharing a hash id share "
                  "that block of their prompt.",
          .min_int = 1,
          .max_int = 1 << 24,
          .default_note = "512"},
         set_in<&R::input, &ds::synthetic_options::isl_block_size>,
         get_block_size},
        {{.key = "input.prompt_batch_size",
          .name = "prompt-batch-size",
          .aliases = {"batch-size-text", "batch-size"},
          .short_name = "b",
          .kind = value_kind::integer,
          .group = "Prompt",
          .metavar = "N",
          .help = "Independent texts per request: chat sends them as text parts of one "
                  "message, completions as a list of prompts.",
          .min_int = 1,
          .max_int = 1 << 16},
         set_in<&R::input, &ds::synthetic_options::prompt_batch_size>,
         get_in<&R::input, &ds::synthetic_options::prompt_batch_size>},
        {{.key = "input.num_prefix_prompts",
          .name = "num-prefix-prompts",
          .aliases = {"prompt-prefix-pool-size", "prefix-prompt-pool-size"},
          .kind = value_kind::integer,
          .group = "Prefix Prompt",
          .metavar = "N",
          .help = "Size of the pool of prefix prompts; each conversation's first turn starts "
                  "with one of them.",
          .min_int = 0,
          .max_int = 1 << 20},
         set_in<&R::input, &ds::synthetic_options::num_prefix_prompts>,
         get_in<&R::input, &ds::synthetic_options::num_prefix_prompts>},
        {{.key = "input.prefix_prompt_length",
          .name = "prefix-prompt-length",
          .aliases = {"prompt-prefix-length"},
          .kind = value_kind::integer,
          .group = "Prefix Prompt",
          .metavar = "TOKENS",
          .help = "Tokens of each prefix prompt.",
          .min_int = 0,
          .max_int = 1 << 24},
         set_in<&R::input, &ds::synthetic_options::prefix_prompt_length>,
         get_in<&R::input, &ds::synthetic_options::prefix_prompt_length>},
        {{.key = "input.shared_system_prompt_length",
          .name = "shared-system-prompt-length",
          .kind = value_kind::integer,
          .group = "Prefix Prompt",
          .metavar = "TOKENS",
          .help = "One system prompt of this many tokens sent by every conversation.",
          .min_int = 1,
          .max_int = 1 << 24,
          .default_note = "none"},
         set_in<&R::input, &ds::synthetic_options::shared_system_prompt_length>,
         get_in<&R::input, &ds::synthetic_options::shared_system_prompt_length>},
        {{.key = "input.user_context_prompt_length",
          .name = "user-context-prompt-length",
          .kind = value_kind::integer,
          .group = "Prefix Prompt",
          .metavar = "TOKENS",
          .help = "A user message of this many tokens, different for every conversation, sent "
                  "after the system prompt and before the turns.",
          .min_int = 1,
          .max_int = 1 << 24,
          .default_note = "none"},
         set_in<&R::input, &ds::synthetic_options::user_context_prompt_length>,
         get_in<&R::input, &ds::synthetic_options::user_context_prompt_length>},
    };
}

profile_rows conversation_rows() {
    return {
        {{.key = "input.conversation_turn_mean",
          .name = "conversation-turn-mean",
          .aliases = {"session-turns-mean"},
          .kind = value_kind::integer,
          .group = "Conversation Input",
          .metavar = "TURNS",
          .help = "Mean number of turns (requests) per synthetic conversation; each turn "
                  "carries the conversation so far, including the server's replies.",
          .min_int = 1,
          .max_int = u32_max},
         set_in<&R::input, &ds::synthetic_options::turn_mean>,
         get_in<&R::input, &ds::synthetic_options::turn_mean>},
        {{.key = "input.conversation_turn_stddev",
          .name = "conversation-turn-stddev",
          .aliases = {"session-turns-stddev"},
          .kind = value_kind::integer,
          .group = "Conversation Input",
          .metavar = "TURNS",
          .help = "Standard deviation of the turns per conversation (rounded, at least 1 turn).",
          .min_int = 0,
          .max_int = u32_max},
         set_in<&R::input, &ds::synthetic_options::turn_stddev>,
         get_in<&R::input, &ds::synthetic_options::turn_stddev>},
        {{.key = "input.conversation_turn_delay_mean",
          .name = "conversation-turn-delay-mean",
          .aliases = {"session-turn-delay-mean"},
          .kind = value_kind::number,
          .group = "Conversation Input",
          .metavar = "MS",
          .help = "Mean think time in milliseconds between a reply and the conversation's next "
                  "turn.",
          .min_number = 0},
         set_in<&R::input, &ds::synthetic_options::turn_delay_mean_ms>,
         get_in<&R::input, &ds::synthetic_options::turn_delay_mean_ms>},
        {{.key = "input.conversation_turn_delay_stddev",
          .name = "conversation-turn-delay-stddev",
          .aliases = {"session-turn-delay-stddev"},
          .kind = value_kind::number,
          .group = "Conversation Input",
          .metavar = "MS",
          .help = "Standard deviation of the think time in milliseconds (never below 0).",
          .min_number = 0},
         set_in<&R::input, &ds::synthetic_options::turn_delay_stddev_ms>,
         get_in<&R::input, &ds::synthetic_options::turn_delay_stddev_ms>},
        {{.key = "input.conversation_turn_delay_ratio",
          .name = "conversation-turn-delay-ratio",
          .aliases = {"session-delay-ratio"},
          .kind = value_kind::number,
          .group = "Conversation Input",
          .metavar = "RATIO",
          .help = "Multiplier on every think time; 0 sends each turn as soon as the reply "
                  "arrives.",
          .min_number = 0},
         set_in<&R::input, &ds::synthetic_options::turn_delay_ratio>,
         get_in<&R::input, &ds::synthetic_options::turn_delay_ratio>},
    };
}

profile_rows file_rows() {
    return {
        {{.key = "input.file",
          .name = "input-file",
          .kind = value_kind::text,
          .group = "Input",
          .metavar = "FILE",
          .help = "JSONL dataset to send instead of synthetic prompts, in the format of "
                  "--custom-dataset-type (a directory for random_pool), or the file of "
                  "--public-dataset. It must be readable when the options are read; a relative "
                  "path starts at the current directory (in a --config file: at the file's "
                  "directory).",
          .non_empty = true,
          .file_path = true,
          .default_note = "synthetic prompts",
          .check_item = check_readable},
         set_in<&R::input, &ds::synthetic_options::input_file>,
         get_input_file},
        {{.key = "input.custom_dataset_type",
          .name = "custom-dataset-type",
          .kind = value_kind::choice,
          .group = "Input",
          .metavar = "TYPE",
          .help = "Format of --input-file: single_turn (one request per line), multi_turn (one "
                  "conversation per line), random_pool (entries drawn at random; a directory "
                  "is one pool per file), mooncake_trace (rows of input/output lengths and hash "
                  "ids, optionally timestamped).",
          .choices = {{"single_turn", "single_turn"},
                      {"multi_turn", "multi_turn"},
                      {"random_pool", "random_pool"},
                      {"mooncake_trace", "mooncake_trace"},
                      {"burst_gpt_trace", "", other_format},
                      {"bailian_trace", "", other_format},
                      {"baseten_trace", "", other_format},
                      {"raw_payload", "", other_format},
                      {"inputs_json", "", other_format},
                      {"dag_jsonl", "", other_format},
                      {"sagemaker_data_capture", "", other_format},
                      {"weka_trace", "", other_format}},
          .default_note = "single_turn"},
         set_file_type,
         get_file_type},
        {{.key = "input.public_dataset",
          .name = "public-dataset",
          .kind = value_kind::text,
          .group = "Input",
          .metavar = "NAME",
          .help = "A public dataset instead of synthetic prompts: sharegpt, read from "
                  "--input-file (ShareGPT_V3_unfiltered_cleaned_split.json, downloaded "
                  "beforehand).",
          .non_empty = true,
          .default_note = "none",
          .check_item = check_public_dataset},
         set_public_dataset,
         get_public_dataset},
        {{.key = "input.dataset_sampling_strategy",
          .name = "dataset-sampling-strategy",
          .kind = value_kind::choice,
          .group = "Input",
          .metavar = "STRATEGY",
          .help = "Which conversation each new session takes: sequential (in order, wrapping "
                  "around), random (with replacement) or shuffle (every one once per pass, in "
                  "a new order each pass).",
          .choices = {{"sequential", "sequential"}, {"random", "random"}, {"shuffle", "shuffle"}},
          .default_note = "shuffle for synthetic prompts and random_pool, else sequential"},
         set_sampling,
         get_sampling},
    };
}

}  // namespace

profile_rows input_rows() {
    profile_rows rows = synthetic_rows();
    for (auto* part : {prompt_rows, conversation_rows, file_rows})
        for (auto& row : part())
            rows.push_back(std::move(row));
    return rows;
}

}  // namespace ringperf::config::detail
