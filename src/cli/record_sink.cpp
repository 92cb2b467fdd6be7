#include "record_sink.h"

#include "hlog_recorder.h"
#include "ringperf/base/log.h"
#include "ringperf/export/artifacts.h"
#include "ringperf/export/record_raw.h"
#include "ringperf/export/timeslices.h"

namespace ringperf::cli {

record_outputs::record_outputs(const wall_clock_map& clock, std::string spool_dir)
    : clock_(clock), spool_dir_(std::move(spool_dir)), table_(metrics::all_metrics()) {}

worker_output& record_outputs::open(std::uint32_t w) {
    worker_output* out = nullptr;
    {
        std::lock_guard g(mu_);
        auto& slot = outputs_[w];
        slot = std::make_unique<worker_output>();
        out = slot.get();
        out->metrics = metrics::metric_set(options_);
    }
    if (!definition_sets_.empty()) {
        auto d = metrics::definition_summaries::create(definition_sets_);
        if (d) out->definitions.emplace(std::move(*d));
    }
    if (hlog_) out->hlog = &hlog_->open(w, out->metrics);
    if (!spool_dir_.empty()) {
        out->spool_path = exporter::spool_path(spool_dir_, w);
        auto s = exporter::record_spool::open(out->spool_path);
        if (s) {
            out->spool.emplace(std::move(*s));
        } else {
            out->spool_error = s.message();
            log::error("per-request records will be missing: " + s.message());
        }
    }
    open_extras(*out, w);
    return *out;
}

namespace {

void open_spool(std::optional<exporter::record_spool>& spool, std::string& path, std::string& error,
                std::string p) {
    path = std::move(p);
    auto s = exporter::record_spool::open(path);
    if (s) {
        spool.emplace(std::move(*s));
        return;
    }
    if (error.empty()) error = s.message();
    log::error("per-request export files will be missing: " + s.message());
}

void append_to(std::optional<exporter::record_spool>& spool, std::string& error,
               std::string_view line) {
    if (!spool) return;
    if (auto st = spool->append(line); !st) {
        if (error.empty()) error = st.message();
        spool.reset();
    }
}

}  // namespace

void record_outputs::open_extras(worker_output& out, std::uint32_t w) {
    const std::string n = std::to_string(w);
    if (extras_.raw)
        open_spool(out.raw_spool, out.raw_spool_path, out.spool_error,
                   exporter::join_path(extras_.spool_dir, "raw-" + n + ".jsonl"));
    if (extras_.outputs_json)
        open_spool(out.outputs_spool, out.outputs_spool_path, out.spool_error,
                   exporter::join_path(extras_.spool_dir, "outputs-" + n + ".jsonl"));
}

void record_outputs::set_phase_start(metrics::benchmark_phase phase, mono_ns start) {
    if (phase == metrics::benchmark_phase::profiling)
        profiling_start_.store(start, std::memory_order_relaxed);
}

void record_outputs::write_extras(worker_output& out, const metrics::request_record& r,
                                  const metrics::record_values& v, std::string& line) const {
    // Profiling records come after their phase's start was set (engine::record_sink).
    const mono_ns start = profiling_start();
    if (extras_.slice_ns > 0 && r.phase == metrics::benchmark_phase::profiling && start != 0) {
        const std::uint32_t i = exporter::slice_index(r.t_start, start, extras_.slice_ns);
        if (i >= out.slices.size()) out.slices.resize(i + 1);
        out.slices[i].add(r, v, clock_);
    }
    if (out.raw_spool) {
        line.clear();
        exporter::append_raw_jsonl(line, r, clock_);
        append_to(out.raw_spool, out.spool_error, line);
    }
    if (out.outputs_spool) {
        line.clear();
        exporter::append_output_entry(line, r);
        append_to(out.outputs_spool, out.spool_error, line);
    }
}

void record_outputs::write(worker_output& out, const metrics::request_record& r,
                           metrics::token_source source, std::string& line) const {
    ++out.records;
    const metrics::record_values v = metrics::compute_record_values(r, source, options_);
    if (out.hlog) out.hlog->before_add(r);
    if (r.phase == metrics::benchmark_phase::profiling) out.metrics.add(r, v, clock_);
    if (out.definitions) out.definitions->add(r, source);
    write_extras(out, r, v, line);
    if (!out.spool) return;
    line.clear();
    exporter::append_record_jsonl(line, r, v, clock_, table_);
    if (extras_.http_trace) exporter::append_trace_data(line, r, clock_);
    if (auto st = out.spool->append(line); !st) {
        out.spool_error = st.message();
        out.spool.reset();
    }
}

void record_outputs::close(worker_output& out) {
    if (out.hlog) out.hlog->finish();
    for (auto* s : {&out.spool, &out.raw_spool, &out.outputs_spool}) {
        if (!*s) continue;
        if (auto r = (*s)->close(); !r && out.spool_error.empty()) out.spool_error = r.message();
        out.spool_writer_cpu_ns += (*s)->writer_cpu_ns();
    }
}

std::vector<worker_output*> record_outputs::outputs() {
    std::lock_guard g(mu_);
    std::vector<worker_output*> v;
    for (auto& [w, o] : outputs_)
        v.push_back(o.get());
    return v;
}

}  // namespace ringperf::cli
