#pragma once
#include "xbl/error.h"
#include <cstdio>
#include <cstdlib>
#include <type_traits>
#include <utility>
#include <variant>

namespace xbl {

namespace internal {
/// Reading the wrong side of a Result is a bug in the caller: stop at once, in every build, and
/// say what happened, rather than read a variant that holds something else.
[[noreturn]] inline void AbortOnResultMisuse(char const* what, char const* detail) {
  std::fprintf(stderr, "xbl::Result misuse: %s%s%s\n", what, detail[0] ? ": " : "", detail);
  std::fflush(stderr);
  std::abort();
}
}  // namespace internal

/// The error type a `Result<T>` carries: `Error`, unless a service declares a richer one for
/// its own T (a specialization beside T's definition, e.g. session calls carry
/// `multiplayer::SessionError`, which adds the current session of a 412).
template <typename T>
struct ResultError {
  using type = Error;
};

/// A value of type T or an error of type E (an `Error` or a type derived from it). Every
/// asynchronous SDK call yields one, so that no exception ever crosses a task boundary.
template <typename T, typename E = typename ResultError<T>::type>
class [[nodiscard]] Result {
 public:
  static_assert(!std::is_base_of_v<Error, T>, "Result<Error> is ambiguous");
  static_assert(std::is_base_of_v<Error, E>, "a Result's error type derives from xbl::Error");

  /// An error (`kUnknown`, "no result"): pplx::task<T> needs a default-constructible T.
  Result() : state_(std::in_place_index<1>, E(Error(ErrorCode::kUnknown, "no result"))) {}
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(E error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT
  /// Any other error (a plain `Error` where E is richer): its details beyond `Error` stay empty.
  template <typename Other, std::enable_if_t<std::is_base_of_v<Error, Other> && !std::is_same_v<Other, E> &&
                                                 std::is_constructible_v<E, Other>,
                                             int> = 0>
  Result(Other error) : state_(std::in_place_index<1>, E(std::move(error))) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  /// The value; calling it on an error aborts the process with the error's message (every build).
  T& value() & { RequireValue(); return *std::get_if<0>(&state_); }
  T const& value() const& { RequireValue(); return *std::get_if<0>(&state_); }
  T&& value() && { RequireValue(); return std::move(*std::get_if<0>(&state_)); }
  T& operator*() & { return value(); }
  T const& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  T const* operator->() const { return &value(); }

  /// The error; calling it on a value aborts the process (every build).
  E const& error() const& { RequireError(); return *std::get_if<1>(&state_); }
  E&& error() && { RequireError(); return std::move(*std::get_if<1>(&state_)); }

 private:
  void RequireValue() const {
    if (auto const* e = std::get_if<1>(&state_)) internal::AbortOnResultMisuse("value() on an error", e->message.c_str());
  }
  void RequireError() const {
    if (!ok()) return;
    internal::AbortOnResultMisuse("error() on a value", "");
  }

  std::variant<T, E> state_;
};

/// Success with no value, or an `Error`.
template <typename E>
class [[nodiscard]] Result<void, E> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  /// The error; calling it on a success aborts the process (every build).
  Error const& error() const& { RequireError(); return error_; }
  Error&& error() && { RequireError(); return std::move(error_); }

 private:
  void RequireError() const {
    if (ok_) internal::AbortOnResultMisuse("error() on a success", "");
  }

  Error error_;
  bool ok_ = true;
};

}  // namespace xbl
