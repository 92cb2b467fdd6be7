// A small streaming JSON writer appending to a std::string. Keys and string values are
// escaped per RFC 8259; the caller is responsible for well-formed nesting (checked by
// assertions in debug builds). Numbers: integers exactly; doubles with a fixed number of
// decimals or the shortest round-trip form. NaN and infinities are written as null.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace ringperf {

// Appends `s` to `out` as a JSON string literal, quotes included. Control characters and
// DEL are escaped, so the result is also a valid TOML basic string.
void json_append_string(std::string& out, std::string_view s);

class json_writer {
  public:
    explicit json_writer(std::string& out) : out_(out) {}

    json_writer& begin_object() { return open('{'); }
    json_writer& end_object() { return close('}'); }
    json_writer& begin_array() { return open('['); }
    json_writer& end_array() { return close(']'); }
    json_writer& key(std::string_view k);

    json_writer& value(std::string_view s);
    json_writer& value(const char* s) { return value(std::string_view(s)); }
    json_writer& value(std::int64_t v);
    json_writer& value(std::uint64_t v);
    json_writer& value(int v) { return value(std::int64_t{v}); }
    json_writer& value(bool v);
    // Shortest text that parses back to the same double.
    json_writer& value(double v);
    // Fixed-point with `decimals` digits after the point (e.g. 2 for display values).
    json_writer& value_fixed(double v, int decimals);
    json_writer& null();
    // Inserts already-serialized JSON verbatim (e.g. a user's --extra-inputs value).
    json_writer& raw(std::string_view json);

    std::string& str() { return out_; }

  private:
    void separator();
    json_writer& open(char bracket);
    json_writer& close(char bracket);
    std::string& out_;
    // One bit per nesting level: does the current container already hold an element?
    std::uint64_t has_elem_ = 0;
    int depth_ = 0;
    bool after_key_ = false;
};

// Formats a double as the shortest round-trip decimal text ("1.5", "1e+20", "0.1").
std::string format_double(double v);
// Fixed-point text with `decimals` digits ("1234.50").
std::string format_fixed(double v, int decimals);

}  // namespace ringperf
