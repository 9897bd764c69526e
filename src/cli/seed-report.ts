import type { DemoSeedResult } from '../server/demo/seed.js';
import type { CliContext } from './context.js';
import { formatBox, formatTable } from './format.js';

/**
 * Shows what seeding did. The administrator's password is always shown, once: without it nobody can
 * sign in. The other demo passwords are only shown when asked for, because every password on a screen
 * or in a scroll-back buffer is one more to leak; the administrator can set theirs when needed.
 */
export function reportSeed(ctx: CliContext, result: DemoSeedResult, showAllPasswords: boolean): void {
  if (!result.changed) {
    ctx.out(`demo hospital "${result.hospital}" is in place already; nothing changed`);
    return;
  }
  ctx.out(
    `seeded demo hospital "${result.hospital}": ${result.departmentsAdded.length} department(s), ` +
      `${result.accountsAdded.length} account(s)`,
  );
  if (result.admin) {
    ctx.out(
      formatBox([
        'Demo administrator (shown once, store it now)',
        `user name: ${result.admin.username}`,
        `password:  ${result.admin.password}`,
      ]),
    );
  }
  const others = result.accountsAdded.filter((account) => account !== result.admin);
  if (others.length === 0) return;
  if (showAllPasswords) {
    ctx.out(
      formatTable(
        ['USER', 'ROLE', 'PASSWORD (shown once)'],
        others.map((a) => [a.username, a.role, a.password]),
      ),
    );
    return;
  }
  ctx.out(
    `other demo accounts: ${others.map((account) => `${account.username} (${account.role})`).join(', ')}`,
  );
  ctx.out('give one a password with `lifeline user set-password <user>` or from the console');
}

/** The result as JSON; passwords other than the administrator's only when asked for. */
export function seedJson(result: DemoSeedResult, showAllPasswords: boolean): unknown {
  return {
    ...result,
    accountsAdded: result.accountsAdded.map((account) =>
      showAllPasswords || account === result.admin
        ? account
        : { username: account.username, role: account.role },
    ),
  };
}
