#pragma once
#include <functional>
#include <utility>

namespace xbl::multiplayer {

/// Keeps one registered handler registered: destroying the token (or `Reset`) removes it. After
/// that the handler is not called for any event delivered later; a call already running finishes.
/// Move-only; a default-constructed or moved-from token holds nothing. Safe to destroy on any
/// thread, inside the handler itself included, and after the service that issued it is gone.
class [[nodiscard]] HandlerToken {
 public:
  HandlerToken() = default;
  /// `remove` runs once, when the token lets go of the handler.
  explicit HandlerToken(std::function<void()> remove) : remove_(std::move(remove)) {}
  HandlerToken(HandlerToken&& other) noexcept : remove_(std::exchange(other.remove_, nullptr)) {}
  HandlerToken& operator=(HandlerToken&& other) noexcept {
    if (this != &other) {
      Reset();
      remove_ = std::exchange(other.remove_, nullptr);
    }
    return *this;
  }
  HandlerToken(HandlerToken const&) = delete;
  HandlerToken& operator=(HandlerToken const&) = delete;
  ~HandlerToken() { Reset(); }

  /// Removes the handler now (nothing if it was removed already).
  void Reset() noexcept {
    auto remove = std::exchange(remove_, nullptr);
    if (remove) remove();
  }
  /// True while the token holds a handler.
  explicit operator bool() const { return static_cast<bool>(remove_); }

 private:
  std::function<void()> remove_;
};

}  // namespace xbl::multiplayer
