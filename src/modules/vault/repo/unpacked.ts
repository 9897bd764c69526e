import { createHash } from 'node:crypto';
import type { Backend, FileType } from '../backend/types.js';
import { decodeUnpacked, encodeUnpacked } from './compression.js';
import { corrupt, decrypt, encrypt } from './crypto.js';
import type { Id, MasterKey } from './types.js';

export type UnpackedType = Extract<FileType, 'snapshot' | 'index' | 'lock'>;

export interface UnpackedContext {
  backend: Backend;
  key: MasterKey;
  version: 1 | 2;
  compressionLevel: number;
}

/** Stores a JSON document as an unpacked file; its name is the SHA-256 of the stored bytes. */
export async function saveUnpacked(ctx: UnpackedContext, type: UnpackedType, json: Buffer): Promise<Id> {
  const sealed = encrypt(ctx.key, encodeUnpacked(json, ctx.version, ctx.compressionLevel));
  const id = createHash('sha256').update(sealed).digest('hex');
  await ctx.backend.save(type, id, sealed);
  return id;
}

/** Loads an unpacked file and returns its JSON bytes, after checking name, MAC and encoding. */
export async function loadUnpacked(ctx: UnpackedContext, type: UnpackedType, id: Id): Promise<Buffer> {
  const sealed = await ctx.backend.load(type, id);
  if (createHash('sha256').update(sealed).digest('hex') !== id)
    throw corrupt(type, 'content does not match its name');
  return decodeUnpacked(decrypt(ctx.key, sealed, type), ctx.version, type);
}
