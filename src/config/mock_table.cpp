// The options of `ringperf mock`, the [mock] table of a config file.
#include <limits>

#include "fields.h"

namespace ringperf::config {

namespace {

using detail::get_at;
using detail::set_at;
using M = mock::mock_options;

std::vector<option<M>> build() {
    return {
        {{.key = "mock.host",
          .name = "host",
          .kind = value_kind::text,
          .group = "Mock server",
          .metavar = "ADDR",
          .help = "Address to listen on.",
          .non_empty = true},
         set_at<&M::host>,
         get_at<&M::host>},
        {{.key = "mock.port",
          .name = "port",
          .kind = value_kind::integer,
          .group = "Mock server",
          .metavar = "PORT",
          .help = "TCP port to listen on; 0 picks a free port and prints it.",
          .min_int = 0,
          .max_int = 65535},
         set_at<&M::port>,
         get_at<&M::port>},
        {{.key = "mock.workers",
          .name = "workers",
          .kind = value_kind::integer,
          .group = "Mock server",
          .metavar = "N",
          .help = "Server threads, each with its own io_uring; 0 = one per online core, or "
                  "more when --max-connections needs more rings (each holds at most "
                  "RLIMIT_NOFILE connections). A number too small for --max-connections "
                  "is an error.",
          .min_int = 0,
          .max_int = 4096},
         set_at<&M::workers>,
         get_at<&M::workers>},
        {{.key = "mock.max_connections",
          .name = "max-connections",
          .kind = value_kind::integer,
          .group = "Mock server",
          .metavar = "N",
          .help = "Connections the server is sized to hold at once (each worker's share plus "
                  "about 6 %); later ones wait in the listen backlog. Unset with an explicit "
                  "--workers: as many as those workers hold, if fewer.",
          .min_int = 1,
          .max_int = std::numeric_limits<std::uint32_t>::max(),
          .default_note = "100000"},
         set_at<&M::max_connections>,
         get_at<&M::max_connections>},
        {{.key = "mock.segment_per_token",
          .name = "segment-per-token",
          .kind = value_kind::flag,
          .group = "Mock server",
          .help = "Send every SSE event of a stream (each token, the finish and usage events, "
                  "[DONE]) by its own send marked MSG_EOR, one after the other, so that each "
                  "travels in its own TCP segment even when several are due at once "
                  "(--itl 0). By default events due together share one send.",
          .negatable = true},
         set_at<&M::segment_per_token>,
         get_at<&M::segment_per_token>},
        {{.key = "mock.port_file",
          .name = "port-file",
          .kind = value_kind::text,
          .group = "Mock server",
          .metavar = "FILE",
          .help = "Write the bound port to FILE once listening (for scripts).",
          .default_note = "none"},
         set_at<&M::port_file>,
         get_at<&M::port_file>},
        {{.key = "mock.ttft_ms",
          .name = "ttft",
          .aliases = {"ttft-ms"},
          .kind = value_kind::number,
          .group = "Token timing",
          .metavar = "MS",
          .help = "Time to first token, in milliseconds.",
          .min_number = 0},
         set_at<&M::ttft_ms>,
         get_at<&M::ttft_ms>},
        {{.key = "mock.itl_ms",
          .name = "itl",
          .aliases = {"itl-ms"},
          .kind = value_kind::number,
          .group = "Token timing",
          .metavar = "MS",
          .help = "Gap between tokens, in milliseconds.",
          .min_number = 0},
         set_at<&M::itl_ms>,
         get_at<&M::itl_ms>},
        {{.key = "mock.ttft_jitter_ms",
          .name = "ttft-jitter",
          .aliases = {"ttft-jitter-ms"},
          .kind = value_kind::number,
          .group = "Token timing",
          .metavar = "MS",
          .help = "Uniform +- jitter added to each request's time to first token (ms).",
          .min_number = 0},
         set_at<&M::ttft_jitter_ms>,
         get_at<&M::ttft_jitter_ms>},
        {{.key = "mock.itl_jitter_ms",
          .name = "itl-jitter",
          .aliases = {"itl-jitter-ms"},
          .kind = value_kind::number,
          .group = "Token timing",
          .metavar = "MS",
          .help = "Uniform +- jitter added to each gap between tokens (ms).",
          .min_number = 0},
         set_at<&M::itl_jitter_ms>,
         get_at<&M::itl_jitter_ms>},
        {{.key = "mock.random_seed",
          .name = "random-seed",
          .kind = value_kind::integer,
          .group = "Token timing",
          .metavar = "SEED",
          .help = "Seed for the jitter; the same seed gives the same timings.",
          .min_int = 0,
          .default_note = "random"},
         set_at<&M::random_seed>,
         get_at<&M::random_seed>},
        {{.key = "mock.ground_truth",
          .name = "ground-truth",
          .kind = value_kind::text,
          .group = "Token timing",
          .metavar = "FILE",
          .help = "Log the send time of every token to FILE, to measure a client's error.",
          .default_note = "none"},
         set_at<&M::ground_truth_path>,
         get_at<&M::ground_truth_path>},
    };
}

}  // namespace

std::span<const option<mock::mock_options>> mock_table() {
    static const std::vector<option<mock::mock_options>> table = build();
    return table;
}

}  // namespace ringperf::config
