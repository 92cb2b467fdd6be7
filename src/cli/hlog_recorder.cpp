#include "hlog_recorder.h"

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cmath>
#include <cstring>
#include <string_view>

#include "ringperf/base/file.h"
#include "ringperf/base/log.h"
#include "ringperf/export/artifacts.h"
#include "ringperf/metrics/hdr_encoding.h"
#include "ringperf/metrics/hdr_log.h"

namespace ringperf::cli {
namespace {

constexpr double ns_per_s = 1e9;

std::string errno_text() {
    return std::strerror(errno);
}

// One worker's spool, read line by line: "<interval> <tag> <base64>".
struct spool_reader {
    std::FILE* f = nullptr;
    std::string path;
    char* buf = nullptr;
    std::size_t cap = 0;
    bool has = false;
    std::int64_t interval = 0;
    std::string tag;
    std::string_view histogram;

    ~spool_reader() {
        if (f) std::fclose(f);
        std::free(buf);
    }
    result<void> next() {
        has = false;
        const ssize_t n = f ? ::getline(&buf, &cap, f) : -1;
        if (n <= 0) return {};
        std::string_view line(buf, static_cast<std::size_t>(n));
        if (line.back() == '\n') line.remove_suffix(1);
        const auto a = line.find(' ');
        const auto b = a == std::string_view::npos ? a : line.find(' ', a + 1);
        if (b == std::string_view::npos) return make_error(path + ": malformed spool line");
        const auto [end, ec] = std::from_chars(line.data(), line.data() + a, interval);
        if (ec != std::errc() || end != line.data() + a)
            return make_error(path + ": malformed spool line");
        tag = std::string(line.substr(a + 1, b - a - 1));
        histogram = line.substr(b + 1);
        has = true;
        return {};
    }
};

}  // namespace

std::vector<metrics::metric_id> hlog_metric_ids() {
    std::vector<metrics::metric_id> ids;
    for (const metrics::metric_info& m : metrics::all_metrics()) {
        if (m.kind == metrics::metric_kind::record && std::string_view(m.unit) == "ns")
            ids.push_back(m.id);
    }
    return ids;
}

hlog_file_set::hlog_file_set(std::string dir, std::string tool_version, double start_epoch_s)
    : dir_(std::move(dir)), version_(std::move(tool_version)), start_epoch_s_(start_epoch_s) {}

hlog_file_set::~hlog_file_set() {
    (void)close();
}

result<void> hlog_file_set::write(const std::string& tag, double start_s, double length_s,
                                  std::int64_t max_ns, std::string_view histogram_base64) {
    const std::string path = exporter::join_path(dir_, tag + ".hlog");
    auto [it, fresh] = files_.try_emplace(tag, nullptr);
    if (fresh) {
        it->second = std::fopen(path.c_str(), "w");
        if (!it->second) return make_error("cannot create " + path + ": " + errno_text());
        const std::string head = metrics::hlog_header(version_, start_epoch_s_);
        std::fwrite(head.data(), 1, head.size(), it->second);
    }
    if (!it->second) return make_error("cannot write " + path);
    const std::string line = metrics::hlog_data_line("", start_s, length_s,
                                                     static_cast<double>(max_ns), histogram_base64);
    if (std::fwrite(line.data(), 1, line.size(), it->second) != line.size())
        return make_error("cannot write " + path + ": " + errno_text());
    return {};
}

result<void> hlog_file_set::write(const std::string& tag, double start_s, double length_s,
                                  const metrics::hdr_count_sum& sum) {
    auto text = sum.encode_base64();
    if (!text) return make_error(exporter::join_path(dir_, tag + ".hlog") + ": " + text.message());
    return write(tag, start_s, length_s, sum.max(), *text);
}

result<void> hlog_file_set::close() {
    for (auto& [tag, f] : files_) {
        if (f && std::fclose(f) != 0 && error_.empty())
            error_ =
                "cannot write " + exporter::join_path(dir_, tag + ".hlog") + ": " + errno_text();
        f = nullptr;
    }
    if (!error_.empty()) return make_error(error_);
    return {};
}

hlog_worker::hlog_worker(hlog_recorder& owner, std::string spool_path,
                         const metrics::metric_set& source)
    : owner_(owner),
      spool_path_(std::move(spool_path)),
      source_(source),
      at_start_(owner.ids_.size()) {
    spool_ = std::fopen(spool_path_.c_str(), "w");
    if (!spool_) error_ = "cannot create " + spool_path_ + ": " + errno_text();
}

hlog_worker::~hlog_worker() {
    if (spool_) std::fclose(spool_);
}

void hlog_worker::before_add(const metrics::request_record& r) {
    if (r.phase != metrics::benchmark_phase::profiling) return;
    const std::int64_t interval = owner_.interval_of(r.t_start, r.t_end);
    if (interval > current_) {
        if (current_ >= 0) flush();
        current_ = interval;
    }
    last_end_ = std::max(last_end_, r.t_end);
}

void hlog_worker::flush() {
    for (std::size_t k = 0; k < owner_.ids_.size(); ++k) {
        const metrics::metric_id id = owner_.ids_[k];
        const metrics::summary* s = source_.find_summary(id);
        if (!s || !spool_) continue;
        auto text = metrics::encode_v2_base64_since(s->histogram(), at_start_[k]);
        if (!text) {
            error_ = text.message();
            continue;
        }
        if (text->empty()) continue;
        if (std::fprintf(spool_, "%lld %s %s\n", static_cast<long long>(current_),
                         metrics::info(id).tag, text->c_str()) < 0 &&
            error_.empty())
            error_ = "cannot write " + spool_path_ + ": " + errno_text();
    }
}

void hlog_worker::finish() {
    if (current_ >= 0) flush();
    current_ = -1;
    if (spool_ && std::fclose(spool_) != 0 && error_.empty())
        error_ = "cannot write " + spool_path_ + ": " + errno_text();
    spool_ = nullptr;
}

hlog_recorder::hlog_recorder(std::string dir, double interval_s, const wall_clock_map& clock)
    : dir_(std::move(dir)),
      interval_ns_(static_cast<std::int64_t>(std::llround(interval_s * ns_per_s))),
      clock_(clock) {}

std::int64_t hlog_recorder::interval_of(mono_ns t_start, mono_ns t_end) {
    mono_ns origin = origin_.load(std::memory_order_acquire);
    if (origin == 0) {
        mono_ns expected = 0;
        const mono_ns mine = t_start != 0 ? t_start : t_end;
        origin = origin_.compare_exchange_strong(expected, mine) ? mine : expected;
    }
    if (interval_ns_ <= 0 || t_end <= origin) return 0;
    return (t_end - origin) / interval_ns_;
}

hlog_worker& hlog_recorder::open(std::uint32_t w, const metrics::metric_set& source) {
    const std::string parts = exporter::join_path(dir_, ".parts");
    if (auto r = make_dirs(parts); !r) log::error(r.message());
    std::lock_guard g(mu_);
    auto& slot = workers_[w];
    slot = std::make_unique<hlog_worker>(
        *this, exporter::join_path(parts, "worker-" + std::to_string(w) + ".txt"), source);
    if (!slot->error_.empty()) log::error("interval logs will be missing: " + slot->error_);
    return *slot;
}

result<void> hlog_recorder::write_files(std::string_view tool_version) {
    std::string first_error;
    auto note = [&](const std::string& e) {
        log::error(e);
        if (first_error.empty()) first_error = e;
    };
    std::vector<std::unique_ptr<spool_reader>> readers;
    mono_ns last_end = 0;
    for (auto& [w, wk] : workers_) {
        if (!wk->error_.empty()) note("interval logs incomplete: " + wk->error_);
        last_end = std::max(last_end, wk->last_end_);
        auto rd = std::make_unique<spool_reader>();
        rd->path = wk->spool_path_;
        rd->f = std::fopen(rd->path.c_str(), "r");
        if (auto r = rd->next(); !r) note(r.message());
        readers.push_back(std::move(rd));
    }
    const mono_ns origin = origin_.load();
    const double start_epoch_s = static_cast<double>(clock_.to_wall(origin)) / ns_per_s;
    hlog_file_set files(dir_, std::string(tool_version), start_epoch_s);
    const double length_s = interval_ns_ > 0 ? static_cast<double>(interval_ns_) / ns_per_s
                                             : static_cast<double>(last_end - origin) / ns_per_s;
    // One sum per metric, reused for every interval: merging costs no histogram set-up.
    std::map<std::string, metrics::hdr_count_sum> sums;
    for (;;) {
        std::int64_t next = INT64_MAX;
        for (const auto& rd : readers)
            if (rd->has) next = std::min(next, rd->interval);
        if (next == INT64_MAX) break;
        for (auto& rd : readers) {
            while (rd->has && rd->interval == next) {
                if (auto r = sums[rd->tag].add_base64(rd->histogram); !r)
                    note(rd->path + ": " + r.message());
                if (auto r = rd->next(); !r) note(r.message());
            }
        }
        for (auto& [tag, sum] : sums) {
            if (sum.empty()) continue;
            if (auto r = files.write(tag, static_cast<double>(next) * length_s, length_s, sum); !r)
                note(r.message());
            sum.clear();
        }
    }
    if (auto r = files.close(); !r) note(r.message());
    readers.clear();
    for (auto& [w, wk] : workers_)
        ::unlink(wk->spool_path_.c_str());
    ::rmdir(exporter::join_path(dir_, ".parts").c_str());
    if (!first_error.empty()) return make_error(first_error);
    return {};
}

}  // namespace ringperf::cli
