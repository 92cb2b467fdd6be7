#include "url_breakdown.h"

#include <algorithm>

namespace ringperf::metrics {
namespace {

constexpr double ns_per_ms = 1e6;

summary& ensure(std::optional<summary>& s, metric_id id) {
    if (!s) s.emplace(summary::create(layout_for(id)).value());
    return *s;
}

void merge_into(std::optional<summary>& mine, const std::optional<summary>& theirs, metric_id id) {
    if (theirs) ensure(mine, id).merge(*theirs);
}

std::optional<stats> stats_of(const std::optional<summary>& s) {
    if (!s || s->count() == 0) return std::nullopt;
    return s->compute(ns_per_ms);
}

}  // namespace

url_breakdown::entry url_breakdown::from_totals(std::uint32_t url, const totals& t) {
    entry e;
    e.url = url;
    e.ok = t.ok;
    e.errors = t.errors;
    if (t.latency) e.latency = *t.latency;
    if (t.ttft) e.ttft = *t.ttft;
    return e;
}

url_breakdown::entry& url_breakdown::at(std::uint32_t url) {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), url,
                               [](const entry& e, std::uint32_t u) { return e.url < u; });
    if (it == entries_.end() || it->url != url) {
        entry e;
        e.url = url;
        it = entries_.insert(it, std::move(e));
    }
    return *it;
}

void url_breakdown::merge_entry(const entry& e) {
    entry& mine = at(e.url);
    mine.ok += e.ok;
    mine.errors += e.errors;
    merge_into(mine.latency, e.latency, metric_id::request_latency);
    merge_into(mine.ttft, e.ttft, metric_id::time_to_first_token);
}

void url_breakdown::add(std::uint32_t url, bool ok, const record_values& v, const totals& before) {
    if (entries_.empty()) {
        if (!sole_ || *sole_ == url) {
            sole_ = url;
            return;
        }
        entries_.push_back(from_totals(*sole_, before));
    }
    entry& e = at(url);
    if (!ok) {
        ++e.errors;
        return;
    }
    ++e.ok;
    if (v.request_latency_ns) {
        ensure(e.latency, metric_id::request_latency)
            .record(static_cast<double>(*v.request_latency_ns));
    }
    if (v.time_to_first_token_ns) {
        ensure(e.ttft, metric_id::time_to_first_token)
            .record(static_cast<double>(*v.time_to_first_token_ns));
    }
}

void url_breakdown::merge(const url_breakdown& other, const totals& mine, const totals& theirs) {
    if (!other.sole_) return;  // `other` has seen no record
    if (entries_.empty() && other.entries_.empty()) {
        if (!sole_) sole_ = other.sole_;
        if (*sole_ == *other.sole_) return;
    }
    // Two URLs between the two sets: both sides need explicit entries.
    if (entries_.empty() && sole_) entries_.push_back(from_totals(*sole_, mine));
    if (!sole_) sole_ = other.sole_;
    if (other.entries_.empty()) {
        merge_entry(from_totals(*other.sole_, theirs));
        return;
    }
    for (const entry& e : other.entries_)
        merge_entry(e);
}

std::vector<url_result> url_breakdown::results() const {
    std::vector<url_result> out;
    out.reserve(entries_.size());
    for (const entry& e : entries_) {
        url_result r;
        r.url_index = e.url;
        r.request_count = e.ok;
        r.error_count = e.errors;
        r.request_latency = stats_of(e.latency);
        r.time_to_first_token = stats_of(e.ttft);
        out.push_back(r);
    }
    return out;
}

}  // namespace ringperf::metrics
