// Rules between options, after AIPerf's: stop conditions, limits that need their mode, the
// exclusive timing modes, warmup and sweeps. Messages name the option as it was given (the
// flag as typed, or file:line:col and key) and the other option by flag and key.
#include "checks.h"

#include <sys/stat.h>

#include <algorithm>
#include <initializer_list>

#include "ringperf/config/option_table.h"

namespace ringperf::config::detail {

namespace {

using workload::arrival_pattern;

class rules {
  public:
    rules(const run_plan& p, const origin_map& set_by, std::vector<std::string>& errors)
        : p_(p), set_by_(set_by), errors_(errors) {}

    void run() {
        duration_and_rate();
        stop_and_limits();
        user_centric();
        fixed_schedule();
        fixed_schedule_offsets();
        warmup_enabled();
        warmup_load();
        input_and_sweeps();
        dataset_file();
        synthetic_only();
        prompt_shapes();
    }

  private:
    // The option given with a valid value; nullptr when not given or rejected.
    const origin* given(std::string_view key) const {
        const auto it = set_by_.find(key);
        return it == set_by_.end() || it->second.failed ? nullptr : &it->second;
    }
    bool failed(std::string_view key) const {
        const auto it = set_by_.find(key);
        return it != set_by_.end() && it->second.failed;
    }
    // A requirement counts as met when its value is set, or when it was given with a value
    // already reported as wrong (one mistake, one message).
    bool has(bool set, std::string_view key) const { return set || failed(key); }

    // "--flag (section.key)".
    static std::string named(std::string_view key) {
        for (const auto& o : profile_table())
            if (o.spec.key == key)
                return "--" + std::string(o.spec.name) + " (" + std::string(key) + ")";
        return std::string(key);
    }

    void report(std::string_view key, std::string_view text) {
        if (const origin* o = given(key)) errors_.push_back(o->subject + ": " + std::string(text));
    }
    void needs(std::string_view key, bool met, std::string_view what) {
        if (!met) report(key, "only valid together with " + std::string(what));
    }
    void conflicts(std::string_view key, std::string_view other, std::string_view why = {}) {
        if (given(other)) report(key, "cannot be combined with " + named(other) + std::string(why));
    }

    // The smallest concurrency the run will use: the scalar or the lowest sweep value.
    std::uint32_t lowest_concurrency() const {
        const auto& l = p_.load;
        if (l.concurrency_sweep.empty()) return l.concurrency.value_or(0);
        return *std::min_element(l.concurrency_sweep.begin(), l.concurrency_sweep.end());
    }

    void duration_and_rate();
    void stop_and_limits();
    void prefill_at_most(std::string_view key, std::uint32_t prefill, std::uint32_t limit,
                         std::string_view limit_key);
    void user_centric();
    bool multi_turn() const;
    void fixed_schedule();
    void fixed_schedule_offsets();
    void warmup_enabled();
    void warmup_load();
    void input_and_sweeps();
    void dataset_file();
    void synthetic_only();
    void prompt_shapes();

    const run_plan& p_;
    const origin_map& set_by_;
    std::vector<std::string>& errors_;
};

// The grace period only means something after a duration; rate-mode options need a rate,
// and a rate cannot come with the closed-loop pattern.
void rules::duration_and_rate() {
    const auto& l = p_.load;
    needs("load.benchmark_grace_period",
          has(l.benchmark_duration_s.has_value(), "load.benchmark_duration"),
          named("load.benchmark_duration"));
    if (l.request_rate && l.pattern == arrival_pattern::concurrency_burst)
        errors_.push_back(
            "--arrival-pattern concurrency_burst cannot be combined with --request-rate (it is "
            "the closed loop at --concurrency)");
    const bool rate = has(l.request_rate.has_value(), "load.request_rate");
    for (const char* key : {"load.arrival_smoothness", "load.request_rate_ramp_duration",
                            "load.concurrency_overflow"})
        needs(key, rate, named("load.request_rate"));
}

void rules::stop_and_limits() {
    const auto& l = p_.load;
    conflicts("load.num_sessions", "load.request_count", "; give one stop condition");
    needs("load.prefill_concurrency", has(p_.endpoint.streaming, "endpoint.streaming"),
          named("endpoint.streaming") + ", whose first token frees the prefill slot");
    if (l.prefill_concurrency && l.concurrency)
        prefill_at_most("load.prefill_concurrency", *l.prefill_concurrency, lowest_concurrency(),
                        "load.concurrency");
    needs("load.prefill_concurrency_ramp_duration",
          has(l.prefill_concurrency.has_value(), "load.prefill_concurrency"),
          named("load.prefill_concurrency"));
    needs("load.concurrency_ramp_duration", has(l.concurrency.has_value(), "load.concurrency"),
          named("load.concurrency"));
    needs("load.request_cancellation_delay",
          has(l.cancellation_rate_percent.has_value(), "load.request_cancellation_rate"),
          named("load.request_cancellation_rate"));
}

void rules::prefill_at_most(std::string_view key, std::uint32_t prefill, std::uint32_t limit,
                            std::string_view limit_key) {
    if (prefill <= limit) return;
    const bool swept = limit_key == "load.concurrency" && !p_.load.concurrency_sweep.empty();
    report(key, "must be at most " + named(limit_key) +
                    (swept ? ", whose smallest value is " : ", which is ") + std::to_string(limit));
}

bool rules::multi_turn() const {
    const auto& in = p_.input;
    if (failed("input.conversation_turn_mean") || failed("input.file") ||
        failed("input.custom_dataset_type"))
        return true;
    return in.turn_mean >= 2 ||
           (!in.input_file.empty() && in.file_type == dataset::dataset_type::multi_turn);
}

// User-centric timing sets its own schedule from the user count and needs conversations of
// at least two turns to have a gap between a user's turns.
void rules::user_centric() {
    const auto& l = p_.load;
    needs("load.user_centric_rate", has(l.num_users.has_value(), "load.num_users"),
          named("load.num_users"));
    needs("load.num_users", has(l.user_centric_rate.has_value(), "load.user_centric_rate"),
          named("load.user_centric_rate"));
    conflicts("load.user_centric_rate", "load.request_rate");
    conflicts("load.user_centric_rate", "load.arrival_pattern");
    if (!multi_turn())
        report("load.user_centric_rate",
               "needs multi-turn conversations: --conversation-turn-mean >= 2 "
               "(input.conversation_turn_mean) or an --input-file (input.file) of "
               "--custom-dataset-type multi_turn");
}

// An explicit schedule replaces every other way of timing requests.
void rules::fixed_schedule() {
    const auto& fs = p_.load.fixed_schedule;
    if (fs.enabled == true && given("load.fixed_schedule")) {
        for (const char* key :
             {"load.request_rate", "load.user_centric_rate", "load.request_rate_ramp_duration"})
            report(key, "cannot be combined with " + named("load.fixed_schedule"));
        needs("load.fixed_schedule", has(!p_.input.input_file.empty(), "input.file"),
              named("input.file") + ", whose rows carry the timestamps");
    }
    if (fs.enabled != false) return;
    // Defaults restated (auto offset off, speedup 1) change nothing and pass.
    const workload::fixed_schedule_options defaults;
    const std::string off =
        "cannot be combined with --no-fixed-schedule (load.fixed_schedule = false)";
    if (fs.auto_offset != defaults.auto_offset) report("load.fixed_schedule_auto_offset", off);
    report("load.fixed_schedule_start_offset", off);
    report("load.fixed_schedule_end_offset", off);
    if (fs.speedup != defaults.speedup) report("load.fixed_schedule_speedup", off);
}

void rules::fixed_schedule_offsets() {
    const auto& fs = p_.load.fixed_schedule;
    if (fs.auto_offset && given("load.fixed_schedule_auto_offset"))
        report("load.fixed_schedule_start_offset",
               "cannot be combined with " + named("load.fixed_schedule_auto_offset"));
    if (fs.start_offset_ms && fs.end_offset_ms && *fs.start_offset_ms > *fs.end_offset_ms &&
        given("load.fixed_schedule_start_offset"))
        report("load.fixed_schedule_end_offset",
               "must be at least " + named("load.fixed_schedule_start_offset") + ", which is " +
                   std::to_string(*fs.start_offset_ms));
}

// Warmup settings describe a phase that only a count, a duration or a session count starts.
void rules::warmup_enabled() {
    const auto& w = p_.load.warmup;
    conflicts("warmup.num_sessions", "warmup.request_count", "; give one stop condition");
    const bool enabled = w.enabled() || failed("warmup.request_count") ||
                         failed("warmup.duration") || failed("warmup.num_sessions");
    for (const char* key :
         {"warmup.concurrency", "warmup.prefill_concurrency", "warmup.request_rate",
          "warmup.arrival_pattern", "warmup.concurrency_ramp_duration",
          "warmup.prefill_concurrency_ramp_duration", "warmup.request_rate_ramp_duration"})
        needs(key, enabled,
              "--warmup-request-count, --warmup-duration or --num-warmup-sessions, which "
              "enable the warmup");
    needs("warmup.grace_period", has(w.duration_s.has_value(), "warmup.duration"),
          named("warmup.duration"));
}

// Each warmup setting falls back to the profiling one, so a requirement is met by either.
void rules::warmup_load() {
    const auto& w = p_.load.warmup;
    const auto& l = p_.load;
    const bool rate = has(w.request_rate.has_value(), "warmup.request_rate") ||
                      has(l.request_rate.has_value(), "load.request_rate");
    const std::string either_rate =
        named("warmup.request_rate") + " or " + named("load.request_rate");
    needs("warmup.arrival_pattern", rate, either_rate);
    needs("warmup.request_rate_ramp_duration", rate, either_rate);
    if (!w.pattern && !failed("warmup.arrival_pattern") &&
        l.pattern == arrival_pattern::concurrency_burst && !l.request_rate)
        report("warmup.request_rate",
               "its arrival pattern would be --arrival-pattern concurrency_burst, which takes no "
               "rate; give " +
                   named("warmup.arrival_pattern"));
    needs("warmup.concurrency_ramp_duration",
          has(w.concurrency.has_value(), "warmup.concurrency") ||
              has(l.concurrency.has_value(), "load.concurrency"),
          named("warmup.concurrency") + " or " + named("load.concurrency"));
    needs("warmup.prefill_concurrency_ramp_duration",
          has(w.prefill_concurrency.has_value(), "warmup.prefill_concurrency") ||
              has(l.prefill_concurrency.has_value(), "load.prefill_concurrency"),
          named("warmup.prefill_concurrency") + " or " + named("load.prefill_concurrency"));
    needs("warmup.prefill_concurrency", has(p_.endpoint.streaming, "endpoint.streaming"),
          named("endpoint.streaming") + ", whose first token frees the prefill slot");
    if (!w.prefill_concurrency) return;
    if (w.concurrency)
        prefill_at_most("warmup.prefill_concurrency", *w.prefill_concurrency, *w.concurrency,
                        "warmup.concurrency");
    else if (l.concurrency)
        prefill_at_most("warmup.prefill_concurrency", *w.prefill_concurrency, lowest_concurrency(),
                        "load.concurrency");
}

void rules::input_and_sweeps() {
    needs("input.custom_dataset_type", has(!p_.input.input_file.empty(), "input.file"),
          named("input.file"));
    if (!p_.load.concurrency_sweep.empty() && !p_.load.request_rate_sweep.empty())
        report("load.request_rate", "a list cannot be combined with a list of " +
                                        named("load.concurrency") +
                                        "; only one parameter can be swept per run");
}

// What a dataset file needs and excludes: its type, a directory only for random_pool, the
// block size only for traces, ShareGPT from a local file, and no sampling order under a
// fixed schedule.
void rules::dataset_file() {
    const auto& in = p_.input;
    const bool file = has(!in.input_file.empty(), "input.file");
    if (in.public_set == dataset::public_dataset::sharegpt && !file)
        report("input.public_dataset",
               "sharegpt is read from a local file: download "
               "ShareGPT_V3_unfiltered_cleaned_split.json (from the Hugging Face dataset "
               "anon8231489123/ShareGPT_Vicuna_unfiltered) and pass its path with --input-file "
               "(input.file)");
    conflicts("input.custom_dataset_type", "input.public_dataset",
              ", which sets the format of --input-file");
    struct stat st {};
    if (!in.input_file.empty() && ::stat(in.input_file.c_str(), &st) == 0 && S_ISDIR(st.st_mode) &&
        in.file_type != dataset::dataset_type::random_pool && !failed("input.custom_dataset_type"))
        report("input.file", "cannot read " + in.input_file +
                                 ": it is a directory, which only --custom-dataset-type "
                                 "random_pool (input.custom_dataset_type) reads (one pool per "
                                 "file); give a JSONL file");
    if (given("input.isl_block_size") &&
        (in.input_file.empty() || in.file_type != dataset::dataset_type::mooncake_trace) &&
        !failed("input.custom_dataset_type") && !failed("input.file"))
        report("input.isl_block_size",
               "only valid together with --custom-dataset-type mooncake_trace "
               "(input.custom_dataset_type), whose hash ids it sizes");
    if (in.sampling && p_.load.fixed_schedule.enabled == true)
        report("input.dataset_sampling_strategy",
               "cannot be combined with " + named("load.fixed_schedule") +
                   ": a fixed schedule sends every row at its own timestamp");
}

// Options that shape synthetic prompts mean nothing for a file that brings its own.
void rules::synthetic_only() {
    const auto& in = p_.input;
    if (in.input_file.empty() && in.public_set == dataset::public_dataset::none &&
        !failed("input.file") && !failed("input.public_dataset"))
        return;
    const std::string why =
        " applies to synthetic prompts only; --input-file (input.file) "
        "brings its own prompts";
    if (!in.seq_dist.empty()) report("input.seq_dist", "--seq-dist" + why);
    if (in.num_prefix_prompts > 0) report("input.num_prefix_prompts", "a prefix pool" + why);
    if (in.prefix_prompt_length > 0) report("input.prefix_prompt_length", "a prefix pool" + why);
    if (in.shared_system_prompt_length)
        report("input.shared_system_prompt_length", "a shared system prompt" + why);
    if (in.user_context_prompt_length)
        report("input.user_context_prompt_length", "a user context prompt" + why);
    const bool pool = in.file_type == dataset::dataset_type::random_pool &&
                      in.public_set == dataset::public_dataset::none;
    if (in.prompt_batch_size > 1 && !pool)
        report("input.prompt_batch_size",
               "applies to synthetic prompts and --custom-dataset-type random_pool "
               "(input.custom_dataset_type) only");
}

// The lengths --seq-dist replaces, and the prefix pool's two halves.
void rules::prompt_shapes() {
    const auto& in = p_.input;
    if (!in.seq_dist.empty())
        for (const char* key : {"input.isl", "input.isl_stddev", "input.osl", "input.osl_stddev"})
            report(key, "cannot be combined with " + named("input.seq_dist") +
                            ", whose entries set the lengths");
    const bool pool = in.num_prefix_prompts > 0 || failed("input.num_prefix_prompts");
    const bool length = in.prefix_prompt_length > 0 || failed("input.prefix_prompt_length");
    if (in.prefix_prompt_length > 0 && !pool)
        report("input.prefix_prompt_length",
               "only valid together with " + named("input.num_prefix_prompts") + " > 0");
    if (in.num_prefix_prompts > 0 && !length)
        report("input.num_prefix_prompts",
               "only valid together with " + named("input.prefix_prompt_length") + " > 0");
    if (in.shared_system_prompt_length && in.num_prefix_prompts > 0)
        report("input.shared_system_prompt_length", "cannot be combined with " +
                                                        named("input.num_prefix_prompts") +
                                                        "; use one shared prefix or the other");
}

}  // namespace

void check_profile(const run_plan& p, const origin_map& set_by, std::vector<std::string>& errors) {
    rules(p, set_by, errors).run();
}

}  // namespace ringperf::config::detail
