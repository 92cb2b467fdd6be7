#include "fake_hub.h"

#include <algorithm>
#include <cstdlib>

namespace ringperf::hub::testing {

namespace {

std::string decoded(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            out += static_cast<char>(std::strtol(s.substr(i + 1, 2).c_str(), nullptr, 16));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    for (;;) {
        const auto end = s.find(sep, pos);
        out.push_back(s.substr(pos, end - pos));
        if (end == std::string::npos) return out;
        pos = end + 1;
    }
}

fake_response error(int status, const std::string& code, const std::string& message) {
    return {status, {{"X-Error-Code", code}, {"X-Error-Message", message}}, "{}"};
}

}  // namespace

std::string commit_id(char seed) {
    return std::string(40, seed);
}

fake_hub::fake_hub(std::optional<tls_files> tls) {
    cdn_ = std::make_unique<fake_server>(
        [this](const fake_request& r) -> fake_response {
            // /cdn/<id with '/' as '~'>/<file>?signature
            const auto parts = split(r.target.substr(0, r.target.find('?')), '/');
            if (parts.size() != 4) return {404, {}, "no such object"};
            std::string id = parts[2];
            for (auto& c : id)
                if (c == '~') c = '/';
            const auto repo = repos_.find(id);
            if (repo == repos_.end() || !repo->second.files.count(parts[3]))
                return {404, {}, "no such object"};
            return {
                200, {{"ETag", "\"cdn-object-etag\""}}, repo->second.files.at(parts[3]).content};
        },
        tls);
    hub_ = std::make_unique<fake_server>([this](const fake_request& r) { return answer(r); }, tls);
}

fake_response fake_hub::resolve_cache(const std::string& target) {
    // /api/resolve-cache/models/<org>/<name>/<commit>/<file>
    const auto parts = split(target.substr(0, target.find('?')), '/');
    if (parts.size() != 8) return {404, {}, "bad path"};
    const auto repo = repos_.find(parts[4] + "/" + parts[5]);
    if (repo == repos_.end() || !repo->second.files.count(parts[7])) return {404, {}, ""};
    const fake_file& f = repo->second.files.at(parts[7]);
    return {200, {{"X-Repo-Commit", parts[6]}, {"ETag", "\"" + f.etag + "\""}}, f.content};
}

fake_response fake_hub::answer(const fake_request& r) {
    if (r.target.rfind("/api/resolve-cache/", 0) == 0) return resolve_cache(r.target);
    // /<org>/<name>/resolve/<revision>/<file> or /<name>/resolve/<revision>/<file>
    auto parts = split(r.target, '/');
    const auto at = std::find(parts.begin(), parts.end(), "resolve");
    if (at == parts.end() || parts.end() - at != 3) return {404, {}, "not a resolve URL"};
    std::string id;
    for (auto p = parts.begin() + 1; p != at; ++p)
        id += (id.empty() ? "" : "/") + *p;
    const std::string revision = decoded(*(at + 1));
    const std::string file = *(at + 2);
    const auto found = repos_.find(id);
    if (found == repos_.end())
        return error(401, "RepoNotFound", "Repository not found for url: " + r.target);
    const fake_repo& repo = found->second;
    if (!repo.required_token.empty() &&
        r.header("Authorization").value_or("") != "Bearer " + repo.required_token)
        return error(401, "GatedRepo", "Access to model " + id + " is restricted.");
    std::string commit = revision == repo.commit ? repo.commit : "";
    if (const auto ref = repo.refs.find(revision); ref != repo.refs.end()) commit = ref->second;
    if (commit.empty()) return error(404, "RevisionNotFound", "Invalid rev id: " + revision);
    const auto f = repo.files.find(file);
    if (f == repo.files.end()) {
        auto e = error(404, "EntryNotFound", file + " does not exist on \"" + revision + "\"");
        e.headers.emplace_back("X-Repo-Commit", commit);
        return e;
    }
    const header_list meta = {{"X-Repo-Commit", commit}, {"ETag", "\"" + f->second.etag + "\""}};
    switch (repo.how) {
        case delivery::cdn: {
            std::string key = id;
            for (auto& c : key)
                if (c == '/') c = '~';
            return {302,
                    {{"X-Repo-Commit", commit},
                     {"X-Linked-Etag", "\"" + f->second.etag + "\""},
                     {"ETag", "W/\"hub-redirect-etag\""},
                     {"Location", cdn_->url() + "/cdn/" + key + "/" + file + "?sig=abc"}},
                    ""};
        }
        case delivery::relative:
            return {307,
                    {{"X-Repo-Commit", commit},
                     {"Location",
                      "/api/resolve-cache/models/" + id + "/" + commit + "/" + file + "?etag=x"}},
                    ""};
        case delivery::chunked:
            return {200, meta, f->second.content, framing::chunked};
        case delivery::close_delimited:
            return {200, meta, f->second.content, framing::close_delimited};
        case delivery::direct:
            break;
    }
    return {200, meta, f->second.content};
}

}  // namespace ringperf::hub::testing
