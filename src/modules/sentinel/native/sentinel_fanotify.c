/*
 * N-API surface of the fanotify watcher: open(onBatch, options?) → handle; addRoots(handle, roots) →
 * Promise; setCanaries / setTrusted(handle, paths); setGuard(handle, enabled); stats(handle);
 * close(handle); probe(dir); isKernelThread(pid). Only node_api.h is used, so one build serves every
 * Node version with N-API 8.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "sentinel.h"
#include "sf_napi.h"

/*
 * Freed when nothing refers to it any more: the JS handle (until finalized) and each pending walk
 * (until its completion ran), so a walk finishing after close or GC never touches freed memory.
 */
typedef struct {
  sf_watcher core;
  napi_env env;
  int refs, closed;
} handle;

/* Marks our handles so a foreign object (another addon's external, a plain object) is refused. */
static const napi_type_tag HANDLE_TAG = {0x5e9f1a7c0d4b4e21ULL, 0x9a3c6e58b1f27d04ULL};
enum { DEFAULT_QUEUE_LIMIT = 1024, MAX_ARGS = 4 };

#define CHECK(call)                                                                                \
  do {                                                                                             \
    if ((call) != napi_ok) {                                                                       \
      napi_throw_error(env, "SENTINEL_NATIVE", "N-API call failed: " #call);                       \
      return NULL;                                                                                 \
    }                                                                                              \
  } while (0)

static napi_value throw_errno(napi_env env, const char *what, int err) {
  char message[256];
  snprintf(message, sizeof message, "%s: %s", what, strerror(err));
  napi_throw_error(env, err == EPERM ? "EPERM" : "SENTINEL_NATIVE", message);
  return NULL;
}

static void release_ref(handle *h) {
  pthread_mutex_lock(&h->core.lock);
  int left = --h->refs;
  pthread_mutex_unlock(&h->core.lock);
  if (left) return;
  pthread_cond_destroy(&h->core.walks_done);
  pthread_mutex_destroy(&h->core.lock);
  free(h);
}

/* Stops the reader, waits for running walks, then frees what they use. Idempotent, JS thread only. */
static void shutdown_handle(void *arg) {
  handle *h = arg;
  if (h->closed) return;
  h->closed = 1;
  napi_remove_env_cleanup_hook(h->env, shutdown_handle, h);
  pthread_mutex_lock(&h->core.lock);
  h->core.stopping = 1;
  pthread_mutex_unlock(&h->core.lock);
  uint64_t one = 1;
  if (write(h->core.wake_fd, &one, sizeof one) < 0) { /* the stopping flag still ends the loop */ }
  if (h->core.thread_started) pthread_join(h->core.thread, NULL);
  pthread_mutex_lock(&h->core.lock);
  while (h->core.walks > 0) pthread_cond_wait(&h->core.walks_done, &h->core.lock);
  pthread_mutex_unlock(&h->core.lock);
  napi_release_threadsafe_function(h->core.tsfn, napi_tsfn_release);
  close(h->core.group_fd);
  close(h->core.wake_fd);
  pthread_mutex_lock(&h->core.lock);
  dm_free(&h->core.map);
  strset_free(&h->core.canaries);
  strset_free(&h->core.trusted);
  sf_batch_free_items(&h->core.carry);
  pthread_mutex_unlock(&h->core.lock);
}

static void finalize_handle(napi_env env, void *data, void *hint) {
  (void)env;
  (void)hint;
  shutdown_handle(data);
  release_ref(data);
}

/* The handle in argv[0], with up to MAX_ARGS arguments copied into argv; NULL after throwing. */
static handle *unwrap(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = MAX_ARGS;
  /* napi_get_cb_info writes at most MAX_ARGS values and reports how many were passed. */
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < want) {
    napi_throw_type_error(env, NULL, "missing arguments");
    return NULL;
  }
  bool tagged = false;
  handle *h = NULL;
  napi_valuetype type = napi_undefined;
  if (napi_typeof(env, argv[0], &type) != napi_ok || type != napi_external ||
      napi_check_object_type_tag(env, argv[0], &HANDLE_TAG, &tagged) != napi_ok || !tagged ||
      napi_get_value_external(env, argv[0], (void **)&h) != napi_ok || !h) {
    napi_throw_type_error(env, NULL, "not a watcher handle");
    return NULL;
  }
  if (h->closed) {
    napi_throw_error(env, "SENTINEL_NATIVE", "the watcher is closed");
    return NULL;
  }
  return h;
}

static int bool_option(napi_env env, napi_value options, const char *key) {
  napi_value v;
  bool b = false;
  if (napi_get_named_property(env, options, key, &v) == napi_ok) napi_get_value_bool(env, v, &b);
  return b;
}

static uint32_t uint_option(napi_env env, napi_value options, const char *key, uint32_t otherwise) {
  napi_value v;
  uint32_t n = 0;
  if (napi_get_named_property(env, options, key, &v) != napi_ok || napi_get_value_uint32(env, v, &n) != napi_ok)
    return otherwise;
  return n ? n : otherwise;
}

static napi_value open_watcher(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value args[2], name, external;
  CHECK(napi_get_cb_info(env, info, &argc, args, NULL, NULL));
  napi_valuetype type = napi_undefined;
  if (argc >= 2) napi_typeof(env, args[1], &type);
  int legacy = type == napi_object && bool_option(env, args[1], "legacyRename");
  uint32_t queue = type == napi_object ? uint_option(env, args[1], "queueLimit", DEFAULT_QUEUE_LIMIT)
                                       : DEFAULT_QUEUE_LIMIT;
  handle *h = calloc(1, sizeof *h);
  if (!h) return throw_errno(env, "open", ENOMEM);
  h->env = env;
  h->refs = 1;
  sf_init_core(&h->core);
  if (legacy) h->core.mark_mask = SF_MASK_MOVES; /* what kernels before 5.17 get; for tests */
  h->core.group_fd = sf_init_group(&h->core.unlimited);
  if (h->core.group_fd < 0) {
    int err = errno;
    release_ref(h);
    return throw_errno(env, "fanotify_init", err);
  }
  h->core.wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  CHECK(napi_create_string_utf8(env, "sentinel-fanotify", NAPI_AUTO_LENGTH, &name));
  napi_threadsafe_function tsfn;
  if (h->core.wake_fd < 0 || napi_create_threadsafe_function(env, args[0], NULL, name, queue, 1, NULL, NULL,
                                                             h, sf_call_js, &tsfn) != napi_ok) {
    int err = errno;
    close(h->core.group_fd);
    if (h->core.wake_fd >= 0) close(h->core.wake_fd);
    release_ref(h);
    return throw_errno(env, "open", err ? err : EINVAL);
  }
  h->core.tsfn = tsfn;
  if (pthread_create(&h->core.thread, NULL, sf_reader_main, &h->core) == 0) h->core.thread_started = 1;
  napi_add_env_cleanup_hook(env, shutdown_handle, h);
  CHECK(napi_create_external(env, h, finalize_handle, NULL, &external));
  CHECK(napi_type_tag_object(env, external, &HANDLE_TAG));
  if (!h->core.thread_started) {
    shutdown_handle(h);
    return throw_errno(env, "pthread_create", EAGAIN);
  }
  return external;
}

static char **string_array(napi_env env, napi_value list, size_t *len) {
  uint32_t n = 0;
  if (napi_get_array_length(env, list, &n) != napi_ok) return NULL;
  char **items = calloc(n ? n : 1, sizeof *items);
  for (uint32_t i = 0; items && i < n; i++) {
    napi_value v;
    size_t size = 0;
    napi_get_element(env, list, i, &v);
    if (napi_get_value_string_utf8(env, v, NULL, 0, &size) != napi_ok || !(items[i] = malloc(size + 1))) {
      for (uint32_t j = 0; j < i; j++) free(items[j]);
      free(items);
      return NULL;
    }
    napi_get_value_string_utf8(env, v, items[i], size + 1, &size);
  }
  *len = n;
  return items;
}

static napi_value replace_set(napi_env env, napi_callback_info info, int canaries) {
  size_t len = 0;
  napi_value argv[MAX_ARGS];
  handle *h = unwrap(env, info, 2, argv);
  if (!h) return NULL;
  char **items = string_array(env, argv[1], &len);
  if (!items) {
    napi_throw_type_error(env, NULL, "expected an array of strings");
    return NULL;
  }
  pthread_mutex_lock(&h->core.lock);
  strset_replace(canaries ? &h->core.canaries : &h->core.trusted, items, len);
  pthread_mutex_unlock(&h->core.lock);
  return NULL;
}

static napi_value set_canaries(napi_env env, napi_callback_info info) { return replace_set(env, info, 1); }
static napi_value set_trusted(napi_env env, napi_callback_info info) { return replace_set(env, info, 0); }

static napi_value set_guard(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS];
  bool enabled = true;
  handle *h = unwrap(env, info, 2, argv);
  if (!h) return NULL;
  if (napi_get_value_bool(env, argv[1], &enabled) != napi_ok) {
    napi_throw_type_error(env, NULL, "expected a boolean");
    return NULL;
  }
  pthread_mutex_lock(&h->core.lock);
  h->core.guard_enabled = enabled;
  pthread_mutex_unlock(&h->core.lock);
  return NULL;
}

typedef struct {
  handle *h;
  char **roots;
  size_t len;
  sf_walk_result result;
  napi_deferred deferred;
  napi_async_work work;
} walk_job;

/* Worker thread. Counted while it runs, so shutdown never frees the map or closes the group under it. */
static void walk_execute(napi_env env, void *data) {
  (void)env;
  walk_job *job = data;
  sf_watcher *w = &job->h->core;
  pthread_mutex_lock(&w->lock);
  int run = !w->stopping;
  if (run) w->walks++;
  pthread_mutex_unlock(&w->lock);
  if (!run) return;
  for (size_t i = 0; i < job->len; i++) sf_mark_tree(w, job->roots[i], NULL, &job->result);
  pthread_mutex_lock(&w->lock);
  if (--w->walks == 0) pthread_cond_broadcast(&w->walks_done);
  pthread_mutex_unlock(&w->lock);
}

static void walk_complete(napi_env env, napi_status status, void *data) {
  walk_job *job = data;
  napi_value result;
  napi_create_object(env, &result);
  sf_set(env, result, "directories", sf_num(env, (double)job->result.directories));
  sf_set(env, result, "failures", sf_num(env, (double)job->result.failures));
  sf_set(env, result, "firstError", job->result.failures ? sf_str(env, job->result.first_error) : sf_str(env, NULL));
  if (status == napi_ok) napi_resolve_deferred(env, job->deferred, result);
  else napi_reject_deferred(env, job->deferred, sf_str(env, "the directory walk was cancelled"));
  napi_delete_async_work(env, job->work);
  release_ref(job->h);
  for (size_t i = 0; i < job->len; i++) free(job->roots[i]);
  free(job->roots);
  free(job);
}

static napi_value add_roots(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS], promise, name;
  handle *h = unwrap(env, info, 2, argv);
  if (!h) return NULL;
  walk_job *job = calloc(1, sizeof *job);
  if (!job || !(job->roots = string_array(env, argv[1], &job->len))) {
    free(job);
    napi_throw_type_error(env, NULL, "expected an array of root paths");
    return NULL;
  }
  job->h = h;
  CHECK(napi_create_promise(env, &job->deferred, &promise));
  CHECK(napi_create_string_utf8(env, "sentinel-mark", NAPI_AUTO_LENGTH, &name));
  CHECK(napi_create_async_work(env, NULL, name, walk_execute, walk_complete, job, &job->work));
  pthread_mutex_lock(&h->core.lock);
  h->refs++;
  pthread_mutex_unlock(&h->core.lock);
  if (napi_queue_async_work(env, job->work) != napi_ok) {
    release_ref(h);
    napi_throw_error(env, "SENTINEL_NATIVE", "the directory walk could not be queued");
    return NULL;
  }
  return promise;
}

static napi_value stats(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS], o;
  handle *h = unwrap(env, info, 1, argv);
  if (!h) return NULL;
  pthread_mutex_lock(&h->core.lock);
  double dirs = (double)h->core.map.count, overflows = (double)h->core.overflows,
         failures = (double)h->core.mark_failures, lost = (double)h->core.lost_batches;
  int rename_events = (h->core.mark_mask & FAN_RENAME) != 0;
  pthread_mutex_unlock(&h->core.lock);
  napi_create_object(env, &o);
  sf_set(env, o, "directories", sf_num(env, dirs));
  sf_set(env, o, "overflows", sf_num(env, overflows));
  sf_set(env, o, "markFailures", sf_num(env, failures));
  sf_set(env, o, "lostBatches", sf_num(env, lost));
  sf_set(env, o, "renameEvents", sf_bool(env, rename_events));
  sf_set(env, o, "unlimited", sf_bool(env, h->core.unlimited));
  return o;
}

static napi_value close_watcher(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS];
  handle *h = unwrap(env, info, 1, argv);
  if (h) shutdown_handle(h); /* a running walk sees `stopping` and ends at its next directory */
  return NULL;
}

NAPI_MODULE_INIT() {
  napi_property_descriptor props[] = {
      {"open", NULL, open_watcher, NULL, NULL, NULL, napi_default_jsproperty, NULL},
      {"addRoots", NULL, add_roots, NULL, NULL, NULL, napi_default_jsproperty, NULL},
      {"setCanaries", NULL, set_canaries, NULL, NULL, NULL, napi_default_jsproperty, NULL},
      {"setTrusted", NULL, set_trusted, NULL, NULL, NULL, napi_default_jsproperty, NULL},
      {"setGuard", NULL, set_guard, NULL, NULL, NULL, napi_default_jsproperty, NULL},
      {"stats", NULL, stats, NULL, NULL, NULL, napi_default_jsproperty, NULL},
      {"close", NULL, close_watcher, NULL, NULL, NULL, napi_default_jsproperty, NULL},
      {"probe", NULL, sf_probe, NULL, NULL, NULL, napi_default_jsproperty, NULL},
      {"isKernelThread", NULL, sf_is_kernel_thread, NULL, NULL, NULL, napi_default_jsproperty, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof *props, props);
  return exports;
}
