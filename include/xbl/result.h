#pragma once
#include "xbl/error.h"
#include <cassert>
#include <type_traits>
#include <utility>
#include <variant>

namespace xbl {

/// A value of type T or an `Error`. Every asynchronous SDK call yields one, so that
/// no exception ever crosses a task boundary.
template <typename T>
class Result {
 public:
  static_assert(!std::is_same_v<T, Error>, "Result<Error> is ambiguous");

  /// An error (`kUnknown`, "no result"): pplx::task<T> needs a default-constructible T.
  Result() : state_(std::in_place_index<1>, Error(ErrorCode::kUnknown, "no result")) {}
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & { assert(ok()); return std::get<0>(state_); }
  T const& value() const& { assert(ok()); return std::get<0>(state_); }
  T&& value() && { assert(ok()); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  T const& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  T const* operator->() const { return &value(); }

  /// The error; only valid when `!ok()`.
  Error const& error() const& { assert(!ok()); return std::get<1>(state_); }
  Error&& error() && { assert(!ok()); return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

/// Success with no value, or an `Error`.
template <>
class Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT: implicit by design

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  Error const& error() const& { assert(!ok_); return error_; }
  Error&& error() && { assert(!ok_); return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

}  // namespace xbl
