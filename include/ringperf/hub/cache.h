// The Hugging Face hub cache, laid out as huggingface_hub lays it out so that ringperf and
// the Python tools share one cache:
//
//   <cache>/models--<org>--<name>/
//     blobs/<etag>                          file contents, named by the Hub's ETag
//     snapshots/<commit>/<file>             relative symlink to ../../blobs/<etag>
//     refs/<revision>                       the commit a branch or tag named when fetched
//     .no_exist/<commit>/<file>             empty: the file is known not to exist
//
// Writers replace files atomically (a temporary name, then rename), so a concurrent reader
// sees either the old or the new file, never a partial one.
//
// Thread-safety: the functions keep no state; concurrent writers of the same files are safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "ringperf/base/result.h"
#include "ringperf/hub/resolve.h"

namespace ringperf::hub {

// $HF_HUB_CACHE, else $HUGGINGFACE_HUB_CACHE, else $HF_HOME/hub, else
// $XDG_CACHE_HOME/huggingface/hub, else $HOME/.cache/huggingface/hub; empty when none of
// these is set.
std::string hub_cache_dir(const env_lookup& env);

// "models--Qwen--Qwen3-0.6B" for "Qwen/Qwen3-0.6B".
std::string repo_folder_name(std::string_view repo_id);

// A 40-digit hexadecimal git commit id (lower or upper case).
bool is_commit_hash(std::string_view revision);

struct cached_tokenizer {
    std::string commit;
    std::string tokenizer_path;  // <repo_dir>/snapshots/<commit>/tokenizer.json
    std::string config_path;     // tokenizer_config.json beside it, empty when absent
};

// tokenizer.json of the repository cached in `repo_dir` at `revision` (a commit, or a ref
// whose refs/ file names one). nullopt when the ref, the snapshot or the file (or the blob
// a symlink points to) is missing.
std::optional<cached_tokenizer> find_cached_tokenizer(const std::string& repo_dir,
                                                      std::string_view revision);

// Writes `content` to blobs/<etag> (unless that blob exists) and points
// snapshots/<commit>/<filename> at it. Returns the snapshot path. `etag` and `commit` must
// be plain file names (checked: letters, digits, '-', '_', '.'; not "." or "..").
result<std::string> store_file(const std::string& repo_dir, std::string_view commit,
                               std::string_view filename, std::string_view etag,
                               std::string_view content);
// refs/<revision> = commit (revision may contain '/', e.g. "refs/pr/1").
result<void> store_ref(const std::string& repo_dir, std::string_view revision,
                       std::string_view commit);
// Marks `filename` as absent at `commit` (.no_exist/<commit>/<filename>).
result<void> store_missing(const std::string& repo_dir, std::string_view commit,
                           std::string_view filename);

}  // namespace ringperf::hub
