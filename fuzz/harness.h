// What the harnesses share: a reader over libFuzzer's input, heap blocks of
// exactly the size the code under test is told (so ASan reports a read one
// byte past it), and CHECK for the invariants a decoder promises.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace fuzz {

// abort() is a finding: libFuzzer saves the input as crash-<sha1>.
#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "invariant failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      std::abort();                                                                 \
    }                                                                               \
  } while (0)

// Little-endian fields taken from the front of the input; zeros once it runs out.
class Input {
 public:
  Input(const uint8_t* data, size_t size) : p_(data), n_(size) {}
  uint8_t U8() { return n_ ? (n_--, *p_++) : 0; }
  uint16_t U16() { return static_cast<uint16_t>(U8() | (U8() << 8)); }
  uint32_t U32() { return U16() | (static_cast<uint32_t>(U16()) << 16); }
  // Up to `len` bytes of the rest; *got says how many there were.
  const uint8_t* Take(size_t len, size_t* got) {
    *got = len < n_ ? len : n_;
    const uint8_t* at = p_;
    p_ += *got;
    n_ -= *got;
    return at;
  }
  size_t left() const { return n_; }

 private:
  const uint8_t* p_;
  size_t n_;
};

// `size` bytes on the heap holding `src` (`avail` bytes of it), zeros after.
// malloc's alignment is the strictest any decoder needs.
class Block {
 public:
  Block(size_t size, const uint8_t* src, size_t avail) : size_(size), p_(static_cast<uint8_t*>(std::malloc(size))) {
    if (!p_ && size) std::abort();  // under ASan, malloc(0) is a block no byte of which may be read
    std::memset(p_, 0, size);
    if (avail && size) std::memcpy(p_, src, avail < size ? avail : size);
  }
  ~Block() { std::free(p_); }
  Block(const Block&) = delete;
  Block& operator=(const Block&) = delete;
  uint8_t* data() { return p_; }
  size_t size() const { return size_; }
  template <typename T>
  T& as() {
    return *reinterpret_cast<T*>(p_);
  }

 private:
  size_t size_;
  uint8_t* p_;
};

}  // namespace fuzz
