/*
 * The reader thread: waits on the fanotify group, turns each event into activity with absolute paths,
 * marks new directories at once, lets the guard stop a canary's writer, and hands batches to JS.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "sentinel.h"
#include "handle_key.h"

double sf_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec * 1000.0 + (double)(ts.tv_nsec / 1000000);
}

char *sf_strdup(const char *s) { return s ? strdup(s) : NULL; }

char *sf_join(const char *dir, const char *name) {
  size_t dl = strlen(dir), nl = strlen(name);
  char *p = malloc(dl + nl + 2);
  if (!p) return NULL;
  memcpy(p, dir, dl);
  size_t at = dl;
  if (dl == 0 || dir[dl - 1] != '/') p[at++] = '/';
  memcpy(p + at, name, nl + 1);
  return p;
}

sf_event *sf_batch_push(sf_batch *b, int kind, char *path, char *old_path, int is_dir, int pid, double at) {
  if (b->len == b->cap) {
    size_t cap = b->cap ? b->cap * 2 : 64;
    sf_event *items = realloc(b->items, cap * sizeof *items);
    if (!items) {
      free(path);
      free(old_path);
      return NULL;
    }
    b->items = items;
    b->cap = cap;
  }
  b->items[b->len] = (sf_event){kind, path, old_path, is_dir, pid, at, 0};
  return &b->items[b->len++];
}

void sf_batch_free_items(sf_batch *b) {
  for (size_t i = 0; i < b->len; i++) {
    free(b->items[i].path);
    free(b->items[i].old_path);
  }
  free(b->items);
  b->items = NULL;
  b->len = b->cap = 0;
}

/* A repeated write of the same file by the same pid in one batch adds nothing but volume. */
static int coalesced_write(sf_batch *b, const char *path, int pid, int guarded) {
  size_t floor = b->len > 32 ? b->len - 32 : 0;
  for (size_t i = b->len; i-- > floor;) {
    sf_event *e = &b->items[i];
    if (!e->path || strcmp(e->path, path) != 0) continue;
    if (e->kind != SF_WRITE || e->pid != pid) return 0;
    e->guarded |= guarded;
    return 1;
  }
  return 0;
}

/*
 * Guard first, then queue: the stop never waits for JavaScript. `guardable`: a real modification,
 * a delete or a rename (a close after a read-write open that wrote nothing is not one). Takes
 * ownership of the strings.
 */
static void emit(sf_watcher *w, sf_batch *b, int kind, char *path, char *old_path, int is_dir, int pid,
                 int guardable) {
  int guarded = 0;
  if (!path) {
    free(old_path);
    return;
  }
  if (guardable) {
    pthread_mutex_lock(&w->lock);
    guarded = guard_stop_if_untrusted(w, pid, path, old_path);
    pthread_mutex_unlock(&w->lock);
  }
  if (kind == SF_WRITE && coalesced_write(b, path, pid, guarded)) {
    free(path);
    return;
  }
  sf_event *e = sf_batch_push(b, kind, path, old_path, is_dir, pid, sf_now_ms());
  if (e) e->guarded = guarded;
}

static void watch_new_directory(sf_watcher *w, sf_batch *b, const char *path) {
  sf_walk_result r = {0};
  sf_mark_tree(w, path, b, &r);
  if (!r.failures) return;
  pthread_mutex_lock(&w->lock);
  w->mark_failures += r.failures;
  pthread_mutex_unlock(&w->lock);
  sf_batch_push(b, SF_PROBLEM, sf_strdup(r.first_error), NULL, 1, 0, sf_now_ms());
}

static void forget_directory(sf_watcher *w, const char *path) {
  pthread_mutex_lock(&w->lock);
  dm_remove_prefix(&w->map, path);
  pthread_mutex_unlock(&w->lock);
}

/* The absolute path an info record names, or NULL when its directory is not one we marked. */
static char *resolve(sf_watcher *w, const struct fanotify_event_info_fid *info) {
  if (!info) return NULL;
  const struct file_handle *fh = (const struct file_handle *)info->handle;
  const char *name = (const char *)fh->f_handle + fh->handle_bytes;
  unsigned char key[SF_KEY_MAX];
  size_t key_len = sf_key_build(&info->fsid, fh->handle_type, fh->f_handle, fh->handle_bytes, key);
  if (!key_len) return NULL;
  pthread_mutex_lock(&w->lock);
  char *dir = dm_get_copy(&w->map, key, key_len);
  pthread_mutex_unlock(&w->lock);
  if (!dir || !name[0] || strcmp(name, ".") == 0) return dir;
  char *path = sf_join(dir, name);
  free(dir);
  return path;
}

/* 1 when the directory at `path` is in the map (it was marked before). */
static int known_directory(sf_watcher *w, const char *path) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return 1; /* gone again: nothing left to mark */
  unsigned char key[SF_KEY_MAX];
  size_t key_len = sf_key_of_fd(fd, key);
  close(fd);
  pthread_mutex_lock(&w->lock);
  char *known = key_len ? dm_get_copy(&w->map, key, key_len) : NULL;
  pthread_mutex_unlock(&w->lock);
  free(known);
  return known != NULL;
}

static void handle_rename(sf_watcher *w, sf_batch *b, char *from, char *to, int is_dir, int pid) {
  if (from && to) {
    if (is_dir) {
      /* One lock for both: no event is judged against the old canary paths after the map moved. */
      pthread_mutex_lock(&w->lock);
      dm_rename_prefix(&w->map, from, to);
      guard_rename_prefix(&w->canaries, from, to);
      pthread_mutex_unlock(&w->lock);
    }
    /* Made and renamed before its create was read: it was never marked. */
    int unmarked = is_dir && !known_directory(w, to);
    char *target = unmarked ? sf_strdup(to) : NULL;
    emit(w, b, SF_RENAME, to, from, is_dir, pid, 1);
    if (target) watch_new_directory(w, b, target);
    free(target);
  } else if (to) { /* moved in from outside the watched tree */
    emit(w, b, SF_CREATE, sf_strdup(to), NULL, is_dir, pid, 0);
    if (is_dir) watch_new_directory(w, b, to);
    free(to);
  } else if (from) { /* moved out */
    if (is_dir) forget_directory(w, from);
    emit(w, b, SF_DELETE, from, NULL, is_dir, pid, 1);
  }
}

/*
 * Without FAN_RENAME (kernels before 5.17) a rename is a MOVED_FROM followed by its MOVED_TO, queued
 * back to back by the same task; an unpaired half is a move out of or into the watched tree.
 */
typedef struct {
  char *from;
  int is_dir, pid, set;
} pending_move;

static void flush_move(sf_watcher *w, sf_batch *b, pending_move *p) {
  if (!p->set) return;
  p->set = 0;
  handle_rename(w, b, p->from, NULL, p->is_dir, p->pid);
  p->from = NULL;
}

static void handle_move(sf_watcher *w, sf_batch *b, pending_move *p, uint64_t mask, char *path, int is_dir,
                        int pid) {
  if (mask & FAN_MOVED_FROM) {
    flush_move(w, b, p);
    *p = (pending_move){path, is_dir, pid, 1};
    return;
  }
  if (p->set && p->pid == pid && p->is_dir == is_dir) {
    p->set = 0;
    handle_rename(w, b, p->from, path, is_dir, pid);
    p->from = NULL;
    return;
  }
  flush_move(w, b, p);
  handle_rename(w, b, NULL, path, is_dir, pid);
}

static void handle_entry(sf_watcher *w, sf_batch *b, uint64_t mask, char *path, int is_dir, int pid) {
  int created = (mask & FAN_CREATE) != 0, deleted = (mask & FAN_DELETE) != 0;
  int written = (mask & (FAN_MODIFY | FAN_CLOSE_WRITE)) != 0, modified = (mask & FAN_MODIFY) != 0;
  struct stat st;
  /* Merged create+delete: if the name exists now, the delete came first (a replaced file). */
  int replaced = created && deleted && fstatat(AT_FDCWD, path, &st, AT_SYMLINK_NOFOLLOW) == 0;
  if (deleted && replaced) emit(w, b, SF_DELETE, sf_strdup(path), NULL, is_dir, pid, 1);
  if (created) {
    emit(w, b, SF_CREATE, sf_strdup(path), NULL, is_dir, pid, 0);
    if (is_dir) watch_new_directory(w, b, path);
  }
  if (written && !is_dir) emit(w, b, SF_WRITE, sf_strdup(path), NULL, 0, pid, modified);
  if (deleted && !replaced) {
    if (is_dir) forget_directory(w, path);
    emit(w, b, SF_DELETE, sf_strdup(path), NULL, is_dir, pid, 1);
  }
  free(path);
}

static void handle_event(sf_watcher *w, const struct fanotify_event_metadata *m, sf_batch *b,
                         pending_move *p) {
  if (m->mask & FAN_Q_OVERFLOW) {
    pthread_mutex_lock(&w->lock);
    w->overflows++;
    pthread_mutex_unlock(&w->lock);
    sf_batch_push(b, SF_OVERFLOW, NULL, NULL, 0, 0, sf_now_ms());
    return;
  }
  const struct fanotify_event_info_fid *entry = NULL, *old = NULL, *neu = NULL;
  for (size_t off = m->metadata_len; off + sizeof(struct fanotify_event_info_header) <= m->event_len;) {
    const struct fanotify_event_info_header *h = (const void *)((const char *)m + off);
    if (h->len == 0) break;
    const struct fanotify_event_info_fid *fid = (const void *)h;
    if (h->info_type == FAN_EVENT_INFO_TYPE_DFID_NAME) entry = fid;
    if (h->info_type == FAN_EVENT_INFO_TYPE_OLD_DFID_NAME) old = fid;
    if (h->info_type == FAN_EVENT_INFO_TYPE_NEW_DFID_NAME) neu = fid;
    off += h->len;
  }
  int is_dir = (m->mask & FAN_ONDIR) != 0;
  uint64_t moves = m->mask & (FAN_MOVED_FROM | FAN_MOVED_TO);
  if (!moves) flush_move(w, b, p);
  if (m->mask & FAN_RENAME) handle_rename(w, b, resolve(w, old), resolve(w, neu), is_dir, m->pid);
  if (moves && entry) {
    char *moved = resolve(w, entry);
    if (moved) handle_move(w, b, p, moves, moved, is_dir, m->pid);
  }
  char *path = (m->mask & ~moves & ~(uint64_t)FAN_ONDIR) ? resolve(w, entry) : NULL;
  if (path) handle_entry(w, b, m->mask, path, is_dir, m->pid);
}

/*
 * Reads until the queue is empty or a batch is big enough to hand over. A MOVED_FROM still unpaired
 * when the queue runs dry gets one short wait for its MOVED_TO (the kernel queues both in one rename).
 */
static void drain(sf_watcher *w, sf_batch *b) {
  static const size_t BATCH_LIMIT = 4096;
  long aligned[64 * 1024 / sizeof(long)];
  char *buf = (char *)aligned;
  pending_move pending = {0};
  int waited = 0;
  while (b->len < BATCH_LIMIT && !w->stopping) {
    ssize_t len = read(w->group_fd, buf, sizeof aligned);
    if (len <= 0) {
      if (!pending.set || waited++) break;
      struct pollfd one = {.fd = w->group_fd, .events = POLLIN};
      if (poll(&one, 1, 5) <= 0) break;
      continue;
    }
    const struct fanotify_event_metadata *m = (const void *)buf;
    for (; FAN_EVENT_OK(m, len); m = FAN_EVENT_NEXT(m, len)) {
      if (m->vers != FANOTIFY_METADATA_VERSION) continue;
      if (m->fd >= 0) close(m->fd);
      handle_event(w, m, b, &pending);
    }
  }
  flush_move(w, b, &pending);
}

void *sf_reader_main(void *arg) {
  sf_watcher *w = arg;
  struct pollfd fds[2] = {{.fd = w->group_fd, .events = POLLIN}, {.fd = w->wake_fd, .events = POLLIN}};
  while (!w->stopping) {
    /* Events JavaScript could not take yet are offered again even when the share is quiet. */
    int ready = poll(fds, 2, w->carry.len ? 20 : -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (fds[1].revents) break;
    sf_batch batch = {0};
    if (ready > 0) drain(w, &batch);
    if (batch.len || w->carry.len) sf_deliver(w, &batch);
    else sf_batch_free_items(&batch);
  }
  return NULL;
}
