/*
 * Opening a fanotify group the way the watcher does, and the checks JavaScript makes before trusting
 * it: one real mark on a scratch directory (probe), and whether a pid is a kernel thread.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "sentinel.h"
#include "sf_napi.h"

/*
 * As root the group gets an unlimited queue and marks: a canary's event must not be dropped while
 * the reader walks a big folder that was moved in. Without the privilege, the ordinary limits.
 */
int sf_init_group(int *unlimited) {
  unsigned base = FAN_CLASS_NOTIF | FAN_REPORT_DFID_NAME | FAN_NONBLOCK | FAN_CLOEXEC;
  unsigned flags = O_RDONLY | O_LARGEFILE | O_CLOEXEC;
  int fd = fanotify_init(base | FAN_UNLIMITED_QUEUE | FAN_UNLIMITED_MARKS, flags);
  *unlimited = fd >= 0;
  return fd >= 0 ? fd : fanotify_init(base, flags);
}

void sf_init_core(sf_watcher *w) {
  w->self_pid = getpid();
  w->guard_enabled = 1;
  w->mark_mask = SF_MASK_RENAME;
  pthread_mutex_init(&w->lock, NULL);
  pthread_cond_init(&w->walks_done, NULL);
}

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(err));
  napi_throw_error(env, err == EPERM ? "EPERM" : "SENTINEL_NATIVE", message);
  return NULL;
}

/* Marks `dir` once in a throwaway group, as the watcher would: proves fanotify can watch here. */
napi_value sf_probe(napi_env env, napi_callback_info info) {
  size_t argc = 1, len = 0;
  napi_value arg, o;
  char dir[4096];
  if (napi_get_cb_info(env, info, &argc, &arg, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_value_string_utf8(env, arg, dir, sizeof dir, &len) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected a directory path");
    return NULL;
  }
  sf_watcher w = {0};
  sf_init_core(&w);
  w.group_fd = sf_init_group(&w.unlimited);
  int err = w.group_fd < 0 ? errno : 0;
  const char *step = "fanotify_init";
  if (!err) {
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    step = "open";
    err = fd < 0 ? errno : 0;
    if (fd >= 0 && (err = sf_mark_dir(&w, fd)) != 0) step = "fanotify_mark";
    if (fd >= 0) close(fd);
    close(w.group_fd);
  }
  int rename_events = (w.mark_mask & FAN_RENAME) != 0;
  pthread_cond_destroy(&w.walks_done);
  pthread_mutex_destroy(&w.lock);
  if (err) return throw_errno(env, step, err);
  napi_create_object(env, &o);
  sf_set(env, o, "renameEvents", sf_bool(env, rename_events));
  sf_set(env, o, "unlimited", sf_bool(env, w.unlimited));
  return o;
}

napi_value sf_is_kernel_thread(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value arg;
  int32_t pid = 0;
  if (napi_get_cb_info(env, info, &argc, &arg, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_value_int32(env, arg, &pid) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected a pid");
    return NULL;
  }
  return sf_bool(env, pid > 0 && sf_kernel_thread(pid));
}
