#include "ringperf/hub/resolve.h"

#include <dirent.h>
#include <sys/stat.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdlib>

#include "repo.h"
#include "ringperf/hub/builtin.h"

namespace ringperf::hub {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

enum class entry { none, file, directory, other };

entry stat_entry(const std::string& path) {
    struct stat st;
    if (::stat(path.c_str(), &st) != 0) return entry::none;
    if (S_ISREG(st.st_mode)) return entry::file;
    if (S_ISDIR(st.st_mode)) return entry::directory;
    return entry::other;
}

std::string base_name(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Files of the tokenizer formats other than tokenizer.json, which say what a directory
// or a path holds instead.
constexpr std::array<std::string_view, 9> other_formats = {
    "tokenizer.model", "spiece.model", "sentencepiece.bpe.model", "vocab.json",
    "merges.txt",      "vocab.txt",    "tokenizer_config.json",   "special_tokens_map.json",
    "config.json"};

constexpr std::string_view only_tokenizer_json =
    "only the Hugging Face tokenizer.json format is supported; save one where Python "
    "transformers is installed with `python -c \"from transformers import AutoTokenizer; "
    "AutoTokenizer.from_pretrained('<dir>').save_pretrained('<out>')\"` (it writes "
    "<out>/tokenizer.json), or use --tokenizer builtin";

std::vector<std::string> other_format_files(const std::string& dir) {
    std::vector<std::string> found;
    for (const auto name : other_formats)
        if (stat_entry(dir + "/" + std::string(name)) == entry::file) found.emplace_back(name);
    if (DIR* d = ::opendir(dir.c_str())) {
        while (const dirent* e = ::readdir(d))
            if (ends_with(e->d_name, ".tiktoken")) found.emplace_back(e->d_name);
        ::closedir(d);
    }
    return found;
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& s : items)
        out += (out.empty() ? "" : ", ") + s;
    return out;
}

result<tokenizer_source> from_file(const std::string& path, source_kind kind) {
    const std::string name = base_name(path);
    if (std::find(other_formats.begin(), other_formats.end(), name) != other_formats.end())
        return make_error("--tokenizer " + path + " is a " + name +
                          ", not a tokenizer.json: " + std::string(only_tokenizer_json));
    tokenizer_source s;
    s.kind = kind;
    s.tokenizer_path = path;
    const auto slash = path.rfind('/');
    const std::string dir = slash == std::string::npos ? "." : path.substr(0, slash);
    if (const std::string cfg = dir + "/tokenizer_config.json"; stat_entry(cfg) == entry::file)
        s.config_path = cfg;
    s.description = path;
    return s;
}

result<tokenizer_source> from_directory(std::string dir) {
    while (dir.size() > 1 && dir.back() == '/')
        dir.pop_back();
    const std::string path = dir + "/tokenizer.json";
    if (stat_entry(path) == entry::file) return from_file(path, source_kind::directory);
    const auto others = other_format_files(dir);
    std::string msg = "--tokenizer " + dir + ": the directory has no tokenizer.json";
    if (!others.empty()) msg += " (it has " + joined(others) + ")";
    return make_error(msg + "; " + std::string(only_tokenizer_json));
}

result<tokenizer_source> from_builtin() {
    auto files = builtin_tokenizer();
    if (!files) return files.err();
    tokenizer_source s;
    s.kind = source_kind::builtin;
    s.builtin_json = std::move(files->tokenizer_json);
    s.builtin_config_json = std::move(files->config_json);
    s.description = "builtin (" + std::string(builtin_encoding) + ")";
    return s;
}

bool looks_like_path(std::string_view s) {
    return s.front() == '/' || s.front() == '~' || s.substr(0, 2) == "./" ||
           s.substr(0, 3) == "../" || s == "." || s == ".." ||
           s.find('\\') != std::string_view::npos || ends_with(lower(s), ".json") ||
           std::count(s.begin(), s.end(), '/') > 1;
}

bool id_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.';
}
bool edge_char(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

bool valid_id_part(std::string_view part) {
    return !part.empty() && std::all_of(part.begin(), part.end(), id_char) &&
           edge_char(part.front()) && edge_char(part.back());
}

}  // namespace

env_lookup process_environment() {
    return [](const char* name) -> const char* { return std::getenv(name); };
}

bool is_valid_repo_id(std::string_view id) {
    if (id.empty() || id.size() > 96) return false;
    if (id.find("--") != std::string_view::npos || id.find("..") != std::string_view::npos)
        return false;
    const auto slash = id.find('/');
    if (slash == std::string_view::npos) return valid_id_part(id);
    return valid_id_part(id.substr(0, slash)) && valid_id_part(id.substr(slash + 1));
}

bool is_placeholder_model(std::string_view model) {
    if (model.empty() || model.front() == '.' || model.front() == '~' ||
        model.find_first_of("/\\") != std::string_view::npos)
        return false;
    std::string m = lower(model);
    std::replace(m.begin(), m.end(), '_', '-');
    static constexpr std::array<std::string_view, 12> whole = {
        "placeholder", "model", "my-model", "your-model", "model-name", "some-model",
        "mock",        "test",  "fake",     "dummy",      "example",    "sample"};
    static constexpr std::array<std::string_view, 7> first_word = {
        "mock", "test", "fake", "dummy", "placeholder", "example", "sample"};
    if (std::find(whole.begin(), whole.end(), m) != whole.end()) return true;
    const std::string_view head = std::string_view(m).substr(0, m.find('-'));
    return m.find('-') != std::string::npos &&
           std::find(first_word.begin(), first_word.end(), head) != first_word.end();
}

std::string choose_tokenizer_spec(std::string_view tokenizer, std::span<const std::string> models,
                                  std::vector<std::string>& warnings) {
    if (!tokenizer.empty()) return std::string(tokenizer);
    if (models.empty() || models.front().empty()) return {};
    const std::string& model = models.front();
    if (!is_placeholder_model(model)) return model;
    warnings.push_back("model name '" + model +
                       "' looks like a placeholder, not a Hugging Face repository: counting "
                       "tokens with the builtin tokenizer (o200k_base). Pass --tokenizer to "
                       "choose another.");
    return std::string(builtin_spec);
}

result<tokenizer_source> resolve_tokenizer(std::string_view spec, const hub_options& o) {
    if (spec.empty())
        return make_error(
            "no tokenizer given: pass --tokenizer (a tokenizer.json file, a "
            "directory, a Hugging Face id, or builtin)");
    std::string path(spec);
    if (path.substr(0, 2) == "~/")
        if (const std::string home = detail::env_string(o.getenv, "HOME"); !home.empty())
            path = home + path.substr(1);
    switch (stat_entry(path)) {
        case entry::file:
            return from_file(path, source_kind::file);
        case entry::directory:
            return from_directory(path);
        case entry::other:
            return make_error("--tokenizer " + path + " is neither a file nor a directory");
        case entry::none:
            break;
    }
    if (lower(spec) == builtin_spec) return from_builtin();
    if (looks_like_path(spec))
        return make_error("--tokenizer " + path + ": no such file or directory");
    if (!is_valid_repo_id(spec))
        return make_error("--tokenizer '" + std::string(spec) +
                          "' is neither an existing file or directory nor a valid Hugging Face "
                          "repository id (org/name: letters, digits, '-', '_' and '.'; at most "
                          "96 characters), nor builtin");
    return detail::resolve_repo(spec, o);
}

}  // namespace ringperf::hub
