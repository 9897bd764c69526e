import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LifelineError } from '../../../../kernel/errors.js';
import '../../source/errors.js';
import { capturingFetch, describeFailure, sanitise, sensitiveValues } from './refusal.js';

const transaction = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    {
      fullUrl: 'urn:uuid:00000000-0000-4000-8000-000000000030',
      resource: {
        resourceType: 'Patient',
        identifier: [{ system: 'urn:lifeline:downtime-id', value: 'DT-ICU-0001' }],
        name: [{ family: 'Nieuw', given: ['Noor', 'Anna'] }],
        birthDate: '1990-01-02',
      },
      request: { method: 'POST', url: 'Patient' },
    },
    {
      resource: {
        resourceType: 'DocumentReference',
        status: 'current',
        content: [
          { attachment: { contentType: 'text/plain', data: Buffer.from('Fell at home').toString('base64') } },
        ],
      },
    },
  ],
};

const refused = new LifelineError('CONTINUITY_SOURCE_REQUEST_FAILED', undefined, {
  status: 422,
  issues: ['business-rule'],
});

describe('what is kept of an EHR refusal', () => {
  it('keeps the reason and the entry, and none of the documented content', () => {
    const body = JSON.stringify({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'business-rule',
          diagnostics:
            'Patient Nieuw, Noor (born 1990-01-02, DT-ICU-0001) already admitted; note "Fell at home"',
          expression: ['Bundle.entry[1]'],
        },
      ],
    });
    const failure = describeFailure(refused, body, sensitiveValues(transaction));
    expect(failure.entry).toBe(1);
    expect(failure.message).toMatch(
      /^The EHR refused the transaction \(HTTP 422, business-rule\): Patient …/,
    );
    expect(failure.message).toContain('already admitted');
    expect(failure.message).not.toMatch(/Nieuw|Noor|1990-01-02|DT-ICU-0001|Fell|home/);
  });

  it('says what went wrong when the EHR gave no OperationOutcome or could not be reached', () => {
    expect(describeFailure(refused, '<html>busy</html>', [])).toEqual({
      message: 'The EHR refused the transaction (HTTP 422)',
      entry: null,
    });
    const unreachable = new LifelineError('CONTINUITY_SOURCE_UNREACHABLE');
    expect(describeFailure(unreachable, null, []).message).toBe(
      'The EHR could not be reached; post again later',
    );
    expect(describeFailure(new Error('socket'), null, []).message).toMatch(/unexpectedly/);
  });

  it('blanks record numbers and addresses and bounds the length', () => {
    expect(sanitise('MRN 123456 of jan@example.org\u0000', [])).toBe('MRN … of …');
    expect(sanitise('x'.repeat(1000), []).length).toBeLessThanOrEqual(400);
  });

  it('never lets a documented value through, whatever surrounds it', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ minLength: 3, maxLength: 12 }), { minLength: 1, maxLength: 5 }),
        fc.array(fc.string({ maxLength: 6 }), { maxLength: 6 }),
        (values, filler) => {
          const clean = values.filter((value) => !value.includes('…') && value.trim() === value);
          const text = filler
            .map((part, index) => `${part}${clean[index % Math.max(clean.length, 1)] ?? ''}`)
            .join('');
          const safe = sanitise(text, clean);
          for (const value of clean)
            if (value.replace(/\p{Cc}+/gu, ' ').length >= 3) expect(safe).not.toContain(value);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('keeps a copy of a refused answer while the caller still reads its own', async () => {
    const base: typeof fetch = async () =>
      new Response('{"resourceType":"OperationOutcome"}', { status: 422 });
    const capture = capturingFetch(base);
    const response = await capture.fetch('http://ehr.test/fhir', {});
    expect(await response.text()).toBe('{"resourceType":"OperationOutcome"}');
    expect(capture.refusal()).toBe('{"resourceType":"OperationOutcome"}');
  });
});
