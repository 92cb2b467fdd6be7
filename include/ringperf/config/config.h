// Command line and TOML files into each module's options, through one option table
// (option_table.h): the same table parses flags, reads TOML keys, validates, prints --help
// and dumps the resolved run.
//
// Every option has a flag and a TOML key ("section.key" = [section] key); the exceptions are
// --config and --help themselves, and -v/-vv, which are shorthands for --log-level
// (output.log_level). Flags accept "--flag value" and "--flag=value"; short options
// "-m value" and "-mvalue".
//
// Precedence: defaults < the --config TOML file < flags (wherever --config appears on the
// command line). A list option given on the command line replaces the file's list; repeated
// list flags accumulate. Scalar flags given twice: the last one wins. --concurrency and
// --request-rate take a comma list ("10,20,40"; TOML [10, 20, 40]): one value sets the
// scalar, several set load.concurrency_sweep / request_rate_sweep and the scalar to the first.
//
// TOML tables: [endpoint], [tokenizer], [input], [load], [warmup], [multi_run], [engine],
// [output]; a [mock] table is left to `ringperf mock`, and `mock` skips the others.
//
// Errors: every problem found is reported at once, one per line, in one error message:
// flag problems name the flag ("--concurrency: expected an integer >= 1, got 'abc'"), file
// problems carry file:line:col and the TOML key ("run.toml:7:15: load.concurrency: ...").
// Then the rules between options (AIPerf's: exclusive stop conditions and timing modes,
// limits and ramps that need their mode, warmup settings that need a warmup, one swept
// parameter per run) name the option as given and the other one by flag and TOML key.
// --input-file must be readable at parse time.
//
// Thread-safety: all functions are reentrant; nothing here keeps global mutable state.
#pragma once

#include <functional>
#include <span>
#include <string>
#include <string_view>

#include "ringperf/api/endpoint.h"
#include "ringperf/base/result.h"
#include "ringperf/dataset/synthetic_options.h"
#include "ringperf/engine/engine_options.h"
#include "ringperf/export/output_options.h"
#include "ringperf/hub/tokenizer_options.h"
#include "ringperf/mock/mock_options.h"
#include "ringperf/workload/load_options.h"

namespace ringperf::config {

// Where the API key came from; the key itself is never written to a dump or an export.
enum class secret_source { none, flag, environment, file };

struct run_plan {
    api::endpoint_options endpoint;
    hub::tokenizer_options tokenizer;
    dataset::synthetic_options input;
    workload::load_options load;
    engine::engine_options engine;
    exporter::output_options output;
    std::string config_path;  // the --config file as given, empty when none
    // "ringperf profile <args>", each argument shell-quoted, API key and credential header
    // values replaced by <redacted>. For the exports (AIPerf's cli_command).
    std::string cli_command;
    secret_source api_key_source = secret_source::none;
};

enum class command { profile, mock };

// The error message parse_profile / parse_mock return (alone) when the arguments contain
// -h or --help, whatever else they contain. The caller prints help(c) and exits 0.
inline constexpr std::string_view help_request_message = "help requested";
bool is_help_request(const error& e);

// `args`: argv without the program name and the subcommand. `getenv` is consulted for
// OPENAI_API_KEY when neither --api-key nor endpoint.api_key is given (tests inject it).
// Reads the --config file, if any, from disk.
result<run_plan> parse_profile(std::span<const std::string> args,
                               std::function<const char*(const char*)> getenv);
// `ringperf mock` flags and the [mock] table of a --config file.
result<mock::mock_options> parse_mock(std::span<const std::string> args);

// Grouped option reference with aliases, defaults and TOML keys.
std::string help(command c);

// The resolved run as a commented TOML document with every key, loadable again with
// --config (dump -> parse -> dump is the identity when no secret is set and the input file
// is still readable). Unset optional values, and settings that only apply together with an
// option that is not set, appear as comments. The API key and credential headers are
// replaced by a comment naming where they came from.
std::string dump_toml(const run_plan& p);
std::string dump_toml(const mock::mock_options& m);

// The resolved run as one JSON object shaped like AIPerf's input_config (endpoint, tokenizer,
// input, loadgen, output, service, plus ringperf's engine section, config_file and cli_command).
// Conversation, dataset-file and fixed-schedule settings are under input; limits, ramps,
// warmup, cancellation, sweeps and repeated runs under loadgen; unset values are null.
// Secrets are written as "<redacted>".
std::string to_json(const run_plan& p);

}  // namespace ringperf::config
