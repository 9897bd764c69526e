import { scrypt } from 'node:crypto';
import { LifelineError } from '../../../kernel/errors.js';
import type { MasterKey } from './types.js';

export interface KdfParams {
  N: number;
  r: number;
  p: number;
}

/** About 32 MiB and a tenth of a second per attempt: slow for guessers, quick enough for an operator. */
export const DEFAULT_KDF: KdfParams = { N: 32768, r: 8, p: 1 };

export const SALT_SIZE = 64;

/** Key files come from the repository, so their parameters are bounded before memory is spent. */
export function checkKdfParams(params: KdfParams): void {
  const { N, r, p } = params;
  const ok =
    Number.isInteger(N) &&
    Number.isInteger(r) &&
    Number.isInteger(p) &&
    N >= 2 &&
    N <= 2 ** 22 &&
    (N & (N - 1)) === 0 &&
    r >= 1 &&
    r <= 64 &&
    p >= 1 &&
    p <= 64 &&
    128 * N * r <= 2 ** 31;
  if (!ok)
    throw new LifelineError('VAULT_REPO_UNSUPPORTED', 'key file uses scrypt parameters out of range', {
      N,
      r,
      p,
    });
}

/** scrypt(password, salt) → 64 bytes: AES-256 key, then the Poly1305-AES `k` and `r`. */
export async function deriveKey(password: string, salt: Buffer, params: KdfParams): Promise<MasterKey> {
  checkKdfParams(params);
  const bytes = await new Promise<Buffer>((resolve, reject) => {
    scrypt(
      Buffer.from(password, 'utf8'),
      salt,
      64,
      {
        N: params.N,
        r: params.r,
        p: params.p,
        maxmem: 128 * params.N * params.r * (params.p + 2) + 16 * 1024 * 1024,
      },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
  return { encrypt: bytes.subarray(0, 32), macK: bytes.subarray(32, 48), macR: bytes.subarray(48, 64) };
}
