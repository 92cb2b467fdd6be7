// The [input] rows: synthetic prompt lengths, synthetic multi-turn conversations, dataset
// files.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "fields.h"
#include "rows.h"

namespace ringperf::config::detail {

namespace {

using R = run_plan;
namespace ds = ringperf::dataset;

// Checked while the options are read, so a mistyped dataset path fails before any
// connection is made rather than after the warmup.
std::string check_readable(std::string_view path) {
    const std::string p(path);
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return "cannot open " + p + ": " + std::strerror(errno);
    struct stat st {};
    const bool directory = ::fstat(fd, &st) == 0 && S_ISDIR(st.st_mode);
    ::close(fd);
    return directory ? "cannot read " + p + ": it is a directory; give a JSONL file" : "";
}

std::optional<value> get_input_file(const R& p) {
    if (p.input.input_file.empty()) return std::nullopt;
    return load(p.input.input_file);
}

void set_file_type(R& p, value&& v) {
    p.input.file_type = v.text == "multi_turn"       ? ds::dataset_type::multi_turn
                        : v.text == "mooncake_trace" ? ds::dataset_type::mooncake_trace
                                                     : ds::dataset_type::single_turn;
}
// Only with a file: left out of the dump otherwise, as the loader would reject it.
std::optional<value> get_file_type(const R& p) {
    if (p.input.input_file.empty()) return std::nullopt;
    switch (p.input.file_type) {
        case ds::dataset_type::multi_turn:
            return load(std::string("multi_turn"));
        case ds::dataset_type::mooncake_trace:
            return load(std::string("mooncake_trace"));
        case ds::dataset_type::single_turn:
            break;
    }
    return load(std::string("single_turn"));
}

constexpr std::string_view other_format =
    "is not available in this version; use single_turn, multi_turn or mooncake_trace";

profile_rows synthetic_rows() {
    return {
        {{.key = "input.isl",
          .name = "isl",
          .aliases = {"prompt-input-tokens-mean", "synthetic-input-tokens-mean"},
          .kind = value_kind::integer,
          .group = "Input",
          .metavar = "TOKENS",
          .help = "Mean input sequence length of the synthetic prompts.",
          .min_int = 1},
         set_in<&R::input, &ds::synthetic_options::isl_mean>,
         get_in<&R::input, &ds::synthetic_options::isl_mean>},
        {{.key = "input.isl_stddev",
          .name = "isl-stddev",
          .aliases = {"prompt-input-tokens-stddev", "synthetic-input-tokens-stddev"},
          .kind = value_kind::number,
          .group = "Input",
          .metavar = "TOKENS",
          .help = "Standard deviation of the input sequence length.",
          .min_number = 0},
         set_in<&R::input, &ds::synthetic_options::isl_stddev>,
         get_in<&R::input, &ds::synthetic_options::isl_stddev>},
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
         get_in<&R::input, &ds::synthetic_options::osl_mean>},
        {{.key = "input.osl_stddev",
          .name = "osl-stddev",
          .aliases = {"prompt-output-tokens-stddev", "output-tokens-stddev"},
          .kind = value_kind::number,
          .group = "Input",
          .metavar = "TOKENS",
          .help = "Standard deviation of the requested output tokens.",
          .min_number = 0},
         set_in<&R::input, &ds::synthetic_options::osl_stddev>,
         get_in<&R::input, &ds::synthetic_options::osl_stddev>},
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
                  "--custom-dataset-type. It must be readable when the options are read; a "
                  "relative path starts at the current directory (in a --config file: at the "
                  "file's directory).",
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
                  "conversation per line), mooncake_trace (rows of input/output lengths, "
                  "optionally timestamped).",
          .choices = {{"single_turn", "single_turn"},
                      {"multi_turn", "multi_turn"},
                      {"mooncake_trace", "mooncake_trace"},
                      {"random_pool", "", other_format},
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
    };
}

}  // namespace

profile_rows input_rows() {
    profile_rows rows = synthetic_rows();
    for (auto* part : {conversation_rows, file_rows})
        for (auto& row : part())
            rows.push_back(std::move(row));
    return rows;
}

}  // namespace ringperf::config::detail
