/*
 * Marking a tree: each directory is marked first and listed second, so a subdirectory made while we
 * walk is either in the listing or reported by the mark already placed on its parent.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/fanotify.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>

#include "sentinel.h"
#include "handle_key.h"

/*
 * Marks one directory. Kernels 5.9–5.16 take FID groups but refuse FAN_RENAME in a mask (EINVAL): the
 * watcher then asks for MOVED_FROM/MOVED_TO, which the reader pairs into renames. 0 or an errno.
 */
int sf_mark_dir(sf_watcher *w, int fd) {
  pthread_mutex_lock(&w->lock);
  uint64_t mask = w->mark_mask;
  pthread_mutex_unlock(&w->lock);
  if (fanotify_mark(w->group_fd, FAN_MARK_ADD, mask, fd, NULL) == 0) return 0;
  int err = errno;
  if (err != EINVAL || !(mask & FAN_RENAME)) return err;
  if (fanotify_mark(w->group_fd, FAN_MARK_ADD, SF_MASK_MOVES, fd, NULL) != 0) return err;
  pthread_mutex_lock(&w->lock);
  w->mark_mask = SF_MASK_MOVES;
  pthread_mutex_unlock(&w->lock);
  return 0;
}

static void note_failure(sf_walk_result *r, const char *path, const char *what, int err) {
  if (r->failures++ == 0)
    snprintf(r->first_error, sizeof r->first_error, "%s %s: %s", what, path, strerror(err));
}

/* Marks one directory and records its handle. Returns an open fd for listing, or -1. */
static int mark_one(sf_watcher *w, const char *path, sf_walk_result *r) {
  int fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    /* Gone already (a quick mkdir/rmdir) is not a coverage gap. */
    if (errno != ENOENT && errno != ENOTDIR) note_failure(r, path, "cannot open", errno);
    return -1;
  }
  int err = sf_mark_dir(w, fd);
  if (err != 0) {
    note_failure(r, path, "cannot mark", err);
    close(fd);
    return -1;
  }
  unsigned char key[SF_KEY_MAX];
  size_t key_len = sf_key_of_fd(fd, key);
  if (!key_len) {
    note_failure(r, path, "cannot identify", errno);
    close(fd);
    return -1;
  }
  pthread_mutex_lock(&w->lock);
  int put = dm_put(&w->map, key, key_len, path);
  pthread_mutex_unlock(&w->lock);
  if (put != 0) {
    note_failure(r, path, "out of memory for", ENOMEM);
    close(fd);
    return -1;
  }
  r->directories++;
  return fd;
}

typedef struct {
  char **items;
  size_t len, cap;
} stack;

static int push(stack *s, char *item) {
  if (s->len == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 64;
    char **items = realloc(s->items, cap * sizeof *items);
    if (!items) return -1;
    s->items = items;
    s->cap = cap;
  }
  s->items[s->len++] = item;
  return 0;
}

static int is_directory(int dirfd, struct dirent *d) {
  if (d->d_type != DT_UNKNOWN) return d->d_type == DT_DIR;
  struct stat st;
  return fstatat(dirfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode);
}

/*
 * Marks `root` and every directory below it (symlinks are not followed). When `found` is given, every
 * entry below the root is reported into it as a create: a directory that appears while we watch
 * (made or moved in) may already hold files written before its mark existed.
 */
void sf_mark_tree(sf_watcher *w, const char *root, sf_batch *found, sf_walk_result *r) {
  stack todo = {0};
  char *first = sf_strdup(root);
  if (!first || push(&todo, first) != 0) {
    free(first);
    note_failure(r, root, "out of memory for", ENOMEM);
    return;
  }
  while (todo.len && !w->stopping) {
    char *dir = todo.items[--todo.len];
    int fd = mark_one(w, dir, r);
    DIR *listing = fd >= 0 ? fdopendir(fd) : NULL;
    if (fd >= 0 && !listing) close(fd);
    struct dirent *d;
    while (listing && (d = readdir(listing)) != NULL) {
      if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0) continue;
      int sub = is_directory(dirfd(listing), d);
      char *child = sf_join(dir, d->d_name);
      if (!child) continue;
      if (found) sf_batch_push(found, SF_CREATE, sf_strdup(child), NULL, sub, 0, sf_now_ms());
      if (!sub || push(&todo, child) != 0) free(child);
    }
    if (listing) closedir(listing);
    free(dir);
  }
  for (size_t i = 0; i < todo.len; i++) free(todo.items[i]);
  free(todo.items);
}
