#include "repo.h"

#include <cctype>

#include "fetch.h"
#include "ringperf/base/file.h"
#include "ringperf/base/log.h"
#include "ringperf/hub/cache.h"

namespace ringperf::hub::detail {

namespace {

constexpr std::string_view default_endpoint = "https://huggingface.co";

struct repo_context {
    std::string id;
    std::string revision;
    std::string cache_dir;
    std::string repo_dir;
    std::string endpoint;
    std::string token;
    const hub_options& o;
};

bool truthy(const std::string& v) {
    std::string u;
    for (const char c : v)
        u += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return u == "1" || u == "ON" || u == "YES" || u == "TRUE";
}

std::string trimmed(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
        ++i;
    return s.substr(i);
}

// What says we are offline, or "" when nothing does.
std::string offline_reason(const hub_options& o) {
    if (o.offline) return "offline mode is on";
    for (const char* var : {"HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"})
        if (const std::string v = env_string(o.getenv, var); truthy(v))
            return std::string("offline mode is on (") + var + "=" + v + ")";
    return {};
}

// huggingface_hub's token sources, in its order: the variables, then the token file
// `huggingface-cli login` writes.
std::string hub_token(const env_lookup& env) {
    for (const char* var : {"HF_TOKEN", "HUGGING_FACE_HUB_TOKEN"})
        if (std::string t = trimmed(env_string(env, var)); !t.empty()) return t;
    std::string path = env_string(env, "HF_TOKEN_PATH");
    if (path.empty()) {
        std::string home = env_string(env, "HF_HOME");
        if (home.empty()) {
            if (const auto xdg = env_string(env, "XDG_CACHE_HOME"); !xdg.empty()) {
                home = xdg + "/huggingface";
            } else if (const auto h = env_string(env, "HOME"); !h.empty()) {
                home = h + "/.cache/huggingface";
            }
        }
        if (!home.empty()) path = home + "/token";
    }
    if (path.empty()) return {};
    auto text = read_file(path);
    return text ? trimmed(std::move(*text)) : std::string();
}

std::string percent_encoded(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out;
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
            out += c;
        } else {
            out += '%';
            out += hex[u >> 4];
            out += hex[u & 15];
        }
    }
    return out;
}

std::string file_url(const repo_context& r, std::string_view revision, std::string_view file) {
    return r.endpoint + "/" + r.id + "/resolve/" + percent_encoded(revision) + "/" +
           std::string(file);
}

std::string revision_problem(std::string_view rev) {
    if (rev.empty()) return "it is empty";
    for (const char c : rev)
        if (std::iscntrl(static_cast<unsigned char>(c)) ||
            std::isspace(static_cast<unsigned char>(c)))
            return "it contains whitespace or control characters";
    if (rev.front() == '/' || rev.back() == '/' || rev.find("..") != std::string_view::npos ||
        rev.find("//") != std::string_view::npos)
        return "it is not a valid branch, tag or commit name";
    return {};
}

std::string not_cached_error(const repo_context& r, std::string_view reason) {
    const std::string rev_flag = r.revision == "main" ? "" : " --revision " + r.revision;
    return "tokenizer '" + r.id + "' (revision " + r.revision +
           ") is not in the Hugging Face cache (searched " + r.repo_dir +
           ") and cannot be downloaded: " + std::string(reason) +
           ".\nTo use it, do one of these:\n"
           "  - where there is network access, run `huggingface-cli download " +
           r.id + " tokenizer.json tokenizer_config.json" + rev_flag +
           "`, then copy that machine's Hugging Face cache (~/.cache/huggingface/hub, or "
           "$HF_HUB_CACHE there) to " +
           r.cache_dir +
           " on this one;\n"
           "  - or pass --tokenizer /path/to/tokenizer.json (a copy of the model's "
           "tokenizer.json, or a directory holding it);\n"
           "  - or pass --tokenizer builtin (GPT-4o's o200k_base, built in; its counts differ "
           "from the model's own tokenizer).";
}

std::string status_error(const repo_context& r, const fetch_hop& hop, std::string_view file) {
    const std::string code = hop.header("x-error-code").value_or("");
    const std::string detail = hop.header("x-error-message").value_or("");
    const std::string from = " (HTTP " + std::to_string(hop.status) + " from " + hop.url +
                             (detail.empty() ? "" : ": " + detail) + ")";
    const std::string page = r.endpoint + "/" + r.id;
    if (code == "GatedRepo" || (hop.status == 403 && code != "RepoNotFound"))
        return "tokenizer '" + r.id + "' is in a gated or private repository" + from +
               ": accept its terms at " + page +
               " with your account, then set HF_TOKEN to an "
               "access token of that account" +
               (r.token.empty() ? "" : " (the token that was sent does not grant access)");
    if (hop.status == 401)
        return "tokenizer '" + r.id +
               "': the repository does not exist, or it is private or "
               "gated" +
               from +
               ". Check the id (full ids look like org/name); for a private or "
               "gated repository set HF_TOKEN to an access token that may read it" +
               (r.token.empty() ? "" : " (the token that was sent was not accepted)");
    if (code == "RevisionNotFound")
        return "tokenizer '" + r.id + "': revision '" + r.revision +
               "' does not exist in the repository" + from + "; use a branch, tag or commit of " +
               page + " with --tokenizer-revision";
    if (code == "EntryNotFound")
        return "tokenizer '" + r.id + "' at revision '" + r.revision + "' has no " +
               std::string(file) + from +
               "; only the tokenizer.json format is supported: pass --tokenizer with a "
               "tokenizer.json file, or --tokenizer builtin";
    if (code == "RepoNotFound")
        return "tokenizer '" + r.id + "': repository not found" + from +
               "; check the id (full ids look like org/name)";
    if (hop.status == 404)
        return "tokenizer '" + r.id + "': repository '" + r.id + "' or revision '" + r.revision +
               "' not found" + from;
    return "tokenizer '" + r.id + "': cannot download " + std::string(file) + from;
}

struct file_meta {
    std::string commit;
    std::string etag;
};

std::string normalized_etag(std::string e) {
    if (e.substr(0, 2) == "W/") e.erase(0, 2);
    if (e.size() >= 2 && e.front() == '"' && e.back() == '"') e = e.substr(1, e.size() - 2);
    return e;
}

// The commit and the blob name come from the Hub's own responses: the CDN a large file is
// redirected to sends an ETag of its own, which must not name the blob. X-Linked-Etag (a
// large file's sha256, on the redirect) wins over ETag, as in huggingface_hub.
std::optional<file_meta> metadata(const fetch_result& res, const std::string& hub_origin) {
    std::string commit, linked, plain;
    for (const auto& hop : res.hops) {
        if (origin_of(hop.url) != hub_origin) continue;
        if (auto c = hop.header("x-repo-commit")) commit = trimmed(*c);
        if (auto e = hop.header("x-linked-etag")) linked = normalized_etag(trimmed(*e));
        if (auto e = hop.header("etag")) plain = normalized_etag(trimmed(*e));
    }
    std::string etag = linked.empty() ? plain : linked;
    if (commit.empty() || etag.empty()) return std::nullopt;
    return file_meta{std::move(commit), std::move(etag)};
}

fetch_result get(const repo_context& r, const std::string& url) {
    fetch_request req;
    req.url = url;
    req.bearer_token = r.token;
    req.ca_file = r.o.ca_file.empty() ? env_string(r.o.getenv, "SSL_CERT_FILE") : r.o.ca_file;
    req.connect_timeout_ms = r.o.connect_timeout_ms;
    req.read_timeout_ms = r.o.read_timeout_ms;
    req.user_agent = "ringperf/" RINGPERF_VERSION;
    return fetch(req);
}

// Downloads one file into the cache. `optional_file`: a 404 is not an error (the result has
// an empty path).
result<std::string> download_file(const repo_context& r, std::string_view revision,
                                  std::string_view file, bool optional_file, file_meta& meta) {
    const std::string url = file_url(r, revision, file);
    log::info("downloading " + url);
    fetch_result res = get(r, url);
    if (res.failure != fetch_failure::none) return make_error(not_cached_error(r, res.error));
    const fetch_hop& last = res.hops.back();
    if (optional_file && last.status == 404) {
        if (!meta.commit.empty())
            if (auto marked = store_missing(r.repo_dir, meta.commit, file); !marked)
                log::warn(marked.message());
        return std::string();
    }
    if (last.status != 200) return make_error(status_error(r, last, file));
    const auto m = metadata(res, origin_of(r.endpoint));
    if (!m)
        return make_error("tokenizer '" + r.id + "': " + r.endpoint +
                          " did not send X-Repo-Commit and ETag headers for " + url +
                          " (is HF_ENDPOINT a Hugging Face Hub?)");
    meta = *m;
    auto stored = store_file(r.repo_dir, meta.commit, file, meta.etag, res.body);
    if (!stored) return make_error("tokenizer '" + r.id + "': " + stored.message());
    return *stored;
}

result<tokenizer_source> download(const repo_context& r) {
    file_meta meta;
    auto tok = download_file(r, r.revision, "tokenizer.json", false, meta);
    if (!tok) return tok.err();
    const file_meta tok_meta = meta;
    auto cfg = download_file(r, tok_meta.commit, "tokenizer_config.json", true, meta);
    if (!cfg) return cfg.err();
    if (r.revision != tok_meta.commit)
        if (auto ref = store_ref(r.repo_dir, r.revision, tok_meta.commit); !ref)
            return make_error("tokenizer '" + r.id + "': " + ref.message());
    tokenizer_source s;
    s.kind = source_kind::hub_download;
    s.tokenizer_path = std::move(*tok);
    s.config_path = std::move(*cfg);
    s.commit = tok_meta.commit;
    return s;
}

}  // namespace

std::string env_string(const env_lookup& env, const char* name) {
    const char* v = env ? env(name) : nullptr;
    return v ? std::string(v) : std::string();
}

result<tokenizer_source> resolve_repo(std::string_view id, const hub_options& o) {
    if (const auto problem = revision_problem(o.revision); !problem.empty())
        return make_error("--tokenizer-revision '" + o.revision + "': " + problem);
    repo_context r{std::string(id), o.revision, hub_cache_dir(o.getenv), {}, {}, {}, o};
    if (r.cache_dir.empty())
        return make_error("tokenizer '" + r.id +
                          "': cannot locate the Hugging Face cache: set HF_HUB_CACHE or HF_HOME "
                          "(HOME is not set either)");
    r.repo_dir = r.cache_dir + "/" + repo_folder_name(id);
    const auto describe = [&](tokenizer_source s, std::string_view how) {
        s.repo_id = r.id;
        s.revision = r.revision;
        s.description = r.id + "@" + r.revision + " (" + std::string(how) + ")";
        return s;
    };
    if (auto c = find_cached_tokenizer(r.repo_dir, r.revision)) {
        tokenizer_source s;
        s.kind = source_kind::hub_cache;
        s.tokenizer_path = std::move(c->tokenizer_path);
        s.config_path = std::move(c->config_path);
        s.commit = std::move(c->commit);
        return describe(std::move(s), "cache");
    }
    if (const auto why = offline_reason(o); !why.empty())
        return make_error(not_cached_error(r, why));
    std::string endpoint = env_string(o.getenv, "HF_ENDPOINT");
    if (endpoint.empty()) endpoint = default_endpoint;
    while (endpoint.size() > 1 && endpoint.back() == '/')
        endpoint.pop_back();
    if (origin_of(endpoint).empty())
        return make_error("HF_ENDPOINT '" + endpoint + "' is not an http:// or https:// URL");
    r.endpoint = std::move(endpoint);
    r.token = hub_token(o.getenv);
    auto s = download(r);
    if (!s) return s.err();
    return describe(std::move(*s), "downloaded");
}

}  // namespace ringperf::hub::detail
