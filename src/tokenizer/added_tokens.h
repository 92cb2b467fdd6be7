// Splits raw text around added tokens the way the reference does: scanning left to right, at
// each position the longest added token that starts there is taken; text between matches is
// left for the normal pipeline.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ringperf/tokenizer/tokenizer.h"

namespace ringperf::tokenizer::detail {

struct added_token {
    std::string content;
    token_id id = 0;
    bool special = false;
    bool lstrip = false;
    bool rstrip = false;
    bool single_word = false;
    bool normalized = false;
};

// One piece of split text: either plain text or the added token with index `token`.
struct section {
    std::string_view text;
    std::int32_t token = -1;
};

class added_token_splitter {
  public:
    // `tokens` must outlive the splitter. Empty contents are ignored.
    void build(const std::vector<added_token>& tokens);
    bool empty() const noexcept { return nodes_.size() <= 1; }
    // Appends the sections of `text` to `out`; views point into `text`.
    void split(std::string_view text, std::vector<section>& out) const;

  private:
    struct trie_node {
        std::uint32_t first_child = 0;  // index into edges_
        std::uint16_t child_count = 0;
        std::int32_t token = -1;
    };
    struct edge {
        unsigned char byte;
        std::uint32_t node;
    };
    // Index of the added token matched longest at text[pos], and its length.
    std::int32_t longest_at(std::string_view text, std::size_t pos, std::size_t& length) const;

    std::vector<trie_node> nodes_;
    std::vector<edge> edges_;
    bool first_byte_[256] = {};
};

}  // namespace ringperf::tokenizer::detail
