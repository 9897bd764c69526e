import type { BigIntStats } from 'node:fs';
import { readlink } from 'node:fs/promises';
import { goModeFromUnix, nodeTypeOfUnixMode } from './go-mode.js';
import { formatGoTime } from './go-time.js';
import type { Node } from './model.js';
import { groupName, userName } from './owners.js';

/**
 * The tree node restic would record for an lstat result. atime is recorded as the mtime, as restic
 * does without --with-atime: reading a file changes its atime, and a changing atime would make
 * every tree blob differ between otherwise identical backups.
 */
export async function nodeFromStat(name: string, path: string, st: BigIntStats): Promise<Node> {
  const mode = Number(st.mode);
  const type = nodeTypeOfUnixMode(mode) ?? 'irregular';
  const mtime = formatGoTime(st.mtimeNs);
  const uid = Number(st.uid);
  const gid = Number(st.gid);
  const node: Node = {
    name,
    type,
    mode: goModeFromUnix(mode),
    mtime,
    atime: mtime,
    ctime: formatGoTime(st.ctimeNs),
    uid,
    gid,
    user: userName(uid),
    group: groupName(gid),
    inode: Number(st.ino),
    device_id: Number(st.dev),
    content: null,
  };
  switch (type) {
    case 'file':
      node.size = Number(st.size);
      node.links = Number(st.nlink);
      node.content = [];
      break;
    case 'symlink':
      node.linktarget = await readlink(path);
      node.links = Number(st.nlink);
      break;
    case 'dev':
    case 'chardev':
      node.device = Number(st.rdev);
      node.links = Number(st.nlink);
      break;
    case 'dir':
    case 'fifo':
    case 'socket':
    case 'irregular':
      break;
  }
  return node;
}
