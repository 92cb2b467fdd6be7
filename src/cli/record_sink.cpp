#include "record_sink.h"

#include "hlog_recorder.h"
#include "ringperf/base/log.h"
#include "ringperf/export/artifacts.h"

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
    if (hlog_) out->hlog = &hlog_->open(w, options_);
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
    return *out;
}

void record_outputs::write(worker_output& out, const metrics::request_record& r,
                           metrics::token_source source, std::string& line) const {
    ++out.records;
    const metrics::record_values v = metrics::compute_record_values(r, source, options_);
    if (r.phase == metrics::benchmark_phase::profiling) out.metrics.add(r, v, clock_);
    if (out.hlog) out.hlog->add(r, v);
    if (!out.spool) return;
    line.clear();
    exporter::append_record_jsonl(line, r, v, clock_, table_);
    if (auto st = out.spool->append(line); !st) {
        out.spool_error = st.message();
        out.spool.reset();
    }
}

void record_outputs::close(worker_output& out) {
    if (out.hlog) out.hlog->finish();
    if (!out.spool) return;
    if (auto r = out.spool->close(); !r && out.spool_error.empty()) out.spool_error = r.message();
}

std::vector<worker_output*> record_outputs::outputs() {
    std::lock_guard g(mu_);
    std::vector<worker_output*> v;
    for (auto& [w, o] : outputs_)
        v.push_back(o.get());
    return v;
}

}  // namespace ringperf::cli
