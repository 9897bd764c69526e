import type { KitSignerIdentity } from '../../kit/neutral.js';
import type { KeyValueStorage } from '../documentation/store.js';
import { signerPinKey } from './storage-keys.js';

/**
 * Trust on first use. A kit names its own signer in the page, so a forger who rewrites the file can
 * name theirs; what they cannot rewrite is this browser's memory of which key signed the hospital's
 * kits before. The first kit opened successfully pins its signer; any other signer is refused.
 */
export class SignerPins {
  constructor(private readonly storage: KeyValueStorage) {}

  pinned(hospital: string): KitSignerIdentity | null {
    const text = this.readSafely(signerPinKey(hospital));
    if (text === null) return null;
    try {
      const value = JSON.parse(text) as Partial<KitSignerIdentity> | null;
      if (typeof value?.keyId === 'string' && typeof value.publicKey === 'string')
        return { keyId: value.keyId, publicKey: value.publicKey };
    } catch {
      // An unreadable pin is treated as a different signer: refusing is the safe side.
    }
    return { keyId: '(unreadable)', publicKey: '' };
  }

  /** True when the hospital has no pin yet or the pin is this very signer. */
  accepts(hospital: string, signer: KitSignerIdentity): boolean {
    const pin = this.pinned(hospital);
    return pin === null || (pin.keyId === signer.keyId && pin.publicKey === signer.publicKey);
  }

  pin(hospital: string, signer: KitSignerIdentity): void {
    if (this.pinned(hospital) !== null) return;
    try {
      this.storage.setItem(
        signerPinKey(hospital),
        JSON.stringify({ keyId: signer.keyId, publicKey: signer.publicKey }),
      );
    } catch {
      // Without storage there is no memory to pin in; the page signer still had to verify.
    }
  }

  private readSafely(key: string): string | null {
    try {
      return this.storage.getItem(key);
    } catch {
      return null;
    }
  }
}
