#pragma once
// The one place the SDK relies on pplx's reserved `_Then`: a task-based continuation that runs on
// the thread that completed the antecedent (what pplx uses for its own internal continuations)
// instead of being posted to the pool. The transport uses it for its two per-request
// continuations, which saves two thread hand-offs per request. `inline_continuation_test.cpp`
// pins the behaviour relied on: the continuation runs inline on the completing thread, before
// the completion returns, and exactly once. If a pplx release changes that, the test fails and
// this function is the only thing to change (to `.then`, at the cost of the hand-offs).
#include <pplx/pplxtasks.h>
#include <utility>

namespace xbl::internal {

/// `task`'s continuation `continuation(pplx::task<T>)`, run inline on the completing thread. It
/// must do little work, never block, and observe the task (call `get`) so no exception is lost.
template <typename T, typename Continuation>
auto ThenInline(pplx::task<T> const& task, Continuation&& continuation) {
  // No cancellation token of its own (the request carries one); forced inline, pplx's default.
  return task._Then(std::forward<Continuation>(continuation), nullptr, pplx::details::_ForceInline);
}

}  // namespace xbl::internal
