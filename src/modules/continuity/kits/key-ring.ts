import { sha256Hex } from '../../../kernel/crypto/random.js';
import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import { LifelineError } from '../../../kernel/errors.js';
import {
  documentationPublicKey,
  generateDocumentationKey,
  generateSigner,
  loadSigner,
  type GeneratedDocumentationKey,
  type KitSigner,
} from '../kit/index.js';

const SIGNER_SETTING = 'kit-signer';

/**
 * The keys kits need: the server's Ed25519 signer and one documentation key per scope. The signer is
 * read from `signingKeyFile` when the operator gives one (kept off the database, e.g. on a hardware
 * token's mount); otherwise it is generated once and kept in the database, so every serving node signs
 * with the same key and devices pin one fingerprint. Documentation keys stay in the database because
 * reconciliation must verify bundles signed with every key a kit ever carried.
 */
export class KeyRing {
  private signer: KitSigner | undefined;

  constructor(
    private readonly db: Kysely<any>,
    private readonly signingKeyFile?: string,
  ) {}

  async kitSigner(): Promise<KitSigner> {
    if (this.signer) return this.signer;
    const pem = this.signingKeyFile
      ? await readFile(this.signingKeyFile, 'utf8')
      : await this.storedSignerPem();
    const probe = loadSigner('probe', pem);
    this.signer = loadSigner(keyIdOf(probe.publicKey), pem);
    return this.signer;
  }

  private async storedSignerPem(): Promise<string> {
    const read = async () =>
      (await this.db
        .selectFrom('continuity_settings')
        .select(['value'])
        .where('key', '=', SIGNER_SETTING)
        .executeTakeFirst()) as { value: string } | undefined;
    const found = await read();
    if (found) return found.value;
    // Two nodes starting at once may both generate one; the first stored wins for both.
    await this.db
      .insertInto('continuity_settings')
      .values({
        key: SIGNER_SETTING,
        value: generateSigner('pending').privateKeyPem,
        updated_at: new Date().toISOString(),
        updated_by: 'system:continuity',
      })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
    return (await read())!.value;
  }

  /** The scope's documentation key, created on first use. */
  async documentationKey(scopeKey: string, at: string): Promise<GeneratedDocumentationKey> {
    const name = `doc-key:${scopeKey}`;
    const row = (await this.db
      .selectFrom('continuity_settings')
      .select(['value'])
      .where('key', '=', name)
      .executeTakeFirst()) as { value: string } | undefined;
    if (row) return JSON.parse(row.value) as GeneratedDocumentationKey;
    const scopeHash = sha256Hex(scopeKey).slice(0, 8);
    const key = generateDocumentationKey(`doc-${scopeHash}-${Date.parse(at).toString(36)}`);
    await this.db
      .insertInto('continuity_settings')
      .values({ key: name, value: JSON.stringify(key), updated_at: at, updated_by: 'system:continuity' })
      .onConflict((conflict) => conflict.column('key').doNothing())
      .execute();
    return this.documentationKey(scopeKey, at);
  }

  /**
   * Retires a scope's documentation key (a device of the scope was revoked, so the key it holds may
   * be in the wrong hands); the next kit carries a new one. The retired key is still trusted for a
   * grace period, for documentation made before the revocation and imported afterwards.
   */
  async retireDocumentationKey(scopeKey: string, at: string): Promise<void> {
    await this.db.transaction().execute(async (tx) => {
      const row = (await tx
        .selectFrom('continuity_settings')
        .select(['value'])
        .where('key', '=', `doc-key:${scopeKey}`)
        .executeTakeFirst()) as { value: string } | undefined;
      if (!row) return;
      const key = JSON.parse(row.value) as GeneratedDocumentationKey;
      await tx
        .insertInto('continuity_settings')
        .values({
          key: `doc-key-retired:${scopeKey}:${key.keyId}`,
          value: row.value,
          updated_at: at,
          updated_by: 'system:continuity',
        })
        .onConflict((conflict) => conflict.column('key').doNothing())
        .execute();
      await tx.deleteFrom('continuity_settings').where('key', '=', `doc-key:${scopeKey}`).execute();
    });
  }

  /**
   * The documentation keys whose bundles are accepted: every scope's current key, and retired keys
   * for `graceDays` after they were retired.
   */
  async documentationTrust(
    now: Date = new Date(),
    graceDays = 7,
  ): Promise<{ keyId: string; publicKey: string; scopeKey: string }[]> {
    const rows = (await this.db
      .selectFrom('continuity_settings')
      .select(['key', 'value', 'updated_at'])
      .where((eb) => eb.or([eb('key', 'like', 'doc-key:%'), eb('key', 'like', 'doc-key-retired:%')]))
      .execute()) as { key: string; value: string; updated_at: string }[];
    const oldest = now.getTime() - graceDays * 86_400_000;
    return rows
      .filter((row) => row.key.startsWith('doc-key:') || Date.parse(row.updated_at) >= oldest)
      .map((row) => {
        const key = JSON.parse(row.value) as GeneratedDocumentationKey;
        // doc-key:<scope> or doc-key-retired:<scope>:<keyId>
        const scopeKey = row.key.startsWith('doc-key:')
          ? row.key.slice('doc-key:'.length)
          : row.key.slice('doc-key-retired:'.length, -(key.keyId.length + 1));
        return { ...documentationPublicKey(key), scopeKey };
      });
  }
}

/** A short, stable name for a public key, shown to staff as the kit's signer fingerprint. */
export function keyIdOf(publicKey: string): string {
  return `lifeline-${sha256Hex(publicKey).slice(0, 16)}`;
}

/** Reads a passphrase file: the first line, which must not be empty. */
export async function readPassphrase(path: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new LifelineError('CONTINUITY_PASSPHRASE_UNREADABLE', 'A kit passphrase file cannot be read', {
      code: String((err as { code?: string }).code ?? 'unknown'),
    });
  }
  const passphrase = text.split(/\r?\n/)[0]?.trim() ?? '';
  if (passphrase.length < 12) {
    throw new LifelineError(
      'CONTINUITY_PASSPHRASE_WEAK',
      'A kit passphrase must have at least 12 characters',
    );
  }
  return passphrase;
}
