#include "text_jobs.h"

#include "parallel.h"

namespace ringperf::dataset::detail {

result<void> run_text_jobs(const prompt_source& source, std::vector<text_job>& jobs,
                           unsigned threads) {
    parallel_for(jobs.size(), threads, [&](std::size_t i) {
        text_job& j = jobs[i];
        auto text = j.hash_block ? source.hash_block(j.target, j.key)
                                 : source.exact(j.target, j.key, j.head);
        if (text)
            *j.out = std::move(*text);
        else
            j.error = text.message();
    });
    for (const auto& j : jobs)
        if (!j.error.empty()) return make_error(j.error);
    return {};
}

void run_count_jobs(const prompt_source& source, const std::vector<count_job>& jobs,
                    unsigned threads) {
    parallel_for(jobs.size(), threads,
                 [&](std::size_t i) { *jobs[i].out = source.count(jobs[i].text); });
}

}  // namespace ringperf::dataset::detail
