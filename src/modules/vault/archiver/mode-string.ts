import { GoMode } from './go-mode.js';
import type { Node } from './model.js';

const TYPE_LETTER: Record<string, string> = {
  dir: 'd',
  symlink: 'L',
  dev: 'D',
  chardev: 'c',
  fifo: 'p',
  socket: 'S',
};

/** Go's FileMode.String() rendering ("drwxr-xr-x", "-rw-r--r--"), as `restic ls -l` shows it. */
export function goModeString(node: Node): string {
  const mode = node.mode ?? 0;
  const has = (b: number): boolean => Math.floor(mode / b) % 2 === 1;
  let out = TYPE_LETTER[node.type] ?? '';
  if (node.type === 'chardev') out = 'Dc';
  if (has(GoMode.setuid)) out += 'u';
  if (has(GoMode.setgid)) out += 'g';
  if (has(GoMode.sticky)) out += 't';
  if (out === '') out = '-';
  const rwx = 'rwxrwxrwx';
  for (let i = 0; i < 9; i++) out += mode & (1 << (8 - i)) ? rwx[i] : '-';
  return out;
}
