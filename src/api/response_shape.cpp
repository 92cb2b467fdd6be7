#include "response_shape.h"

#include <cstring>

namespace ringperf::api::detail {

namespace {

// Every field a value string can be stored into; tool names and arguments are not here, so
// texts with tool calls are not learnt.
template <class Fields>
auto string_slots(Fields& f) noexcept {
    return std::array{&f.object,
                      &f.delta.content,
                      &f.delta.reasoning_content,
                      &f.delta.reasoning,
                      &f.message.content,
                      &f.message.reasoning_content,
                      &f.message.reasoning,
                      &f.text,
                      &f.finish_reason,
                      &f.top.message,
                      &f.top.type,
                      &f.detail};
}

// Every field a count can be stored into directly; other providers' names are not here.
template <class Fields>
auto count_slots(Fields& f) noexcept {
    auto& u = f.usage;
    return std::array{&f.top.code,
                      &u.prompt_tokens,
                      &u.completion_tokens,
                      &u.total_tokens,
                      &u.reasoning_tokens,
                      &u.prompt_cache_read_tokens,
                      &u.prompt_cache_write_tokens,
                      &u.prompt_cache_miss_tokens,
                      &u.prompt_audio_tokens,
                      &u.completion_audio_tokens,
                      &u.accepted_prediction_tokens,
                      &u.rejected_prediction_tokens};
}

// 1 + the index of `slot` in `slots`, 0 when it is not there.
template <class Slots>
std::size_t slot_number(const Slots& slots, const void* slot) noexcept {
    for (std::size_t i = 0; i < slots.size(); ++i)
        if (slots[i] == slot) return i + 1;
    return 0;
}

}  // namespace

void shape_cache::append(shape& s, const char* bytes, std::size_t n) noexcept {
    std::memcpy(s.literals.get() + s.literal_bytes, bytes, n);
    s.literal_bytes += n;
}

shape_cache::shape_cache() {
    for (shape& s : shapes_)
        s.literals.reset(new char[max_literal_bytes + scan_padding]());
}

// Every field a hole goes into is written again when the text matches, so the fields of the
// shape itself take the values of the text.
bool shape_cache::match(shape& s, char* text, std::size_t size) noexcept {
    const auto strings = string_slots(s.fields);
    const auto counts = count_slots(s.fields);
    json_scanner in(text, text + size);
    const char* literal = s.literals.get();
    for (std::size_t i = 0; i < s.hole_count; ++i) {
        const hole_spec& h = s.holes[i];
        if (!in.take_padded(literal, h.literal_size)) return false;
        literal += h.literal_size;
        switch (h.type) {
            case scan_hole::kind::string: {
                std::string_view ignored;
                std::string_view& v = h.slot != 0 ? *strings[h.slot - 1] : ignored;
                if (in.peek() != '"' || !in.read_string(v)) return false;
                break;
            }
            case scan_hole::kind::number:
                if (!in.skip_number()) return false;
                break;
            case scan_hole::kind::count:
                if (!in.integer(*counts[h.slot - 1])) return false;
                break;
        }
    }
    const auto rest = s.literal_bytes - static_cast<std::size_t>(literal - s.literals.get());
    return in.take_padded(literal, rest) && in.at_end();
}

const body_fields* shape_cache::read(char* text, std::size_t size) noexcept {
    for (std::size_t n = 0; n < max_shapes; ++n) {
        const std::size_t i = (last_ + n) % max_shapes;
        if (shapes_[i].used == 0 || !match(shapes_[i], text, size)) continue;
        shapes_[i].used = ++clock_;
        last_ = i;
        return &shapes_[i].fields;
    }
    return nullptr;
}

// Whether every hole of `record` can be read again: its field is one of the slots, and a
// count was an integer.
bool shape_cache::learnable(const char* text, std::size_t size, const scan_record& record,
                            const body_fields& f, std::string_view tools) noexcept {
    if (record.overflow || !tools.empty()) return false;
    std::size_t hole_bytes = 0;
    const auto strings = string_slots(f);
    const auto counts = count_slots(f);
    for (std::size_t i = 0; i < record.size; ++i) {
        const scan_hole& h = record.holes[i];
        hole_bytes += h.end - h.begin;
        if (h.type == scan_hole::kind::count) {
            if (slot_number(counts, h.slot) == 0) return false;
            if (std::memchr(text + h.begin, '.', h.end - h.begin) != nullptr) return false;
        } else if (h.slot != nullptr && slot_number(strings, h.slot) == 0) {
            return false;
        }
    }
    return size - hole_bytes <= max_literal_bytes;
}

void shape_cache::learn(const char* text, std::size_t size, const scan_record& record,
                        const body_fields& f, std::string_view tools) noexcept {
    if (!learnable(text, size, record, f, tools)) return;
    shape* target = &shapes_[0];
    for (shape& s : shapes_)
        if (s.used < target->used) target = &s;
    shape& s = *target;
    s.fields = f;
    s.literal_bytes = 0;
    const auto strings = string_slots(f);
    const auto counts = count_slots(f);
    std::uint32_t at = 0;
    for (std::size_t i = 0; i < record.size; ++i) {
        const scan_hole& h = record.holes[i];
        hole_spec& spec = s.holes[i];
        spec.literal_size = h.begin - at;
        spec.type = h.type;
        spec.slot = static_cast<std::uint8_t>(h.type == scan_hole::kind::count
                                                  ? slot_number(counts, h.slot)
                                                  : slot_number(strings, h.slot));
        append(s, text + at, spec.literal_size);
        at = h.end;
    }
    append(s, text + at, size - at);
    for (std::string_view* v : string_slots(s.fields))
        *v = {};
    s.hole_count = record.size;
    s.used = ++clock_;
}

}  // namespace ringperf::api::detail
