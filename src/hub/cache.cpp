#include "ringperf/hub/cache.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "ringperf/base/file.h"

namespace ringperf::hub {

namespace {

std::string env_value(const env_lookup& env, const char* name) {
    const char* v = env ? env(name) : nullptr;
    return v ? std::string(v) : std::string();
}

bool is_file(const std::string& path) {
    struct stat st;
    return ::stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool is_plain_name(std::string_view s) {
    if (s.empty() || s == "." || s == "..") return false;
    for (const char c : s)
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.'))
            return false;
    return true;
}

std::string trimmed(std::string s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.pop_back();
    std::size_t i = 0;
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i])))
        ++i;
    return s.substr(i);
}

std::string parent_of(const std::string& path) {
    const auto slash = path.rfind('/');
    return slash == std::string::npos ? std::string(".") : path.substr(0, slash);
}

// A ref name is a relative path below refs/ without empty, "." or ".." components.
bool is_safe_ref(std::string_view rev) {
    if (rev.empty() || rev.front() == '/' || rev.back() == '/') return false;
    std::size_t pos = 0;
    while (pos <= rev.size()) {
        std::size_t end = rev.find('/', pos);
        if (end == std::string_view::npos) end = rev.size();
        const std::string_view part = rev.substr(pos, end - pos);
        if (part.empty() || part == "." || part == "..") return false;
        pos = end + 1;
    }
    return rev.find('\0') == std::string_view::npos;
}

// Points `link` at `target` atomically: a temporary symlink renamed over the old entry.
result<void> replace_symlink(const std::string& target, const std::string& link) {
    const std::string tmp = link + ".tmp." + std::to_string(::getpid());
    ::unlink(tmp.c_str());
    if (::symlink(target.c_str(), tmp.c_str()) != 0)
        return make_error("cannot create the symlink " + tmp + ": " + std::strerror(errno));
    if (::rename(tmp.c_str(), link.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return make_error("cannot rename " + tmp + " to " + link + ": " + std::strerror(e));
    }
    return {};
}

}  // namespace

std::string hub_cache_dir(const env_lookup& env) {
    if (auto v = env_value(env, "HF_HUB_CACHE"); !v.empty()) return v;
    if (auto v = env_value(env, "HUGGINGFACE_HUB_CACHE"); !v.empty()) return v;
    if (auto v = env_value(env, "HF_HOME"); !v.empty()) return v + "/hub";
    if (auto v = env_value(env, "XDG_CACHE_HOME"); !v.empty()) return v + "/huggingface/hub";
    if (auto v = env_value(env, "HOME"); !v.empty()) return v + "/.cache/huggingface/hub";
    return {};
}

std::string repo_folder_name(std::string_view repo_id) {
    std::string out = "models--";
    for (const char c : repo_id) {
        if (c == '/') {
            out += "--";
        } else {
            out += c;
        }
    }
    return out;
}

bool is_commit_hash(std::string_view revision) {
    if (revision.size() != 40) return false;
    for (const char c : revision)
        if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
    return true;
}

std::optional<cached_tokenizer> find_cached_tokenizer(const std::string& repo_dir,
                                                      std::string_view revision) {
    cached_tokenizer c;
    if (is_commit_hash(revision)) {
        c.commit = std::string(revision);
    } else {
        if (!is_safe_ref(revision)) return std::nullopt;
        auto ref = read_file(repo_dir + "/refs/" + std::string(revision));
        if (!ref) return std::nullopt;
        c.commit = trimmed(std::move(*ref));
        if (!is_plain_name(c.commit)) return std::nullopt;
    }
    const std::string snapshot = repo_dir + "/snapshots/" + c.commit;
    c.tokenizer_path = snapshot + "/tokenizer.json";
    if (!is_file(c.tokenizer_path)) return std::nullopt;
    if (const std::string cfg = snapshot + "/tokenizer_config.json"; is_file(cfg))
        c.config_path = cfg;
    return c;
}

result<std::string> store_file(const std::string& repo_dir, std::string_view commit,
                               std::string_view filename, std::string_view etag,
                               std::string_view content) {
    if (!is_plain_name(etag))
        return make_error("the Hub sent an ETag that is not usable as a file name: '" +
                          std::string(etag) + "'");
    if (!is_plain_name(commit))
        return make_error("the Hub sent a commit id that is not usable as a directory name: '" +
                          std::string(commit) + "'");
    if (!is_plain_name(filename))
        return make_error("bad file name '" + std::string(filename) + "'");
    const std::string blobs = repo_dir + "/blobs";
    const std::string snapshot = repo_dir + "/snapshots/" + std::string(commit);
    for (const auto& dir : {blobs, snapshot})
        if (auto made = make_dirs(dir); !made) return made.err();
    const std::string blob = blobs + "/" + std::string(etag);
    if (!is_file(blob))
        if (auto written = write_file_atomic(blob, content); !written) return written.err();
    const std::string link = snapshot + "/" + std::string(filename);
    if (auto linked = replace_symlink("../../blobs/" + std::string(etag), link); !linked)
        return linked.err();
    return link;
}

result<void> store_ref(const std::string& repo_dir, std::string_view revision,
                       std::string_view commit) {
    if (!is_safe_ref(revision))
        return make_error("revision '" + std::string(revision) + "' cannot be stored as a ref");
    const std::string path = repo_dir + "/refs/" + std::string(revision);
    if (auto made = make_dirs(parent_of(path)); !made) return made.err();
    return write_file_atomic(path, commit);
}

result<void> store_missing(const std::string& repo_dir, std::string_view commit,
                           std::string_view filename) {
    if (!is_plain_name(commit) || !is_plain_name(filename))
        return make_error("bad commit or file name for .no_exist");
    const std::string dir = repo_dir + "/.no_exist/" + std::string(commit);
    if (auto made = make_dirs(dir); !made) return made.err();
    return write_file_atomic(dir + "/" + std::string(filename), "");
}

}  // namespace ringperf::hub
