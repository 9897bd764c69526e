import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ROLES } from '../src/kernel/config/schema.js';
import { permissionMatrix } from '../src/server/auth/rbac.js';
import '../src/server/platform.js';

describe('docs/security.md', () => {
  it('prints the permission matrix the server enforces', () => {
    const text = readFileSync(new URL('../docs/security.md', import.meta.url), 'utf8');
    const block =
      /<!-- permission-matrix:start -->\n([\s\S]*?)<!-- permission-matrix:end -->/.exec(text)?.[1] ?? '';
    const header = `| permission | ${ROLES.join(' | ')} |`;
    const rows = permissionMatrix().map(
      ({ permission, roles }) =>
        `| \`${permission}\` | ${ROLES.map((role) => (roles.includes(role) ? '✓' : ' ')).join(' | ')} |`,
    );
    const expected = [header, `|---|${ROLES.map(() => '---').join('|')}|`, ...rows]
      .join('\n')
      .replace(/ {2,}/g, ' ');
    expect(block.trim().replace(/ {2,}/g, ' ')).toBe(expected);
  });
});
