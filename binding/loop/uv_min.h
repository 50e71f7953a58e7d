// The handful of libuv functions gonet uses, declared by hand.
//
// Node-API builds compile against `node-api-headers`, which ships no uv.h.
// The node binary exports these symbols and libuv keeps its ABI stable
// across 1.x, so we declare them ourselves, treat handles as opaque and size
// them with uv_handle_size(). Values below match libuv 1.x's uv.h.
#pragma once

#include <cstddef>
#include <cstdint>

extern "C" {

typedef struct uv_loop_s uv_loop_t;
typedef struct uv_handle_s uv_handle_t;
typedef struct uv_poll_s uv_poll_t;
typedef struct uv_timer_s uv_timer_t;
typedef struct uv_idle_s uv_idle_t;
typedef struct uv_async_s uv_async_t;

// uv_handle_type: UV_UNKNOWN_HANDLE = 0, then UV_HANDLE_TYPE_MAP in order.
enum { GONET_UV_ASYNC = 1, GONET_UV_IDLE = 6, GONET_UV_POLL = 8, GONET_UV_TIMER = 13 };
// uv_poll_event
enum { GONET_UV_READABLE = 1 };

typedef void (*uv_close_cb)(uv_handle_t* handle);
typedef void (*uv_poll_cb)(uv_poll_t* handle, int status, int events);
typedef void (*uv_timer_cb)(uv_timer_t* handle);
typedef void (*uv_idle_cb)(uv_idle_t* handle);
typedef void (*uv_async_cb)(uv_async_t* handle);

size_t uv_handle_size(int type);
void* uv_handle_get_data(const uv_handle_t* handle);
void uv_handle_set_data(uv_handle_t* handle, void* data);
void uv_close(uv_handle_t* handle, uv_close_cb close_cb);
void uv_ref(uv_handle_t* handle);
void uv_unref(uv_handle_t* handle);
void uv_update_time(uv_loop_t* loop);

int uv_poll_init(uv_loop_t* loop, uv_poll_t* handle, int fd);
int uv_poll_start(uv_poll_t* handle, int events, uv_poll_cb cb);
int uv_poll_stop(uv_poll_t* handle);

int uv_timer_init(uv_loop_t* loop, uv_timer_t* handle);
int uv_timer_start(uv_timer_t* handle, uv_timer_cb cb, uint64_t timeout, uint64_t repeat);
int uv_timer_stop(uv_timer_t* handle);

int uv_idle_init(uv_loop_t* loop, uv_idle_t* handle);
int uv_idle_start(uv_idle_t* handle, uv_idle_cb cb);
int uv_idle_stop(uv_idle_t* handle);

// The one libuv call that is safe from another thread (Windows' waiter, loop/wake_win.cc).
int uv_async_init(uv_loop_t* loop, uv_async_t* handle, uv_async_cb cb);
int uv_async_send(uv_async_t* handle);

}  // extern "C"
