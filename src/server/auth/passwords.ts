import { hash, verify } from '@node-rs/argon2';
import { LifelineError } from '../../kernel/errors.js';

// OWASP's argon2id baseline (19 MiB, 2 passes); hashing stays well under 100 ms on one core.
// 2 is Argon2id in @node-rs/argon2's const enum, which cannot be imported under isolated modules.
const ARGON2_OPTIONS = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2_OPTIONS);
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends the same time as a real check so response time does not reveal whether a user exists. */
export async function burnPasswordCheck(password: string): Promise<void> {
  dummyHash ??= hashPassword('lifeline-dummy-password-for-timing');
  await verifyPassword(await dummyHash, password);
}

export function checkPasswordPolicy(password: string, minLength: number, username: string): void {
  const problems: string[] = [];
  if (password.length < minLength) problems.push(`be at least ${minLength} characters long`);
  if (password.length > 256) problems.push('be at most 256 characters long');
  if (username && password.toLowerCase().includes(username.toLowerCase()))
    problems.push('not contain the user name');
  if (new Set(password).size < 5) problems.push('use at least 5 different characters');
  if (problems.length > 0) {
    throw new LifelineError('PASSWORD_TOO_WEAK', `the password must ${problems.join(' and ')}`, {
      field: 'password',
      rules: problems,
    });
  }
}
