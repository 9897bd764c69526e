/*
 * Shared shapes of the fanotify addon. The reader thread owns the fanotify group; the JS thread only
 * adds roots, swaps the guard's sets and closes. Everything the two share sits behind `lock`.
 */
#ifndef SENTINEL_H
#define SENTINEL_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/fanotify.h>

/* Older kernel headers: the values are the kernel's ABI, the reader copes when marks refuse them. */
#ifndef FAN_RENAME
#define FAN_RENAME 0x10000000
#endif
#ifndef FAN_EVENT_INFO_TYPE_OLD_DFID_NAME
#define FAN_EVENT_INFO_TYPE_OLD_DFID_NAME 10
#define FAN_EVENT_INFO_TYPE_NEW_DFID_NAME 12
#endif

enum sf_kind { SF_WRITE, SF_CREATE, SF_DELETE, SF_RENAME, SF_OVERFLOW, SF_PROBLEM };

typedef struct {
  int kind;
  char *path;     /* absolute; for SF_PROBLEM the message */
  char *old_path; /* rename only */
  int is_dir;
  int pid; /* 0 when unknown (entries found by scanning a new directory) */
  double at;
  int guarded;
} sf_event;

typedef struct {
  sf_event *items;
  size_t len, cap;
} sf_batch;

/* Directory handle → absolute path. Keys are fsid + handle type + handle bytes. */
typedef struct dm_entry {
  struct dm_entry *next;
  uint64_t hash;
  char *path;
  size_t key_len;
  unsigned char key[];
} dm_entry;

typedef struct {
  dm_entry **buckets;
  size_t nbuckets, count;
} dirmap;

typedef struct {
  char **items; /* sorted, for bsearch */
  size_t len;
} strset;

typedef struct {
  int group_fd, wake_fd;
  pthread_t thread;
  int thread_started;
  volatile int stopping;
  pthread_mutex_t lock; /* guards map, canaries, trusted, counters, mark_mask, walks */
  dirmap map;
  strset canaries, trusted;
  int guard_enabled;
  int self_pid;
  uint64_t overflows, mark_failures, lost_batches;
  /*
   * FAN_RENAME (5.17+) or, when a kernel refuses it in a mark, FAN_MOVED_FROM | FAN_MOVED_TO that the
   * reader pairs itself. Changes at most once, before the first successful mark.
   */
  uint64_t mark_mask;
  int unlimited; /* FAN_UNLIMITED_QUEUE | FAN_UNLIMITED_MARKS were granted */
  /* Directory walks (addRoots) running on worker threads; shutdown waits for none. */
  int walks;
  pthread_cond_t walks_done;
  /* Events JS could not take yet (the threadsafe queue was full): retried, guarded ones never dropped. */
  sf_batch carry;
  size_t carry_lost;
  void *tsfn; /* napi_threadsafe_function */
} sf_watcher;

#define SF_MASK_COMMON (FAN_MODIFY | FAN_CLOSE_WRITE | FAN_CREATE | FAN_DELETE | FAN_EVENT_ON_CHILD | FAN_ONDIR)
#define SF_MASK_RENAME (SF_MASK_COMMON | FAN_RENAME)
#define SF_MASK_MOVES (SF_MASK_COMMON | FAN_MOVED_FROM | FAN_MOVED_TO)

/* dirmap.c */
int dm_put(dirmap *m, const unsigned char *key, size_t key_len, const char *path);
char *dm_get_copy(dirmap *m, const unsigned char *key, size_t key_len);
void dm_rename_prefix(dirmap *m, const char *from, const char *to);
void dm_remove_prefix(dirmap *m, const char *path);
void dm_free(dirmap *m);

/* guard.c */
void strset_replace(strset *s, char **items, size_t len);
int strset_has(const strset *s, const char *item);
void strset_free(strset *s);
int guard_stop_if_untrusted(sf_watcher *w, int pid, const char *path, const char *other);
void guard_rename_prefix(strset *s, const char *from, const char *to);
int sf_kernel_thread(int pid);
int sf_under(const char *path, const char *prefix, size_t plen);

/* marks.c */
typedef struct {
  size_t directories, failures;
  char first_error[512];
} sf_walk_result;
void sf_mark_tree(sf_watcher *w, const char *root, sf_batch *found, sf_walk_result *result);
int sf_mark_dir(sf_watcher *w, int fd);

/* probe.c */
int sf_init_group(int *unlimited);
void sf_init_core(sf_watcher *w);

/* deliver.c */
void sf_deliver(sf_watcher *w, sf_batch *batch);

/* reader.c */
void *sf_reader_main(void *arg);
sf_event *sf_batch_push(sf_batch *b, int kind, char *path, char *old_path, int is_dir, int pid, double at);
void sf_batch_free_items(sf_batch *b);
double sf_now_ms(void);
char *sf_strdup(const char *s);
char *sf_join(const char *dir, const char *name);

#endif
