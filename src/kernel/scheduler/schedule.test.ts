import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LifelineError } from '../errors.js';
import { ABORTED, describeFailure } from './failure.js';
import { compileSchedule, tickId } from './schedule.js';
import type { JobDefinition } from './types.js';

const now = new Date('2026-01-13T08:00:00.500Z');
const job = (overrides: Partial<JobDefinition>): JobDefinition => ({
  name: 'test.job',
  cron: '* * * * *',
  run: () => Promise.resolve(),
  ...overrides,
});

function invalidReason(definition: JobDefinition): string {
  try {
    compileSchedule(definition, now);
  } catch (error) {
    expect(error).toBeInstanceOf(LifelineError);
    const lifeline = error as LifelineError;
    expect(lifeline.code).toBe('SCHEDULER_JOB_INVALID');
    expect(lifeline.status).toBe(400);
    return String(lifeline.details.reason);
  }
  throw new Error('the definition was accepted');
}

describe('compileSchedule', () => {
  it('computes ticks in the job timezone, on whole seconds', () => {
    const nightly = compileSchedule(job({ cron: '0 2 * * *', timezone: 'Europe/Brussels' }), now);
    expect(nightly.next(now)?.toISOString()).toBe('2026-01-14T01:00:00.000Z');
    const everySecond = compileSchedule(job({ cron: '* * * * * *' }), now);
    expect(everySecond.next(now)?.toISOString()).toBe('2026-01-13T08:00:01.000Z');
    expect(everySecond.next(new Date('2026-01-13T08:00:01.000Z'))?.toISOString()).toBe(
      '2026-01-13T08:00:02.000Z',
    );
  });

  it('rejects unreadable patterns, unknown timezones, patterns with no future tick and bad names', () => {
    expect(invalidReason(job({ cron: 'every day' }))).toMatch(/cron pattern cannot be read/);
    expect(invalidReason(job({ cron: '61 * * * *' }))).toMatch(/cron pattern cannot be read/);
    expect(invalidReason(job({ cron: '0 2 * * *', timezone: 'Mars/Olympus' }))).toMatch(/timezone/);
    expect(invalidReason(job({ cron: '0 0 30 2 *' }))).toMatch(/never matches/);
    expect(invalidReason(job({ name: '' }))).toMatch(/name/);
    expect(invalidReason(job({ name: 'has space' }))).toMatch(/name/);
  });

  it('answers any pattern string with a schedule or SCHEDULER_JOB_INVALID, never another error', () => {
    const part = fc.oneof(
      fc.constantFrom('*', '?', 'L', 'W', '#', '/', '-', ',', 'MON', 'JAN', '0', '59', '60', '99999'),
      fc.string({ maxLength: 6 }),
    );
    const pattern = fc.oneof(
      fc.string({ maxLength: 40 }),
      fc.array(part, { minLength: 1, maxLength: 8 }).map((parts) => parts.join(' ')),
    );
    fc.assert(
      fc.property(pattern, (cron) => {
        try {
          compileSchedule(job({ cron }), now);
        } catch (error) {
          expect(error).toBeInstanceOf(LifelineError);
          expect((error as LifelineError).code).toBe('SCHEDULER_JOB_INVALID');
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('tickId', () => {
  it('is the ISO time with whole seconds, so every process names a tick the same way', () => {
    expect(tickId(new Date('2026-01-13T08:00:01.999Z'))).toBe('2026-01-13T08:00:01.000Z');
    expect(tickId(new Date('2026-01-13T08:00:01.000Z'))).toBe('2026-01-13T08:00:01.000Z');
  });
});

describe('describeFailure', () => {
  it('keeps one short line and drops stacks', () => {
    const error = new Error(`first line\n    at secret (file.ts:1)`);
    expect(describeFailure(error)).toBe('Error: first line');
    const long = describeFailure(new TypeError('x'.repeat(500)));
    expect(long.length).toBe(200);
    expect(long.startsWith('TypeError: xxx')).toBe(true);
  });

  it('names the code of a LifelineError, and says when the job was aborted', () => {
    expect(describeFailure(new LifelineError('DB_UNAVAILABLE', 'database down'))).toBe(
      'DB_UNAVAILABLE: database down',
    );
    expect(describeFailure('a string')).toBe('the job failed without an Error object');
    const controller = new AbortController();
    controller.abort();
    expect(describeFailure(new Error('whatever'), controller.signal)).toBe(ABORTED);
  });
});
