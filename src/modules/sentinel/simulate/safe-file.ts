import {
  closeSync,
  constants,
  fstatSync,
  openSync,
  readlinkSync,
  readSync,
  realpathSync,
  statSync,
} from 'node:fs';
import { dirname, sep } from 'node:path';

/**
 * Opening the target's files without following anyone's links. The simulator and the restore run as
 * root in tests and exercises, and whoever can write in the target can swap a file (or a directory on
 * its path) for a link between the walk and the open: a path-following open would then read, encrypt
 * or overwrite a file outside the target (`/etc/shadow`). So every file is opened once, without
 * following a final link, and judged by the open descriptor itself: a regular file with one name, on
 * the target's file system, that the kernel places inside the target. A refusal says why.
 */
export type Opened = { fd: number; size: number } | { refused: string };

const devices = new Map<string, number>();

function deviceOf(root: string): number {
  let device = devices.get(root);
  if (device === undefined) {
    device = statSync(root).dev;
    devices.set(root, device);
  }
  return device;
}

const within = (root: string, path: string): boolean => path.startsWith(root + sep);

/** Where the kernel says an open descriptor's file is (a directory on its path swapped for a link shows here). */
function placeOf(fd: number): string {
  return readlinkSync(`/proc/self/fd/${fd}`).replace(/ \(deleted\)$/, '');
}

function check(root: string, fd: number): string | null {
  const stat = fstatSync(fd);
  if (!stat.isFile()) return 'it is not a regular file';
  if (stat.nlink !== 1) return `it has ${stat.nlink} hard links`;
  if (stat.dev !== deviceOf(root)) return 'it is on another file system';
  if (!within(root, placeOf(fd))) return 'it resolves outside the target';
  return null;
}

function refusal(error: unknown): string | null {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ELOOP') return 'it is a symbolic link';
  if (code === 'ENOTDIR') return 'a directory on its path is not a directory';
  if (code === 'EEXIST') return 'something was put at its name';
  return null;
}

function guarded(root: string, path: string, flags: number, mode?: number): Opened {
  let fd: number;
  try {
    // O_NONBLOCK: a FIFO put in a file's place must not hang the open; it is refused below.
    fd = openSync(path, flags | constants.O_NOFOLLOW | constants.O_NONBLOCK, mode);
  } catch (error) {
    const refused = refusal(error);
    if (refused) return { refused };
    throw error;
  }
  const refused = check(root, fd);
  if (refused) {
    closeSync(fd);
    return { refused };
  }
  return { fd, size: fstatSync(fd).size };
}

/** An existing file of the target, for reading (and writing in place when `write`). */
export function openInside(root: string, path: string, write: boolean): Opened {
  return guarded(root, path, write ? constants.O_RDWR : constants.O_RDONLY);
}

/**
 * A new file of the target, never an existing name (O_EXCL does not follow a link at the name). Its
 * directory is checked before and, through the descriptor, after: a file made outside is left empty.
 */
export function createInside(root: string, path: string, mode = 0o644): Opened {
  try {
    const directory = realpathSync(dirname(path));
    if (directory !== root && !within(root, directory)) {
      return { refused: 'its directory resolves outside the target' };
    }
  } catch (error) {
    const refused = refusal(error);
    if (refused) return { refused };
    throw error;
  }
  return guarded(root, path, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
}

/** Reads a whole opened file through its descriptor. */
export function readAll(fd: number, size: number): Buffer {
  const buffer = Buffer.alloc(size);
  let done = 0;
  while (done < size) {
    const read = readSync(fd, buffer, done, size - done, done);
    if (read === 0) break;
    done += read;
  }
  return buffer.subarray(0, done);
}
