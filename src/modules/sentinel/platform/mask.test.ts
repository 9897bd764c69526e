import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MASK, maskSecrets } from './mask.js';

describe('maskSecrets', () => {
  it.each([
    ['7z a -pS3cret out.7z /srv', '7z a -p*** out.7z /srv'],
    ['mysql -u root -p S3cret db', 'mysql -u root -p *** db'],
    ['tool --password S3cret --out x', 'tool --password *** --out x'],
    ['tool --password=S3cret', 'tool --password=***'],
    ['env PGPASSWORD=S3cret psql', 'env PGPASSWORD=*** psql'],
    ['curl https://bob:S3cret@files.example/x', 'curl https://bob:***@files.example/x'],
    ['enc token=abc123 secret_key=xyz', 'enc token=*** secret_key=***'],
    ['enc --secret abc --api-key def', 'enc --secret *** --api-key ***'],
    ['curl -H Authorization: Bearer abc123', 'curl -H Authorization: Bearer ***'],
    ['find /srv -path x -print0', 'find /srv -path x -print0'],
    ['python3 enc.py /srv/share', 'python3 enc.py /srv/share'],
  ])('masks %s', (line, expected) => {
    expect(maskSecrets(line)).toBe(expected);
  });

  it('leaves null as null', () => {
    expect(maskSecrets(null)).toBeNull();
  });

  it('never throws and never lets a flagged secret through', () => {
    const secret = fc.stringMatching(/^[A-Za-z0-9!#%^&*()_+.]{6,20}$/).filter((s) => !s.includes(MASK));
    const word = fc.stringMatching(/^[a-z/.-]{1,12}$/);
    fc.assert(
      fc.property(
        fc.array(word, { maxLength: 5 }),
        secret,
        fc.constantFrom('--password {}', '-p {}', '-p{}', 'password={}', 'token={}', 'https://u:{}@h/'),
        fc.array(word, { maxLength: 5 }),
        (before, value, form, after) => {
          const line = [...before, form.replace('{}', value), ...after].join(' ');
          const masked = maskSecrets(line);
          expect(masked.split(' ')).not.toContain(value);
          expect(masked).not.toContain(`:${value}@`);
          expect(masked).not.toContain(`=${value}`);
        },
      ),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 300 }), (line) => {
        expect(typeof maskSecrets(line)).toBe('string');
      }),
    );
  });
});
