/*
 * The key a directory is known by: fsid + handle type + handle bytes, built the same way from
 * name_to_handle_at at mark time and from an event's info record, so the two meet in the map.
 */
#ifndef SF_HANDLE_KEY_H
#define SF_HANDLE_KEY_H

#include <fcntl.h>
#include <string.h>
#include <sys/statfs.h>

#define SF_KEY_MAX (8 + 4 + MAX_HANDLE_SZ)

static inline size_t sf_key_build(const void *fsid8, int type, const unsigned char *bytes, unsigned len,
                                  unsigned char *key) {
  if (len > MAX_HANDLE_SZ) return 0;
  memcpy(key, fsid8, 8);
  memcpy(key + 8, &type, 4);
  memcpy(key + 12, bytes, len);
  return 12 + len;
}

static inline size_t sf_key_of_fd(int fd, unsigned char *key) {
  union {
    struct file_handle fh;
    unsigned char room[sizeof(struct file_handle) + MAX_HANDLE_SZ];
  } h;
  int mount_id;
  struct statfs sfs;
  h.fh.handle_bytes = MAX_HANDLE_SZ;
  if (name_to_handle_at(fd, "", &h.fh, &mount_id, AT_EMPTY_PATH) != 0) return 0;
  if (fstatfs(fd, &sfs) != 0) return 0;
  return sf_key_build(&sfs.f_fsid, h.fh.handle_type, h.fh.f_handle, h.fh.handle_bytes, key);
}

#endif
