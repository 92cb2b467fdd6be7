#include "ringperf/hub/load.h"

namespace ringperf::hub {

namespace {

// from_file maps the file and reads the tokenizer_config.json beside it, which for the hub
// kinds is the snapshot's (the symlinks sit side by side).
result<tokenizer::tokenizer> build(const tokenizer_source& s) {
    if (s.kind == source_kind::builtin)
        return tokenizer::tokenizer::from_json(s.builtin_json, "builtin", s.builtin_config_json);
    return tokenizer::tokenizer::from_file(s.tokenizer_path);
}

}  // namespace

result<loaded_tokenizer> load_tokenizer(std::string_view spec, const hub_options& o) {
    auto source = resolve_tokenizer(spec, o);
    if (!source) return source.err();
    auto tok = build(*source);
    if (!tok) {
        if (source->repo_id.empty()) return tok.err();
        return make_error("tokenizer " + source->description + ": " + tok.message());
    }
    return loaded_tokenizer{
        std::move(*tok), std::move(source->description), source->kind == source_kind::builtin, {}};
}

result<loaded_tokenizer> load_run_tokenizer(const tokenizer_options& t,
                                            std::span<const std::string> models,
                                            const hub_options& o) {
    std::vector<std::string> warnings;
    const std::string spec = choose_tokenizer_spec(t.name, models, warnings);
    if (spec.empty())
        return make_error("no tokenizer: pass --tokenizer, or a model name with --model");
    hub_options with_revision = o;
    with_revision.revision = t.revision;
    auto loaded = load_tokenizer(spec, with_revision);
    if (!loaded) return loaded.err();
    loaded->warnings.insert(loaded->warnings.begin(), warnings.begin(), warnings.end());
    return loaded;
}

}  // namespace ringperf::hub
