/*
 * Handing batches to JavaScript through a bounded threadsafe queue. When JavaScript falls that far
 * behind (a write storm), ordinary events are dropped and an overflow is reported in their place;
 * an event the guard acted on is never dropped, or a stopped process would go unexplained.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sentinel.h"
#include "sf_napi.h"

static const char *KINDS[] = {"write", "create", "delete", "rename", "overflow", "problem"};

static napi_value event_object(napi_env env, const sf_event *e) {
  napi_value o, null_value;
  napi_create_object(env, &o);
  napi_get_null(env, &null_value);
  sf_set(env, o, "kind", sf_str(env, KINDS[e->kind]));
  if (e->kind == SF_PROBLEM) {
    sf_set(env, o, "detail", sf_str(env, e->path));
    return o;
  }
  if (e->kind == SF_OVERFLOW) {
    if (e->path) sf_set(env, o, "detail", sf_str(env, e->path));
    sf_set(env, o, "at", sf_num(env, e->at));
    return o;
  }
  sf_set(env, o, "path", sf_str(env, e->path));
  if (e->old_path) sf_set(env, o, "oldPath", sf_str(env, e->old_path));
  sf_set(env, o, "isDir", sf_bool(env, e->is_dir));
  sf_set(env, o, "pid", e->pid > 0 ? sf_num(env, e->pid) : null_value);
  sf_set(env, o, "at", sf_num(env, e->at));
  if (e->guarded) sf_set(env, o, "suspendedByGuard", sf_bool(env, 1));
  return o;
}

void sf_call_js(napi_env env, napi_value callback, void *context, void *data) {
  (void)context;
  sf_batch *batch = data;
  if (env && callback) {
    napi_value list, undefined;
    napi_create_array_with_length(env, batch->len, &list);
    for (size_t i = 0; i < batch->len; i++)
      napi_set_element(env, list, (uint32_t)i, event_object(env, &batch->items[i]));
    napi_get_undefined(env, &undefined);
    napi_call_function(env, undefined, callback, 1, &list, NULL);
  }
  sf_batch_free_items(batch);
  free(batch);
}

/* Moves `from`'s events to the end of `to`; `from` is left empty. */
static void append(sf_batch *to, sf_batch *from) {
  for (size_t i = 0; i < from->len; i++) {
    sf_event *e = &from->items[i];
    sf_event *put = sf_batch_push(to, e->kind, e->path, e->old_path, e->is_dir, e->pid, e->at);
    if (put) put->guarded = e->guarded;
  }
  free(from->items);
  *from = (sf_batch){0};
}

/* A kernel overflow, a problem or an event the guard acted on: never dropped. */
static int essential(const sf_event *e) {
  return e->guarded || e->kind == SF_PROBLEM || (e->kind == SF_OVERFLOW && !e->path);
}

/* Keeps only the essential events, behind one notice counting every change dropped so far. */
static void keep_essential(sf_watcher *w, sf_batch *b) {
  sf_batch kept = {0};
  for (size_t i = 0; i < b->len; i++)
    if (!essential(&b->items[i]) && b->items[i].kind != SF_OVERFLOW) w->carry_lost++;
  if (w->carry_lost) {
    char detail[160];
    snprintf(detail, sizeof detail, "events arrived faster than they were taken; %zu change(s) were dropped",
             w->carry_lost);
    sf_batch_push(&kept, SF_OVERFLOW, sf_strdup(detail), NULL, 0, 0, sf_now_ms());
  }
  for (size_t i = 0; i < b->len; i++) {
    sf_event *e = &b->items[i];
    if (essential(e)) {
      sf_event *put = sf_batch_push(&kept, e->kind, e->path, e->old_path, e->is_dir, e->pid, e->at);
      if (put) put->guarded = e->guarded;
    } else {
      free(e->path);
      free(e->old_path);
    }
  }
  free(b->items);
  *b = kept;
  pthread_mutex_lock(&w->lock);
  w->lost_batches++;
  pthread_mutex_unlock(&w->lock);
}

/* Called by the reader thread only; takes the batch's events. */
void sf_deliver(sf_watcher *w, sf_batch *batch) {
  sf_batch out = w->carry;
  w->carry = (sf_batch){0};
  append(&out, batch);
  if (!out.len) return;
  sf_batch *owned = malloc(sizeof *owned);
  napi_status status = napi_generic_failure;
  if (owned) {
    *owned = out;
    status = napi_call_threadsafe_function(w->tsfn, owned, napi_tsfn_nonblocking);
    if (status == napi_ok) {
      w->carry_lost = 0;
      return;
    }
    free(owned);
  }
  if (status == napi_queue_full || !owned) {
    keep_essential(w, &out);
    w->carry = out;
  } else {
    sf_batch_free_items(&out); /* closing: nobody is listening any more */
  }
}
