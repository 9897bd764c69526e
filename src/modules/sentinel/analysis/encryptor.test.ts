import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encrypted, officeBytes, pdfBytes, prose } from '../fingerprint/fixtures.testkit.js';
import { createScene, seed, type Scene } from './scene.testkit.js';
import type { Verdict } from './writer-state.js';

/** The number of documents an encryptor got through before it was judged (Infinity: never). */
function filesUntilDetected(step: (index: number) => Verdict, count: number): number {
  for (let index = 0; index < count; index++) if (step(index).detected) return index + 1;
  return Infinity;
}

let scene: Scene;
const documents = 12;

beforeEach(async () => {
  scene = createScene('encryptor');
  for (let index = 0; index < documents; index++) {
    seed(scene, {
      [`letters/letter-${index}.pdf`]: pdfBytes(index + 1),
      [`rota/rota-${index}.docx`]: officeBytes('docx', index + 1),
      [`notes/notes-${index}.txt`]: prose(9000, index + 1),
    });
  }
  await scene.analyzer.baseline([scene.root]);
});
afterEach(() => scene.dispose());

describe('encryptors are judged within three documents', () => {
  it('overwriting PDFs in place (type lost, entropy up): the second file', () => {
    const pdf = (index: number): string => `letters/letter-${index}.pdf`;
    const found = filesUntilDetected(
      (index) => scene.write(pdf(index), encrypted(pdfBytes(index + 1))),
      documents,
    );
    expect(found).toBe(2);
    const verdict = scene.analyzer.verdict('pid:4242');
    expect(verdict.signals.map((signal) => signal.kind)).toEqual([
      'type-changed',
      'entropy-rise',
      'type-changed',
      'entropy-rise',
    ]);
    expect(verdict.signals[0]?.detail).toMatch(/^pdf → unknown/);
    expect(verdict.firstSignalAt).not.toBeNull();
  });

  it('overwriting Word documents in place: by the third', () => {
    const found = filesUntilDetected(
      (index) => scene.write(`rota/rota-${index}.docx`, encrypted(officeBytes('docx', index + 1))),
      documents,
    );
    expect(found).toBeLessThanOrEqual(3);
  });

  it('overwriting text notes in place: by the third', () => {
    const found = filesUntilDetected(
      (index) => scene.write(`notes/notes-${index}.txt`, encrypted(Buffer.from(prose(9000, index + 1)))),
      documents,
    );
    expect(found).toBeLessThanOrEqual(3);
  });

  it('encrypting only the first 4 KiB: the second file', () => {
    const found = filesUntilDetected((index) => {
      const original = pdfBytes(index + 1);
      const partial = Buffer.concat([encrypted(original.subarray(0, 4096)), original.subarray(4096)]);
      return scene.write(`letters/letter-${index}.pdf`, partial);
    }, documents);
    expect(found).toBe(2);
  });

  it('base64 output (low entropy, type lost): the second file', () => {
    const found = filesUntilDetected((index) => {
      const output = Buffer.from(encrypted(pdfBytes(index + 1)).toString('base64'));
      return scene.write(`letters/letter-${index}.pdf`, output);
    }, documents);
    expect(found).toBe(2);
    expect(scene.analyzer.verdict('pid:4242').signals[0]?.detail).toBe('pdf → base64');
  });

  it('writing an encrypted copy and deleting the original: the third file', () => {
    const found = filesUntilDetected((index) => {
      const original = `letters/letter-${index}.pdf`;
      scene.write(`${original}.id-7F3A.[restore@example.invalid].locked`, encrypted(pdfBytes(index + 1)));
      return scene.remove(original);
    }, documents);
    expect(found).toBe(3);
    expect(scene.analyzer.verdict('pid:4242').signals.every((signal) => signal.kind === 'mass-delete')).toBe(
      true,
    );
  });

  it('deleting the original first and writing the copy after: the third file', () => {
    const found = filesUntilDetected((index) => {
      const original = `rota/rota-${index}.docx`;
      scene.remove(original);
      return scene.write(`rota/rota-${index}.crypt`, encrypted(officeBytes('docx', index + 1)));
    }, documents);
    expect(found).toBe(3);
  });

  it('renaming first, then encrypting under the new name: the second file', () => {
    const found = filesUntilDetected((index) => {
      const original = `letters/letter-${index}.pdf`;
      scene.rename(original, `${original}.lockbit`);
      return scene.write(`${original}.lockbit`, encrypted(pdfBytes(index + 1)));
    }, documents);
    expect(found).toBe(2);
  });

  it('encrypting into a temporary file and renaming it over the original: the second file', () => {
    const found = filesUntilDetected((index) => {
      const original = `letters/letter-${index}.pdf`;
      scene.write(`letters/.tmp-${index}`, encrypted(pdfBytes(index + 1)));
      return scene.rename(`letters/.tmp-${index}`, original);
    }, documents);
    expect(found).toBe(2);
  });

  it('several threads of one process share one score', () => {
    scene.write('letters/letter-0.pdf', encrypted(pdfBytes(1)), 'pid:77');
    expect(scene.write('rota/rota-0.docx', encrypted(officeBytes('docx', 1)), 'pid:77').detected).toBe(false);
    expect(scene.write('letters/letter-1.pdf', encrypted(pdfBytes(2)), 'pid:77').detected).toBe(true);
  });

  it('scores each writer on its own', () => {
    scene.write('letters/letter-0.pdf', encrypted(pdfBytes(1)), 'pid:1');
    expect(scene.write('letters/letter-1.pdf', encrypted(pdfBytes(2)), 'pid:2').detected).toBe(false);
    expect(scene.analyzer.verdict('pid:1').score).toBe(5);
  });
});
