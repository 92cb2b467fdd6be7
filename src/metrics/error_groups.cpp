#include "error_groups.h"

#include <algorithm>
#include <string>
#include <tuple>

namespace ringperf::metrics {

error_groups::group* error_groups::find(level lvl, std::int32_t code, std::string_view type,
                                        std::string_view message, error_kind kind) {
    for (group& g : groups_) {
        if (g.lvl == lvl && g.e.code == code && g.e.kind == kind && g.e.type == type &&
            g.e.message == message) {
            return &g;
        }
    }
    return nullptr;
}

void error_groups::add_at(level lvl, std::int32_t code, std::string_view type,
                          std::string_view message, error_kind kind, std::uint64_t count) {
    // Each level that is full passes the error down to a coarser one; the catch-all
    // always accepts, so nothing is lost, only less detailed.
    if (lvl == level::exact) {
        if (group* g = find(lvl, code, type, message, kind)) {
            g->e.count += count;
            return;
        }
        if (exact_ == max_exact) {
            lvl = level::folded;
        } else {
            ++exact_;
        }
    }
    if (lvl == level::folded) {
        message = folded_message;
        if (group* g = find(lvl, code, type, message, kind)) {
            g->e.count += count;
            return;
        }
        if (folded_ == max_folded) {
            lvl = level::catch_all;
        } else {
            ++folded_;
        }
    }
    if (lvl == level::catch_all) {
        code = 0;
        type = catch_all_type;
        message = catch_all_message;
        kind = error_kind::none;
        if (group* g = find(lvl, code, type, message, kind)) {
            g->e.count += count;
            return;
        }
    }
    groups_.push_back(
        {error_summary_entry{code, std::string(type), std::string(message), kind, count}, lvl});
}

void error_groups::add(std::int32_t code, std::string_view type, std::string_view message,
                       error_kind kind, std::uint64_t count) {
    add_at(level::exact, code, type, message, kind, count);
}

void error_groups::merge(const error_groups& other) {
    for (const group& g : other.groups_) {
        add_at(g.lvl, g.e.code, g.e.type, g.e.message, g.e.kind, g.e.count);
    }
}

std::vector<error_summary_entry> error_groups::entries() const {
    std::vector<error_summary_entry> out;
    out.reserve(groups_.size());
    for (const group& g : groups_)
        out.push_back(g.e);
    std::sort(out.begin(), out.end(),
              [](const error_summary_entry& a, const error_summary_entry& b) {
                  if (a.count != b.count) return a.count > b.count;
                  return std::tie(a.code, a.type, a.message, a.kind) <
                         std::tie(b.code, b.type, b.message, b.kind);
              });
    return out;
}

}  // namespace ringperf::metrics
