// Setters and getters for option table rows that map one value onto one struct member.
// Internal to the config module.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "ringperf/config/option_table.h"

namespace ringperf::config::detail {

inline void store(bool& dst, value&& v) {
    dst = v.flag;
}
inline void store(double& dst, value&& v) {
    dst = v.number;
}
inline void store(std::string& dst, value&& v) {
    dst = std::move(v.text);
}
inline void store(std::vector<std::string>& dst, value&& v) {
    dst = std::move(v.items);
}
inline void store(std::vector<std::pair<std::string, std::string>>& dst, value&& v) {
    dst = std::move(v.pairs);
}
// Integer members: the table's range check has already bounded the value to the type.
template <typename Int>
requires std::is_integral_v<Int>
void store(Int& dst, value&& v) {
    dst = static_cast<Int>(v.integer);
}
template <typename T>
void store(std::optional<T>& dst, value&& v) {
    T t{};
    store(t, std::move(v));
    dst = std::move(t);
}

inline std::optional<value> load(bool b) {
    value v;
    v.flag = b;
    return v;
}
inline std::optional<value> load(double d) {
    value v;
    v.number = d;
    if (std::isfinite(d) && std::fabs(d) < 9e18) v.integer = std::llround(d);
    return v;
}
inline std::optional<value> load(const std::string& s) {
    value v;
    v.text = s;
    return v;
}
inline std::optional<value> load(const std::vector<std::string>& items) {
    value v;
    v.items = items;
    return v;
}
inline std::optional<value> load(const std::vector<std::pair<std::string, std::string>>& pairs) {
    value v;
    v.pairs = pairs;
    return v;
}
template <typename Int>
requires std::is_integral_v<Int> std::optional<value> load(Int i) {
    value v;
    v.integer = static_cast<std::int64_t>(i);
    v.number = static_cast<double>(i);
    return v;
}
template <typename T>
std::optional<value> load(const std::optional<T>& o) {
    if (!o) return std::nullopt;
    return load(*o);
}

// The member reached from `o` through a chain of member pointers.
template <auto First, auto... Rest, typename Obj>
decltype(auto) member_at(Obj& o) {
    if constexpr (sizeof...(Rest) == 0) {
        return (o.*First);
    } else {
        return member_at<Rest...>(o.*First);
    }
}

// A member nested in Target: set_in<&run_plan::load, &load_options::concurrency>,
// set_in<&run_plan::load, &load_options::warmup, &warmup_options::concurrency>.
template <auto... Path, typename Target>
void set_in(Target& t, value&& v) {
    store(member_at<Path...>(t), std::move(v));
}
template <auto... Path, typename Target>
std::optional<value> get_in(const Target& t) {
    return load(member_at<Path...>(t));
}
// A direct member of Target.
template <auto Field, typename Target>
void set_at(Target& t, value&& v) {
    store(t.*Field, std::move(v));
}
template <auto Field, typename Target>
std::optional<value> get_at(const Target& t) {
    return load(t.*Field);
}

}  // namespace ringperf::config::detail
