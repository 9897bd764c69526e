import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { parseStatState } from './proc.js';

describe('/proc/<pid>/stat state', () => {
  it('reads the state after the command name, even one holding parentheses and spaces', () => {
    expect(parseStatState('4242 (sleep) T 1 4242 4242 0 -1')).toBe('T');
    expect(parseStatState('77 (evil) R (name)) S 1 2 3')).toBe('S');
    expect(parseStatState('no parenthesis at all')).toBeNull();
  });

  it('never throws and returns a letter or null for any input', () => {
    fc.assert(
      fc.property(fc.string(), (input) => {
        const state = parseStatState(input);
        expect(state === null || /^[A-Za-z]$/.test(state)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(
        fc.nat(),
        fc.string(),
        fc.constantFrom('R', 'S', 'D', 'T', 't', 'Z'),
        (pid, comm, state) => {
          expect(parseStatState(`${pid} (${comm}) ${state} 1 2 3`)).toBe(state);
        },
      ),
    );
  });
});
