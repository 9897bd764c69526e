import { getAttributeSync, listAttributesSync, setAttribute } from 'fs-xattr';
import { LifelineError } from '../../../kernel/errors.js';
import type { ExtendedAttribute, Node } from './model.js';

/**
 * Extended attributes, stored as restic stores them: `{ name, value }` with the value base64 (Go's
 * encoding of []byte), in the order the kernel lists them, and the field left out when empty.
 *
 * fs-xattr calls getxattr/setxattr, which follow symbolic links. A link's own attributes cannot be
 * reached, and following it would read or, worse, write the file it points to (possibly outside the
 * restore target), so symlinks are skipped both ways; restic 0.14 skips them when backing up too.
 */

const errorCode = (err: unknown): string => {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown error';
};

/** Errors meaning "this file system (or namespace) has no attributes", not that reading failed. */
const UNSUPPORTED = new Set(['ENOTSUP', 'EOPNOTSUPP']);

const carriesAttributes = (type: string): boolean => type === 'file' || type === 'dir';

/** One per backup: remembers the devices whose file system has no xattr support. */
export class XattrReader {
  private readonly unsupported = new Set<number>();

  constructor(private readonly warn: (path: string, message: string) => void) {}

  /**
   * The node's attributes, read from `readPath` (the path itself, or /proc/self/fd/N of a handle
   * opened on it, so that content and attributes come from the same inode). Never throws: a failure
   * is a warning and the node is recorded without attributes. The calls are synchronous: they only
   * read inode metadata the kernel holds already, and a thread-pool round trip per file cost more
   * than the call itself on shares of many small files.
   */
  async attach(node: Node, path: string, readPath: string = path): Promise<Node> {
    const device = node.device_id ?? 0;
    if (!carriesAttributes(node.type) || this.unsupported.has(device)) return node;
    let names: string[];
    try {
      names = listAttributesSync(readPath);
    } catch (err) {
      if (UNSUPPORTED.has(errorCode(err))) this.unsupported.add(device);
      else this.warn(path, `extended attributes not recorded (${errorCode(err)})`);
      return node;
    }
    const attributes: ExtendedAttribute[] = [];
    for (const name of names) {
      try {
        const value = getAttributeSync(readPath, name);
        attributes.push({ name, value: value.toString('base64') });
      } catch (err) {
        // Removed between listing and reading: it simply is not there any more.
        if (errorCode(err) === 'ENODATA') continue;
        this.warn(path, `extended attribute ${JSON.stringify(name)} not recorded (${errorCode(err)})`);
      }
    }
    if (attributes.length === 0) return node;
    return { ...node, extended_attributes: attributes };
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
/** XATTR_NAME_MAX: the kernel refuses longer names. */
const NAME_MAX = 255;

/** An attribute list the repository should never contain: the item is reported as damaged. */
const malformed = (): LifelineError =>
  new LifelineError('VAULT_DATA_CORRUPT', 'A tree in the repository is malformed: bad extended attributes');

/** Parses a node's attribute list, which comes from the repository and is hostile input. */
export function decodeAttributes(node: Node): { name: string; value: Buffer }[] {
  const raw: unknown = node.extended_attributes;
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) throw malformed();
  return raw.map((entry: unknown) => {
    const { name, value } = (entry ?? {}) as { name?: unknown; value?: unknown };
    if (typeof name !== 'string' || name === '' || name.includes('\0')) throw malformed();
    if (Buffer.byteLength(name) > NAME_MAX) throw malformed();
    // Go writes a nil []byte as null.
    if (value === null || value === undefined) return { name, value: Buffer.alloc(0) };
    if (typeof value !== 'string' || !BASE64.test(value)) throw malformed();
    return { name, value: Buffer.from(value, 'base64') };
  });
}

/**
 * Whether this process may set the attribute at all. Without root only the user namespace and
 * the POSIX ACLs (which a file's owner may set) are attempted; trusted.* and security.* would
 * only fail with EPERM, once per file.
 */
export function mayRestoreAttribute(name: string, root: boolean): boolean {
  if (root) return true;
  return (
    name.startsWith('user.') || name === 'system.posix_acl_access' || name === 'system.posix_acl_default'
  );
}

const namespaceOf = (name: string): string => name.slice(0, Math.max(0, name.indexOf('.')));

/**
 * One per restore, so that a namespace the target file system lacks, or that needs root, is
 * reported once rather than for every file. Failures are warnings: content and the rest of the
 * metadata matter more, and a restore that stopped on a missing attribute would help no one.
 */
export class XattrWriter {
  private readonly unsupported = new Set<string>();
  /** Namespaces, and 'symlink', already reported as skipped. */
  private readonly refused = new Set<string>();

  constructor(private readonly root: boolean = process.geteuid?.() === 0) {}

  /** Throws VAULT_DATA_CORRUPT for a malformed list; everything else goes to `warn`. */
  async restore(node: Node, path: string, warn: (message: string) => void): Promise<void> {
    const attributes = decodeAttributes(node);
    if (attributes.length === 0) return;
    if (!carriesAttributes(node.type)) {
      if (!this.refused.has('symlink')) {
        this.refused.add('symlink');
        warn('extended attributes of symbolic links are not restored');
      }
      return;
    }
    for (const { name, value } of attributes) {
      const namespace = namespaceOf(name);
      if (!mayRestoreAttribute(name, this.root)) {
        if (!this.refused.has(namespace)) {
          this.refused.add(namespace);
          warn(`extended attributes in the "${namespace}" namespace need root and are not restored`);
        }
        continue;
      }
      if (this.unsupported.has(namespace)) continue;
      try {
        await setAttribute(path, name, value);
      } catch (err) {
        if (UNSUPPORTED.has(errorCode(err))) {
          this.unsupported.add(namespace);
          warn(`the target does not support "${namespace}" extended attributes; they are not restored`);
        } else {
          warn(`extended attribute ${JSON.stringify(name)} not restored (${errorCode(err)})`);
        }
      }
    }
  }
}
