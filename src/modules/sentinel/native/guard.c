/*
 * The guard stops a process that touches a canary from the reader thread itself, before the event
 * is handed to JavaScript: an encryptor does about four files a millisecond, so every hop counts.
 */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sentinel.h"

static int compare(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Takes ownership of `items` (and its strings). */
void strset_replace(strset *s, char **items, size_t len) {
  qsort(items, len, sizeof *items, compare);
  strset_free(s);
  s->items = items;
  s->len = len;
}

int strset_has(const strset *s, const char *item) {
  if (!s->len || !item) return 0;
  return bsearch(&item, s->items, s->len, sizeof *s->items, compare) != NULL;
}

void strset_free(strset *s) {
  for (size_t i = 0; i < s->len; i++) free(s->items[i]);
  free(s->items);
  s->items = NULL;
  s->len = 0;
}

/*
 * A folder holding canaries was renamed: their paths move with it, before the next event is judged
 * (the encryptor's next write may already name the new path). Call with the watcher's lock held.
 */
void guard_rename_prefix(strset *s, const char *from, const char *to) {
  size_t flen = strlen(from), tlen = strlen(to);
  int changed = 0;
  for (size_t i = 0; i < s->len; i++) {
    if (!sf_under(s->items[i], from, flen)) continue;
    size_t rest = strlen(s->items[i] + flen);
    char *p = malloc(tlen + rest + 1);
    if (!p) continue;
    memcpy(p, to, tlen);
    memcpy(p + tlen, s->items[i] + flen, rest + 1);
    free(s->items[i]);
    s->items[i] = p;
    changed = 1;
  }
  if (changed) qsort(s->items, s->len, sizeof *s->items, compare);
}

static const char DELETED[] = " (deleted)";

/*
 * 1 for a kernel thread (nfsd, ksmbd, …): PF_KTHREAD in field 9 of /proc/<pid>/stat. SIGSTOP does
 * nothing to one, so claiming it stopped would be a lie.
 */
int sf_kernel_thread(int pid) {
  static const unsigned long PF_KTHREAD = 0x00200000;
  char path[64], buf[1024];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "re");
  if (!f) return 0;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  const char *p = strrchr(buf, ')');
  if (!p) return 0;
  /* After ")": state(3) ppid(4) pgrp(5) session(6) tty_nr(7) tpgid(8) flags(9). */
  for (int field = 3; field <= 9 && p; field++) p = strchr(p + 1, ' ');
  return p ? (strtoul(p + 1, NULL, 10) & PF_KTHREAD) != 0 : 0;
}

/* The executable of `pid`, or "" when it is gone or unreadable (an untrusted writer then). */
static void executable_of(int pid, char *out, size_t size) {
  char link[64];
  snprintf(link, sizeof link, "/proc/%d/exe", pid);
  ssize_t n = readlink(link, out, size - 1);
  if (n < 0) n = 0;
  out[n] = '\0';
  size_t dlen = sizeof DELETED - 1;
  if ((size_t)n > dlen && strcmp(out + n - dlen, DELETED) == 0) out[n - dlen] = '\0';
}

static int process_ended(int pid) {
  char path[64], buf[512];
  snprintf(path, sizeof path, "/proc/%d/stat", pid);
  FILE *f = fopen(path, "re");
  if (!f) return 1;
  size_t n = fread(buf, 1, sizeof buf - 1, f);
  fclose(f);
  buf[n] = '\0';
  const char *close_paren = strrchr(buf, ')');
  return !close_paren || close_paren[1] != ' ' || close_paren[2] == 'Z' || close_paren[2] == 'X';
}

/*
 * Returns 1 when `pid` was stopped. Never signals pid ≤ 1 (kill(0) would hit our own process group),
 * never this process; a trusted executable passes. Call with w->lock held.
 */
int guard_stop_if_untrusted(sf_watcher *w, int pid, const char *path, const char *other) {
  if (!w->guard_enabled) return 0;
  if (!strset_has(&w->canaries, path) && !strset_has(&w->canaries, other)) return 0;
  if (pid <= 1 || pid == w->self_pid) return 0;
  char exe[4096];
  executable_of(pid, exe, sizeof exe);
  if (exe[0] && strset_has(&w->trusted, exe)) return 0;
  if (!exe[0] && sf_kernel_thread(pid)) return 0;
  if (kill(pid, SIGSTOP) != 0) return 0;
  /* kill() succeeds on a zombie too: a writer that already exited was not stopped. */
  return !process_ended(pid);
}
