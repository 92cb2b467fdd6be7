// CPU a counting thread spends per record after the tokenizer, for the non-streamed 1-token
// chat request of the client CPU comparison (docs/performance.md, "Token counting stage"):
// record_outputs::write as `ringperf profile` sets it up (metrics, hlog intervals at 1 s,
// JSONL into a spool on disk), and its parts alone. Records are synthetic but shaped like the
// mock's answers (one content response, usage, a requested length of 1), 33 us apart.
// CPU time is the thread's (CLOCK_THREAD_CPUTIME_ID) plus that of the spool's writer thread;
// modes take turns, medians are printed.
//
//   record_cpu [records per run] [runs per mode] [spool directory]
//       (defaults 300000, 5, and a directory under the system's temporary directory)
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "hlog_recorder.h"
#include "record_sink.h"
#include "ringperf/base/rng.h"
#include "ringperf/export/record_jsonl.h"
#include "ringperf/metrics/catalogue.h"
#include "ringperf/metrics/goodput.h"

using namespace ringperf;

namespace {

std::int64_t thread_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<std::int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

constexpr mono_ns record_gap_ns = 33'000;

// The i-th record of a run whose first request started at `origin`.
void fill_record(metrics::request_record& r, std::uint64_t i, mono_ns origin, rng& g) {
    r.clear();
    r.index = i;
    r.conversation = static_cast<std::uint32_t>(g.below(100));
    char id[64];
    for (char* dst : {r.x_request_id, r.x_correlation_id}) {
        std::snprintf(id, sizeof id, "%08llx-0000-4000-8000-%012llx",
                      static_cast<unsigned long long>(g.below(1ULL << 32)),
                      static_cast<unsigned long long>(i));
        std::memcpy(dst, id, sizeof r.x_request_id);
    }
    const auto at = [&](std::int64_t lo, std::int64_t span) {
        return lo + static_cast<std::int64_t>(g.below(static_cast<std::uint64_t>(span)));
    };
    r.t_intended = origin + static_cast<mono_ns>(i) * record_gap_ns;
    r.t_start = r.t_intended + at(20'000, 80'000);
    r.t_connected = r.t_start;
    r.connection_reused = true;
    r.t_write_start = r.t_start + at(1'000, 5'000);
    r.t_write_end = r.t_write_start + at(1'000, 3'000);
    r.t_first_byte = r.t_write_end + at(2'000'000, 2'000'000);
    r.t_headers = r.t_first_byte + at(1'000, 2'000);
    r.t_end = r.t_headers;
    r.content_ns.push_back(r.t_end);
    r.first_output_index = 0;
    r.responses = 1;
    r.status = 200;
    r.usage.prompt_tokens = at(11, 4);
    r.usage.completion_tokens = 1;
    r.usage.total_tokens = r.usage.prompt_tokens + 1;
    r.input_tokens = 16;
    r.output_chars = 4;
    r.requested_output_tokens = 1;
    r.counted.output = at(1, 2);
    r.finish_reason = "length";
    r.bytes_sent = 400;
    r.bytes_received = 600;
}

enum class mode { fill_only, write_all, write_no_spool, values_only, metric_set_add, jsonl_line };

const char* mode_name(mode m) {
    switch (m) {
        case mode::fill_only:
            return "(making the record)";
        case mode::write_all:
            return "record_outputs::write";
        case mode::write_no_spool:
            return "  without the JSONL spool";
        case mode::values_only:
            return "  compute_record_values";
        case mode::metric_set_add:
            return "  metric_set::add";
        case mode::jsonl_line:
            return "  append_record_jsonl";
    }
    return "";
}

double run_once(mode m, std::uint64_t n, const std::string& dir) {
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const wall_clock_map clock = wall_clock_map::capture();
    auto opts =
        metrics::make_metric_options("", std::nullopt, false, [](const char*) -> const char* {
            return nullptr;
        }).value();
    const bool spool = m == mode::write_all;
    auto outs = std::make_unique<cli::record_outputs>(clock, spool ? dir + "/.spool" : "");
    outs->set_metric_options(opts);
    cli::hlog_recorder hlog(dir + "/hlog", 1.0, clock);
    outs->attach_hlog(&hlog);
    cli::worker_output& out = outs->open(0);
    metrics::metric_set set(opts);
    const exporter::record_metric_table table(metrics::all_metrics());
    metrics::request_record r;
    std::string line;
    rng g(7);
    const mono_ns origin = now_mono_ns();
    std::uint64_t sink = 0;
    const std::int64_t t0 = thread_cpu_ns();
    for (std::uint64_t i = 0; i < n; ++i) {
        fill_record(r, i, origin, g);
        switch (m) {
            case mode::fill_only:
                sink += r.t_end & 1;
                break;
            case mode::write_all:
            case mode::write_no_spool:
                outs->write(out, r, metrics::token_source::tokenizer, line);
                break;
            case mode::values_only: {
                const auto v =
                    metrics::compute_record_values(r, metrics::token_source::tokenizer, opts);
                sink += v.output_sequence_length.value_or(0);
                break;
            }
            case mode::metric_set_add: {
                const auto v =
                    metrics::compute_record_values(r, metrics::token_source::tokenizer, opts);
                set.add(r, v, clock);
                break;
            }
            case mode::jsonl_line: {
                const auto v =
                    metrics::compute_record_values(r, metrics::token_source::tokenizer, opts);
                line.clear();
                exporter::append_record_jsonl(line, r, v, clock, table);
                sink += line.size();
                break;
            }
        }
    }
    cli::record_outputs::close(out);
    const std::int64_t cpu = thread_cpu_ns() - t0 + out.spool_writer_cpu_ns;
    if (sink == 1) std::printf(" ");
    std::filesystem::remove_all(dir);
    return static_cast<double>(cpu) / static_cast<double>(n);
}

}  // namespace

int main(int argc, char** argv) {
    const std::uint64_t n = argc > 1 ? std::strtoull(argv[1], nullptr, 10) : 300000;
    const int runs = argc > 2 ? std::atoi(argv[2]) : 5;
    const std::string dir =
        argc > 3 ? std::string(argv[3])
                 : (std::filesystem::temp_directory_path() / "ringperf-record-cpu").string();
    constexpr mode modes[] = {mode::fill_only,   mode::write_all,      mode::write_no_spool,
                              mode::values_only, mode::metric_set_add, mode::jsonl_line};
    std::vector<std::vector<double>> ns(std::size(modes));
    for (int i = 0; i < runs; ++i)
        for (std::size_t k = 0; k < std::size(modes); ++k)
            ns[k].push_back(run_once(modes[k], n, dir));
    std::printf(
        "%llu non-streamed records per run, spool in %s; ns of CPU per record beyond "
        "making it, median of %d runs (min .. max)\n",
        static_cast<unsigned long long>(n), dir.c_str(), runs);
    auto median = [](std::vector<double> v) {
        std::sort(v.begin(), v.end());
        return v[v.size() / 2];
    };
    const double base = median(ns[0]);
    std::printf("%-30s %8.0f\n", mode_name(modes[0]), base);
    for (std::size_t k = 1; k < std::size(modes); ++k) {
        const auto [lo, hi] = std::minmax_element(ns[k].begin(), ns[k].end());
        std::printf("%-30s %8.0f   (%.0f .. %.0f)\n", mode_name(modes[k]), median(ns[k]) - base,
                    *lo - base, *hi - base);
    }
    return 0;
}
