import { describe, expect, it } from 'vitest';
import { LATIN1_A01, hl7 } from '../testing/adt-samples.testkit.js';
import { charsetFromMsh18, decodeHl7Bytes, encodeHl7Bytes, peekMshField } from './charset.js';
import { parseHl7 } from './parse.js';

const utf8Message = hl7(
  'MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5.1||||||UNICODE UTF-8',
  'PID|1||X^^^^MR||Łukasiewicz^Zoë',
);

describe('character sets', () => {
  it('maps MSH-18 names', () => {
    expect(charsetFromMsh18('8859/1')).toBe('latin1');
    expect(charsetFromMsh18('UNICODE UTF-8')).toBe('utf-8');
    expect(charsetFromMsh18('ASCII')).toBeUndefined();
    expect(charsetFromMsh18('')).toBeUndefined();
  });

  it('peeks at an MSH field without parsing the message', () => {
    expect(peekMshField(LATIN1_A01, 18)).toBe('8859/1');
    expect(peekMshField(LATIN1_A01, 10)).toBe('MSG-L1');
    expect(peekMshField('MSH|^~\\&|A|B|C|D|x||y|z|P|2||||||8859/1~UNICODE UTF-8\r', 18)).toBe('8859/1');
    expect(peekMshField('no header', 18)).toBe('');
  });

  it('writes and reads Latin-1 when MSH-18 says 8859/1', () => {
    const bytes = encodeHl7Bytes(LATIN1_A01);
    expect(bytes.length).toBe(LATIN1_A01.length);
    expect(bytes.includes(Buffer.from('Lef\xe8vre', 'latin1'))).toBe(true);
    const decoded = decodeHl7Bytes(bytes);
    expect(decoded.charset).toBe('latin1');
    expect(parseHl7(decoded.text).get('PID-5.2')).toBe('Amélie');
  });

  it('writes and reads UTF-8 otherwise', () => {
    expect(parseHl7(utf8Message).get('MSH-18')).toBe('UNICODE UTF-8');
    const bytes = encodeHl7Bytes(utf8Message);
    expect(bytes.includes(Buffer.from('Łukasiewicz', 'utf8'))).toBe(true);
    const decoded = decodeHl7Bytes(bytes);
    expect(decoded.charset).toBe('utf-8');
    expect(parseHl7(decoded.text).get('PID-5.2')).toBe('Zoë');
  });

  it('reads undeclared bytes that are not UTF-8 as Latin-1', () => {
    const undeclared = 'MSH|^~\\&|A|B|C|D|20260101||ADT^A01|1|P|2.5.1\rPID|1||X^^^^MR||Dupr\xe9\r';
    const decoded = decodeHl7Bytes(Buffer.from(undeclared, 'latin1'));
    expect(decoded.charset).toBe('latin1');
    expect(parseHl7(decoded.text).get('PID-5')).toBe('Dupré');
  });

  it('replaces characters Latin-1 cannot hold instead of corrupting them', () => {
    const text = LATIN1_A01.replace('Amélie', 'Łucja');
    expect(decodeHl7Bytes(encodeHl7Bytes(text)).text).toContain('?ucja');
  });

  it('reads hex escapes in the declared character set', () => {
    const latin = parseHl7(LATIN1_A01.replace('Amélie', 'Am\\XE9\\lie'));
    expect(latin.get('PID-5.2')).toBe('Amélie');
    const utf8 = parseHl7(utf8Message.replace('Zoë', 'Zo\\XC3AB\\'));
    expect(utf8.get('PID-5.2')).toBe('Zoë');
  });
});
