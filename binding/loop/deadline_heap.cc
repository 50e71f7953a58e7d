#include "loop/deadline_heap.h"

#include <time.h>

namespace gonet::loop {

int64_t MonotonicMicros() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<int64_t>(ts.tv_sec) * 1000000 + ts.tv_nsec / 1000;
}

void DeadlineHeap::Place(size_t i, DeadlineNode* node) {
  nodes_[i] = node;
  node->index = i;
}

void DeadlineHeap::SiftUp(size_t i) {
  DeadlineNode* node = nodes_[i];
  while (i > 0) {
    size_t parent = (i - 1) / 2;
    if (nodes_[parent]->when_us <= node->when_us) break;
    Place(i, nodes_[parent]);
    i = parent;
  }
  Place(i, node);
}

void DeadlineHeap::SiftDown(size_t i) {
  DeadlineNode* node = nodes_[i];
  const size_t n = nodes_.size();
  for (;;) {
    size_t child = 2 * i + 1;
    if (child >= n) break;
    if (child + 1 < n && nodes_[child + 1]->when_us < nodes_[child]->when_us) child++;
    if (node->when_us <= nodes_[child]->when_us) break;
    Place(i, nodes_[child]);
    i = child;
  }
  Place(i, node);
}

void DeadlineHeap::Set(DeadlineNode* node, int64_t when_us) {
  if (!node->armed()) {
    node->when_us = when_us;
    nodes_.push_back(node);
    SiftUp(nodes_.size() - 1);
    return;
  }
  const bool earlier = when_us < node->when_us;
  node->when_us = when_us;
  if (earlier) {
    SiftUp(node->index);
  } else {
    SiftDown(node->index);
  }
}

void DeadlineHeap::Remove(DeadlineNode* node) {
  if (!node->armed()) return;
  const size_t i = node->index;
  DeadlineNode* last = nodes_.back();
  nodes_.pop_back();
  node->index = DeadlineNode::kDetached;
  if (last == node) return;
  Place(i, last);
  // The moved node may belong above or below its new position.
  SiftUp(i);
  SiftDown(last->index);
}

}  // namespace gonet::loop
