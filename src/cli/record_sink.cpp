#include "record_sink.h"

#include "ringperf/base/log.h"
#include "ringperf/export/artifacts.h"

namespace ringperf::cli {

namespace {

class worker_sink final : public engine::record_sink {
  public:
    worker_sink(worker_output& out, const wall_clock_map& clock,
                const exporter::record_metric_table& table)
        : out_(out), clock_(clock), table_(table) {
        line_.reserve(4096);
    }

    ~worker_sink() override {
        if (out_.spool) {
            if (auto r = out_.spool->close(); !r && out_.spool_error.empty())
                out_.spool_error = r.message();
        }
    }

    void on_record(metrics::request_record& r) override {
        ++out_.records;
        metrics::record_values v;
        if (r.ok()) v = metrics::compute_record_values(r);
        if (r.phase == metrics::benchmark_phase::profiling) out_.metrics.add(r, v, clock_);
        if (!out_.spool) return;
        line_.clear();
        exporter::append_record_jsonl(line_, r, v, clock_, table_);
        if (auto st = out_.spool->append(line_); !st) {
            out_.spool_error = st.message();
            out_.spool.reset();
        }
    }

  private:
    worker_output& out_;
    const wall_clock_map& clock_;
    const exporter::record_metric_table& table_;
    std::string line_;
};

}  // namespace

record_outputs::record_outputs(const wall_clock_map& clock, std::string spool_dir)
    : clock_(clock), spool_dir_(std::move(spool_dir)), table_(metrics::all_metrics()) {}

std::unique_ptr<engine::record_sink> record_outputs::make_sink(std::uint32_t w) {
    worker_output* out = nullptr;
    {
        std::lock_guard g(mu_);
        auto& slot = outputs_[w];
        slot = std::make_unique<worker_output>();
        out = slot.get();
    }
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
    return std::make_unique<worker_sink>(*out, clock_, table_);
}

std::vector<worker_output*> record_outputs::outputs() {
    std::lock_guard g(mu_);
    std::vector<worker_output*> v;
    for (auto& [w, o] : outputs_)
        v.push_back(o.get());
    return v;
}

}  // namespace ringperf::cli
