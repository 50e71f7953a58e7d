// A FIFO of parked operations. Two empty pointers per direction: an idle
// connection costs 32 bytes here (std::deque would pre-allocate a block),
// and nodes are allocated only when an operation really has to wait.
#pragma once

#include <node_api.h>

#include <cstddef>

#include "io/result.h"

namespace gonet::io {

struct Op {
  OpKind kind;
  napi_ref buffer;  // the caller's pinned buffer; null when none is held
  size_t length;    // bytes wanted (read) or to send (write)
  size_t done;      // bytes already sent (write)
};

class OpQueue {
 public:
  OpQueue() = default;
  OpQueue(const OpQueue&) = delete;
  OpQueue& operator=(const OpQueue&) = delete;
  ~OpQueue() { clear(); }

  bool empty() const { return head_ == nullptr; }
  Op& front() { return head_->op; }
  void push_back(const Op& op) {
    auto* node = new Node{op, nullptr};
    if (tail_) {
      tail_->next = node;
    } else {
      head_ = node;
    }
    tail_ = node;
  }
  Op pop_front() {
    Node* node = head_;
    Op op = node->op;
    head_ = node->next;
    if (!head_) tail_ = nullptr;
    delete node;
    return op;
  }
  void clear() {
    while (!empty()) pop_front();
  }

 private:
  struct Node {
    Op op;
    Node* next;
  };
  Node* head_ = nullptr;
  Node* tail_ = nullptr;
};

}  // namespace gonet::io
