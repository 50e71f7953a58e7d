// Deadlines of every socket in one environment: an intrusive indexed
// min-heap. Each socket embeds one node per direction, so setting, moving
// and clearing a deadline is O(log n) and closing a socket never scans.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace gonet::loop {

struct DeadlineNode {
  static constexpr size_t kDetached = SIZE_MAX;
  int64_t when_us = 0;       // monotonic microseconds
  size_t index = kDetached;  // position in the heap, or kDetached
  bool armed() const { return index != kDetached; }
};

class DeadlineHeap {
 public:
  // Inserts `node` or moves it to its new time.
  void Set(DeadlineNode* node, int64_t when_us);
  void Remove(DeadlineNode* node);
  DeadlineNode* Top() const { return nodes_.empty() ? nullptr : nodes_[0]; }
  size_t size() const { return nodes_.size(); }

 private:
  void SiftUp(size_t i);
  void SiftDown(size_t i);
  void Place(size_t i, DeadlineNode* node);
  std::vector<DeadlineNode*> nodes_;
};

// CLOCK_MONOTONIC in microseconds: deadlines never move with wall-clock steps.
int64_t MonotonicMicros();

}  // namespace gonet::loop
