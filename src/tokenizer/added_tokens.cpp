#include "added_tokens.h"

#include <algorithm>
#include <map>
#include <memory>

namespace ringperf::tokenizer::detail {

namespace {

struct build_node {
    std::map<unsigned char, std::unique_ptr<build_node>> children;
    std::int32_t token = -1;
};

}  // namespace

void added_token_splitter::build(const std::vector<added_token>& tokens) {
    build_node root;
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        const std::string& c = tokens[i].content;
        if (c.empty()) continue;
        build_node* n = &root;
        for (const char ch : c) {
            auto& child = n->children[static_cast<unsigned char>(ch)];
            if (!child) child = std::make_unique<build_node>();
            n = child.get();
        }
        // A later token with the same content replaces the earlier one, as in the reference.
        n->token = static_cast<std::int32_t>(i);
        first_byte_[static_cast<unsigned char>(c[0])] = true;
    }
    // Breadth-first layout: the children of a node are contiguous in edges_, sorted by byte.
    nodes_.assign(1, trie_node{});
    edges_.clear();
    std::vector<const build_node*> queue{&root};
    for (std::size_t q = 0; q < queue.size(); ++q) {
        const build_node* b = queue[q];
        nodes_[q].token = b->token;
        nodes_[q].first_child = static_cast<std::uint32_t>(edges_.size());
        nodes_[q].child_count = static_cast<std::uint16_t>(b->children.size());
        for (const auto& [byte, child] : b->children) {
            edges_.push_back(edge{byte, static_cast<std::uint32_t>(queue.size())});
            queue.push_back(child.get());
            nodes_.push_back(trie_node{});
        }
    }
}

std::int32_t added_token_splitter::longest_at(std::string_view text, std::size_t pos,
                                              std::size_t& length) const {
    std::int32_t best = -1;
    std::uint32_t n = 0;
    for (std::size_t j = pos; j < text.size(); ++j) {
        const trie_node& node = nodes_[n];
        const auto* first = edges_.data() + node.first_child;
        const auto* last = first + node.child_count;
        const auto b = static_cast<unsigned char>(text[j]);
        const auto* e = std::lower_bound(first, last, b,
                                         [](const edge& x, unsigned char v) { return x.byte < v; });
        if (e == last || e->byte != b) break;
        n = e->node;
        if (nodes_[n].token >= 0) {
            best = nodes_[n].token;
            length = j + 1 - pos;
        }
    }
    return best;
}

void added_token_splitter::split(std::string_view text, std::vector<section>& out) const {
    std::size_t start = 0;
    std::size_t i = 0;
    while (i < text.size()) {
        if (!first_byte_[static_cast<unsigned char>(text[i])]) {
            ++i;
            continue;
        }
        std::size_t length = 0;
        const std::int32_t tok = longest_at(text, i, length);
        if (tok < 0) {
            ++i;
            continue;
        }
        if (i > start) out.push_back(section{text.substr(start, i - start), -1});
        out.push_back(section{text.substr(i, length), tok});
        i += length;
        start = i;
    }
    if (start < text.size()) out.push_back(section{text.substr(start), -1});
}

}  // namespace ringperf::tokenizer::detail
