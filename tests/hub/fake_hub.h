// A fake Hugging Face Hub on loopback: serves /<id>/resolve/<revision>/<file> the way the
// Hub does (X-Repo-Commit, ETag / X-Linked-Etag, X-Error-Code), with a second listener as
// the CDN that large files are redirected to (a different port, so a different host).
#pragma once

#include <map>
#include <memory>
#include <string>

#include "fake_server.h"

namespace ringperf::hub::testing {

struct fake_file {
    std::string content;
    std::string etag;  // the Hub's ETag (git blob id) or, for large files, X-Linked-Etag
};

enum class delivery {
    direct,           // 200 with the body
    cdn,              // 302 to the CDN listener, X-Linked-Etag
    relative,         // 307 to /api/resolve-cache/... on the hub itself
    chunked,          // 200, chunked body
    close_delimited,  // 200, body until the connection closes
};

struct fake_repo {
    std::string commit;                       // 40 hex
    std::map<std::string, std::string> refs;  // branch or tag -> commit
    std::map<std::string, fake_file> files;
    std::string required_token;  // non-empty: a gated repo, 401 without "Bearer <token>"
    delivery how = delivery::direct;
};

class fake_hub {
  public:
    explicit fake_hub(std::optional<tls_files> tls = std::nullopt);

    void add(const std::string& id, fake_repo repo) { repos_[id] = std::move(repo); }
    std::string url() const { return hub_->url(); }
    const fake_server& hub() const { return *hub_; }
    const fake_server& cdn() const { return *cdn_; }
    std::size_t total_requests() const { return hub_->request_count() + cdn_->request_count(); }

  private:
    fake_response answer(const fake_request& r);
    fake_response resolve_cache(const std::string& target);

    std::map<std::string, fake_repo> repos_;
    std::unique_ptr<fake_server> cdn_;
    std::unique_ptr<fake_server> hub_;
};

// A fixed 40-hex commit id built from `seed`.
std::string commit_id(char seed);

}  // namespace ringperf::hub::testing
