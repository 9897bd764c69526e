/**
 * restic stores Go's os.FileMode, not the Unix st_mode: the file type lives in the high bits
 * (directory = 1<<31, symlink = 1<<27, ...) and setuid/setgid/sticky move to bits 23/22/20.
 * Getting this wrong makes `restic restore` create directories as files, so it is kept in one place.
 */
export const GoMode = {
  dir: 2 ** 31,
  symlink: 2 ** 27,
  device: 2 ** 26,
  namedPipe: 2 ** 25,
  socket: 2 ** 24,
  setuid: 2 ** 23,
  setgid: 2 ** 22,
  charDevice: 2 ** 21,
  sticky: 2 ** 20,
  irregular: 2 ** 19,
  perm: 0o777,
} as const;

const S_IFMT = 0o170000;
const S_IFSOCK = 0o140000;
const S_IFLNK = 0o120000;
const S_IFREG = 0o100000;
const S_IFBLK = 0o060000;
const S_IFDIR = 0o040000;
const S_IFCHR = 0o020000;
const S_IFIFO = 0o010000;
const S_ISUID = 0o4000;
const S_ISGID = 0o2000;
const S_ISVTX = 0o1000;

export type NodeType = 'file' | 'dir' | 'symlink' | 'dev' | 'chardev' | 'fifo' | 'socket';

export function nodeTypeOfUnixMode(stMode: number): NodeType | null {
  switch (stMode & S_IFMT) {
    case S_IFREG:
      return 'file';
    case S_IFDIR:
      return 'dir';
    case S_IFLNK:
      return 'symlink';
    case S_IFBLK:
      return 'dev';
    case S_IFCHR:
      return 'chardev';
    case S_IFIFO:
      return 'fifo';
    case S_IFSOCK:
      return 'socket';
    default:
      return null;
  }
}

const TYPE_BITS: Record<NodeType, number> = {
  file: 0,
  dir: GoMode.dir,
  symlink: GoMode.symlink,
  dev: GoMode.device,
  chardev: GoMode.device + GoMode.charDevice,
  fifo: GoMode.namedPipe,
  socket: GoMode.socket,
};

/** The Go FileMode restic records for a Unix st_mode (type, permissions, setuid/setgid/sticky). */
export function goModeFromUnix(stMode: number): number {
  const type = nodeTypeOfUnixMode(stMode);
  let mode = (type === null ? GoMode.irregular : TYPE_BITS[type]) + (stMode & GoMode.perm);
  if (stMode & S_ISUID) mode += GoMode.setuid;
  if (stMode & S_ISGID) mode += GoMode.setgid;
  if (stMode & S_ISVTX) mode += GoMode.sticky;
  return mode;
}

/** The chmod(2) argument for a Go FileMode: permission bits plus setuid/setgid/sticky. */
export function unixPermFromGo(goMode: number): number {
  // Go modes exceed 2^31, so bit tests use division instead of signed 32-bit operators.
  const bit = (b: number): boolean => Math.floor(goMode / b) % 2 === 1;
  let perm = goMode % 0o1000;
  if (bit(GoMode.setuid)) perm |= S_ISUID;
  if (bit(GoMode.setgid)) perm |= S_ISGID;
  if (bit(GoMode.sticky)) perm |= S_ISVTX;
  return perm;
}
