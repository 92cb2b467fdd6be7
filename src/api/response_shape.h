// Shapes of response texts read before (private to the api module).
//
// The chunks of a stream differ only in a few values: the text of the delta, the id of the
// response, a timestamp, the counts of a usage object. A shape is a text scan_body() read,
// cut into literal runs (keys, punctuation, whitespace, true, false, null) and holes (each
// value string and number), with the fields the text gave. Another text made of the same
// literal runs with, in each hole, a value of the same kind reads exactly like the first one
// except for the fields those values go into: json_scanner's path through a text depends only
// on the literal bytes and on where each value ends, and the readers of response_scan.cpp
// store a value only into its own field. So a text with a known shape is read by comparing
// the literal runs and reading only the holes again, with the same json_scanner functions.
//
// Not learnt (scan_body() reads them each time): texts with tool calls, with counts under
// other providers' names (they are combined after the usage object is read), with counts that
// are not integers, with more than scan_record::max_holes values or more than 2 KiB of
// literal bytes.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "json_scanner.h"
#include "response_fields.h"

namespace ringperf::api::detail {

class shape_cache {
  public:
    // Allocates the storage of every shape; read() and learn() never allocate.
    shape_cache();

    // Reads `text` (a json_scanner text of `size` bytes, unescaped in place) when it has one
    // of the learnt shapes, trying the last one matched first: its fields, valid until the
    // next call, with views into `text`. nullptr when it has none of them; the text is then
    // unspecified.
    const body_fields* read(char* text, std::size_t size) noexcept;

    // Learns the shape of the text of `size` bytes that scan_body() read into `f` with
    // `record`, in place of the least recently used shape; `tools` is the tool-call text the
    // scan appended. Only the literal runs of `text` are kept, which the scan leaves as they
    // were (it unescapes strings within their own bytes).
    void learn(const char* text, std::size_t size, const scan_record& record, const body_fields& f,
               std::string_view tools) noexcept;

  private:
    static constexpr std::size_t max_shapes = 4;
    static constexpr std::size_t max_literal_bytes = 2048;

    struct hole_spec {
        std::uint32_t literal_size = 0;  // literal bytes before the hole
        scan_hole::kind type = scan_hole::kind::string;
        std::uint8_t slot = 0;  // 1 + index in string_slots()/count_slots(); 0: none
    };

    struct shape {
        // What the learnt text gave, except for the fields holes go into: those hold the
        // values of the last text matched (or tried).
        body_fields fields;
        // The literal runs, one after the other, followed by scan_padding bytes.
        std::unique_ptr<char[]> literals;
        std::size_t literal_bytes = 0;
        std::array<hole_spec, scan_record::max_holes> holes{};
        std::size_t hole_count = 0;
        std::uint64_t used = 0;  // clock_ value of the last use; 0 for an empty shape
    };

    static bool match(shape& s, char* text, std::size_t size) noexcept;
    static bool learnable(const char* text, std::size_t size, const scan_record& record,
                          const body_fields& f, std::string_view tools) noexcept;
    static void append(shape& s, const char* bytes, std::size_t n) noexcept;

    std::array<shape, max_shapes> shapes_;
    std::size_t last_ = 0;
    std::uint64_t clock_ = 0;
};

}  // namespace ringperf::api::detail
