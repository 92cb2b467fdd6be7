// result<T>: a value or an error, for set-up and configuration paths and for
// functions whose failure the caller must look at. GCC 12 has no std::expected.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace ringperf {

// An error with a human-readable message that names the problem (flag, file:line:col, URL...).
struct error {
    std::string message;
};

template <typename T>
class [[nodiscard]] result {
  public:
    result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT implicit
    result(error e) : v_(std::in_place_index<1>, std::move(e)) {}      // NOLINT implicit

    bool ok() const noexcept { return v_.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T& value() & { return std::get<0>(v_); }
    const T& value() const& { return std::get<0>(v_); }
    T&& value() && { return std::get<0>(std::move(v_)); }
    T* operator->() { return &std::get<0>(v_); }
    const T* operator->() const { return &std::get<0>(v_); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    const error& err() const { return std::get<1>(v_); }
    const std::string& message() const { return err().message; }

  private:
    std::variant<T, error> v_;
};

template <>
class [[nodiscard]] result<void> {
  public:
    result() = default;
    result(error e) : e_(std::move(e)), ok_(false) {}  // NOLINT implicit

    bool ok() const noexcept { return ok_; }
    explicit operator bool() const noexcept { return ok_; }
    const error& err() const { return e_; }
    const std::string& message() const { return e_.message; }

  private:
    error e_;
    bool ok_ = true;
};

inline error make_error(std::string message) {
    return error{std::move(message)};
}

}  // namespace ringperf
