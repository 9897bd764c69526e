import { describe, expect, it } from 'vitest';
import { ackCodeOf, buildAck } from './ack.js';
import { parseHl7 } from './er7/parse.js';
import { ADMIT_A01, LATIN1_A01 } from './testing/adt-samples.testkit.js';

const now = new Date('2026-11-26T07:15:03Z');

describe('buildAck', () => {
  it('answers AA with swapped applications, the trigger, and the original control id', () => {
    const original = parseHl7(ADMIT_A01);
    const ack = parseHl7(buildAck(original, 'AA', undefined, { now, controlId: 'ACK1' }));
    expect(ack.segments().map((s) => s.name)).toEqual(['MSH', 'MSA']);
    expect(ack.get('MSH-3')).toBe('LIFELINE');
    expect(ack.get('MSH-4')).toBe('CONTINUITY');
    expect(ack.get('MSH-5')).toBe('HIS');
    expect(ack.get('MSH-6')).toBe('ZNA-MIDDELHEIM');
    expect(ack.get('MSH-7')).toBe('20261126071503+0000');
    expect(ack.field('MSH-9')).toEqual([[['ACK'], ['A01'], ['ACK']]]);
    expect(ack.controlId).toBe('ACK1');
    expect(ack.get('MSH-11')).toBe('P');
    expect(ack.get('MSH-12')).toBe('2.5.1');
    expect(ack.get('MSH-18')).toBe('UNICODE UTF-8');
    expect(ack.get('MSA-1')).toBe('AA');
    expect(ack.get('MSA-2')).toBe('MSG00001');
    expect(ackCodeOf(ack)).toBe('AA');
  });

  it('adds an ERR segment with the HL7 error condition for AE and AR', () => {
    const original = parseHl7(ADMIT_A01);
    const ae = parseHl7(buildAck(original, 'AE', 'try again later', { now }));
    expect(ae.get('MSA-1')).toBe('AE');
    expect(ae.get('MSA-3')).toBe('try again later');
    expect(ae.field('ERR-3')).toEqual([[['207'], ['Application internal error'], ['HL70357']]]);
    expect(ae.get('ERR-4')).toBe('E');
    expect(ae.get('ERR-8')).toBe('try again later');
    const ar = parseHl7(
      buildAck(original, 'AR', 'PID-3 is empty', {
        errorCondition: '101',
        errorLocation: ['PID', 1, 3],
        now,
      }),
    );
    expect(ar.get('ERR-2')).toBe('PID');
    expect(ar.get('ERR-2.3')).toBe('3');
    expect(ar.get('ERR-3')).toBe('101');
    expect(ackCodeOf(ar)).toBe('AR');
  });

  it('uses the original delimiters and character set', () => {
    const original = parseHl7('MSH*!@$%*A*B*C*D*20260101**ADT!A02*X9*T*2.5.1*****BEL*8859/1\r');
    const text = buildAck(original, 'AA', 'ok', { now });
    expect(text.startsWith('MSH*!@$%*C*D*A*B*')).toBe(true);
    const ack = parseHl7(text);
    expect(ack.get('MSH-11')).toBe('T');
    expect(ack.get('MSH-18')).toBe('8859/1');
    expect(ack.get('MSA-2')).toBe('X9');
    expect(parseHl7(buildAck(parseHl7(LATIN1_A01), 'AA')).get('MSH-18')).toBe('8859/1');
  });

  it('gives every ACK its own control id unless one is given', () => {
    const original = parseHl7(ADMIT_A01);
    const first = parseHl7(buildAck(original, 'AA')).controlId;
    const second = parseHl7(buildAck(original, 'AA')).controlId;
    expect(first).toMatch(/^[0-9a-f]{20}$/);
    expect(first).not.toBe(second);
  });

  it('reads commit codes and refuses anything else', () => {
    expect(ackCodeOf(parseHl7('MSH|^~\\&|A\rMSA|CA|1\r'))).toBe('AA');
    expect(ackCodeOf(parseHl7('MSH|^~\\&|A\rMSA|XX|1\r'))).toBeUndefined();
    expect(ackCodeOf(parseHl7('MSH|^~\\&|A\r'))).toBeUndefined();
  });
});
