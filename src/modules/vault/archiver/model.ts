import { LifelineError } from '../../../kernel/errors.js';
import type { Id } from '../repo/types.js';
import { goQuoteName, goUnquoteName } from './go-quote.js';
import type { NodeType } from './go-mode.js';

export type { NodeType } from './go-mode.js';

export interface ExtendedAttribute {
  name: string;
  /** base64, as Go marshals []byte */
  value: string;
}

/**
 * One entry of a tree, field for field restic's JSON node. Times are RFC 3339 strings with
 * nanoseconds, `mode` is a Go os.FileMode (see go-mode.ts). `type` is a string because newer
 * restic versions add types (e.g. "irregular") that this code must skip, not reject.
 */
export interface Node {
  name: string;
  type: NodeType | (string & {});
  mode?: number;
  mtime: string;
  atime: string;
  ctime: string;
  uid: number;
  gid: number;
  user?: string;
  group?: string;
  inode?: number;
  device_id?: number;
  size?: number;
  links?: number;
  linktarget?: string;
  extended_attributes?: ExtendedAttribute[];
  /** st_rdev of block and character devices */
  device?: number;
  /** Data blob ids in file order; null for everything but files. */
  content: Id[] | null;
  subtree?: Id;
  error?: string;
}

export interface Tree {
  nodes: Node[];
}

export interface Snapshot {
  time: string;
  parent?: Id;
  tree: Id;
  paths: string[];
  hostname?: string;
  username?: string;
  uid?: number;
  gid?: number;
  excludes?: string[];
  tags?: string[];
  original?: Id;
  program_version?: string;
}

export type SnapshotWithId = Snapshot & { id: Id };

/** Go orders tree nodes by comparing names byte-wise (UTF-8), not by UTF-16 code units. */
export function compareNames(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

function nonEmpty<T>(value: T | undefined | null): value is T {
  if (value === undefined || value === null) return false;
  if (typeof value === 'number') return value !== 0;
  if (typeof value === 'string') return value !== '';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/** Same keys, same order and same omissions as restic's `omitempty` tags. */
function nodeToJson(node: Node): Record<string, unknown> {
  const out: Record<string, unknown> = { name: goQuoteName(node.name), type: node.type };
  if (nonEmpty(node.mode)) out.mode = node.mode;
  out.mtime = node.mtime;
  out.atime = node.atime;
  out.ctime = node.ctime;
  out.uid = node.uid;
  out.gid = node.gid;
  const optional = [
    'user',
    'group',
    'inode',
    'device_id',
    'size',
    'links',
    'linktarget',
    'extended_attributes',
    'device',
  ] as const;
  for (const key of optional) if (nonEmpty(node[key])) out[key] = node[key];
  out.content = node.content;
  if (nonEmpty(node.subtree)) out.subtree = node.subtree;
  if (nonEmpty(node.error)) out.error = node.error;
  return out;
}

/** The bytes of a tree blob: compact JSON plus the newline restic's encoder appends. */
export function encodeTree(tree: Tree): Buffer {
  const nodes = [...tree.nodes].sort((a, b) => compareNames(a.name, b.name));
  for (let i = 1; i < nodes.length; i++) {
    if (nodes[i - 1]?.name === nodes[i]?.name) {
      throw new LifelineError('INTERNAL', 'A tree cannot hold two entries with the same name');
    }
  }
  return Buffer.from(`${JSON.stringify({ nodes: nodes.map(nodeToJson) })}\n`, 'utf8');
}

function corrupt(why: string): LifelineError {
  return new LifelineError('VAULT_DATA_CORRUPT', `A tree in the repository is malformed: ${why}`);
}

const isCount = (v: unknown): boolean =>
  v === undefined || (typeof v === 'number' && Number.isFinite(v) && v >= 0);

/**
 * Parses a tree blob. Structure is checked here; whether a name is safe to create on disk is the
 * restorer's decision (restore-path.ts), so that one bad entry does not hide the rest of a tree.
 */
export function decodeTree(data: Buffer): Tree {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data.toString('utf8'));
  } catch {
    throw corrupt('not JSON');
  }
  const nodes = (parsed as { nodes?: unknown } | null)?.nodes;
  if (nodes === null) return { nodes: [] };
  if (!Array.isArray(nodes)) throw corrupt('no node list');
  return {
    nodes: nodes.map((raw: unknown) => {
      if (typeof raw !== 'object' || raw === null) throw corrupt('node is not an object');
      const n = raw as Record<string, unknown>;
      if (typeof n.name !== 'string' || typeof n.type !== 'string')
        throw corrupt('node without name or type');
      const name = goUnquoteName(n.name);
      if (name === null) throw corrupt('badly escaped name');
      for (const key of ['mode', 'uid', 'gid', 'inode', 'device_id', 'size', 'links', 'device']) {
        if (!isCount(n[key])) throw corrupt(`bad ${key}`);
      }
      const content = n.content ?? null;
      if (content !== null && !(Array.isArray(content) && content.every((c) => typeof c === 'string'))) {
        throw corrupt('bad content list');
      }
      if (n.subtree !== undefined && n.subtree !== null && typeof n.subtree !== 'string')
        throw corrupt('bad subtree');
      const node = { ...n, name, content, uid: n.uid ?? 0, gid: n.gid ?? 0 } as Node;
      if (n.subtree === null) delete node.subtree;
      return node;
    }),
  };
}

export function encodeSnapshot(snapshot: Snapshot): Record<string, unknown> {
  const out: Record<string, unknown> = { time: snapshot.time };
  if (snapshot.parent) out.parent = snapshot.parent;
  out.tree = snapshot.tree;
  out.paths = snapshot.paths;
  const optional = [
    'hostname',
    'username',
    'uid',
    'gid',
    'excludes',
    'tags',
    'original',
    'program_version',
  ] as const;
  for (const key of optional) if (nonEmpty(snapshot[key])) out[key] = snapshot[key];
  return out;
}

export function decodeSnapshot(value: unknown): Snapshot {
  const s = value as Partial<Snapshot> | null;
  if (!s || typeof s.time !== 'string' || typeof s.tree !== 'string' || !Array.isArray(s.paths)) {
    throw new LifelineError('VAULT_DATA_CORRUPT', 'A snapshot in the repository is malformed');
  }
  return s as Snapshot;
}
