/*
 * The directory map lets an event's directory handle become a path without open_by_handle_at, which
 * would cost a syscall per event and fail for directories already gone.
 */
#define _GNU_SOURCE
#include <stdlib.h>
#include <string.h>

#include "sentinel.h"

static uint64_t fnv1a(const unsigned char *key, size_t len) {
  uint64_t h = 1469598103934665603ULL;
  for (size_t i = 0; i < len; i++) h = (h ^ key[i]) * 1099511628211ULL;
  return h;
}

static int grow(dirmap *m) {
  size_t n = m->nbuckets ? m->nbuckets * 2 : 1024;
  dm_entry **b = calloc(n, sizeof *b);
  if (!b) return -1;
  for (size_t i = 0; i < m->nbuckets; i++) {
    dm_entry *e = m->buckets[i];
    while (e) {
      dm_entry *next = e->next;
      e->next = b[e->hash & (n - 1)];
      b[e->hash & (n - 1)] = e;
      e = next;
    }
  }
  free(m->buckets);
  m->buckets = b;
  m->nbuckets = n;
  return 0;
}

static dm_entry *find(dirmap *m, const unsigned char *key, size_t key_len, uint64_t h) {
  if (!m->nbuckets) return NULL;
  for (dm_entry *e = m->buckets[h & (m->nbuckets - 1)]; e; e = e->next)
    if (e->hash == h && e->key_len == key_len && memcmp(e->key, key, key_len) == 0) return e;
  return NULL;
}

int dm_put(dirmap *m, const unsigned char *key, size_t key_len, const char *path) {
  uint64_t h = fnv1a(key, key_len);
  char *copy = strdup(path);
  if (!copy) return -1;
  dm_entry *e = find(m, key, key_len, h);
  if (e) {
    free(e->path);
    e->path = copy;
    return 0;
  }
  if ((m->count + 1) * 2 > m->nbuckets && grow(m) != 0) {
    free(copy);
    return -1;
  }
  e = malloc(sizeof *e + key_len);
  if (!e) {
    free(copy);
    return -1;
  }
  e->hash = h;
  e->key_len = key_len;
  memcpy(e->key, key, key_len);
  e->path = copy;
  e->next = m->buckets[h & (m->nbuckets - 1)];
  m->buckets[h & (m->nbuckets - 1)] = e;
  m->count++;
  return 0;
}

char *dm_get_copy(dirmap *m, const unsigned char *key, size_t key_len) {
  dm_entry *e = find(m, key, key_len, fnv1a(key, key_len));
  return e ? strdup(e->path) : NULL;
}

/* 1 when `path` is `prefix` itself or lies under it. */
int sf_under(const char *path, const char *prefix, size_t plen) {
  return strncmp(path, prefix, plen) == 0 && (path[plen] == '\0' || path[plen] == '/');
}

void dm_rename_prefix(dirmap *m, const char *from, const char *to) {
  size_t flen = strlen(from), tlen = strlen(to);
  for (size_t i = 0; i < m->nbuckets; i++) {
    for (dm_entry *e = m->buckets[i]; e; e = e->next) {
      if (!sf_under(e->path, from, flen)) continue;
      size_t rest = strlen(e->path + flen);
      char *p = malloc(tlen + rest + 1);
      if (!p) continue;
      memcpy(p, to, tlen);
      memcpy(p + tlen, e->path + flen, rest + 1);
      free(e->path);
      e->path = p;
    }
  }
}

void dm_remove_prefix(dirmap *m, const char *path) {
  size_t plen = strlen(path);
  for (size_t i = 0; i < m->nbuckets; i++) {
    dm_entry **link = &m->buckets[i];
    while (*link) {
      dm_entry *e = *link;
      if (sf_under(e->path, path, plen)) {
        *link = e->next;
        free(e->path);
        free(e);
        m->count--;
      } else {
        link = &e->next;
      }
    }
  }
}

/* Call with the watcher's lock held: a reader or a walk may still look up. */
void dm_free(dirmap *m) {
  for (size_t i = 0; i < m->nbuckets; i++) {
    dm_entry *e = m->buckets[i];
    while (e) {
      dm_entry *next = e->next;
      free(e->path);
      free(e);
      e = next;
    }
  }
  free(m->buckets);
  m->buckets = NULL;
  m->nbuckets = m->count = 0;
}
