import { createCipheriv } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectType } from '../fingerprint/index.js';
import { pdfBytes, prose } from '../fingerprint/fixtures.testkit.js';
import { createScene, seed, type Scene } from './scene.testkit.js';
import type { Verdict } from './writer-state.js';

/** AES-CTR output that no signature matches by chance (the key is fixed, so the test is too). */
function noise(plain: Uint8Array, seed: number): Buffer {
  for (let attempt = 0; ; attempt++) {
    const key = Buffer.alloc(32, seed * 31 + attempt);
    const cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16, 7));
    const bytes = Buffer.concat([cipher.update(plain), cipher.final()]);
    if (detectType(bytes.subarray(0, 4096)) === 'unknown') return bytes;
  }
}

const count = 12;
let scene: Scene;
beforeEach(async () => {
  scene = createScene('evasion');
  for (let index = 0; index < count; index++) {
    seed(scene, {
      [`letters/letter-${index}.pdf`]: pdfBytes(index + 1),
      [`notes/notes-${index}.txt`]: prose(12000, index + 1),
    });
  }
  await scene.analyzer.baseline([scene.root]);
});
afterEach(() => scene.dispose());

function filesUntilDetected(step: (index: number) => Verdict): number {
  for (let index = 0; index < count; index++) if (step(index).detected) return index + 1;
  return Infinity;
}

describe('copy, then delete the original, under a name that looks ordinary', () => {
  it.each(['.bak', '.zip', '.gpg', '.old', '.pdf.bak', '.pdf.zip', '.pdf.gpg', '.pdf.old'])(
    'letter.pdf → letter%s: detected by the third pair',
    (suffix) => {
      const found = filesUntilDetected((index) => {
        const original = `letters/letter-${index}.pdf`;
        scene.write(`letters/letter-${index}${suffix}`, noise(pdfBytes(index + 1), index));
        return scene.remove(original);
      });
      expect(found).toBe(3);
      expect(scene.analyzer.verdict('pid:4242').signals[0]?.detail).toMatch(/^replaced by an opaque copy/);
    },
  );

  it('into another folder of the share under the same name, deleting first', () => {
    const found = filesUntilDetected((index) => {
      const name = `letter-${index}.pdf`;
      scene.remove(`letters/${name}`);
      return scene.write(`moved/${name}`, noise(pdfBytes(index + 1), index));
    });
    expect(found).toBe(3);
  });

  it('but not a copy of a very different size, nor a move of bytes that were noise already', async () => {
    seed(
      scene,
      Object.fromEntries(
        Array.from({ length: 6 }, (_, i) => [`blobs/b-${i}.dat`, noise(Buffer.alloc(9000), i)]),
      ),
    );
    await scene.analyzer.baseline([scene.root]);
    for (let index = 0; index < 6; index++) {
      scene.write(
        `other/letter-${index}.pdf`,
        noise(Buffer.alloc(pdfBytes(index + 1).length + 40_000), index),
      );
      scene.remove(`letters/letter-${index}.pdf`);
      scene.write(`other/b-${index}.dat`, noise(Buffer.alloc(9000), index));
      scene.remove(`blobs/b-${index}.dat`);
    }
    expect(scene.analyzer.verdict('pid:4242').score).toBe(0);
  });
});

describe('partial encryption that keeps the type', () => {
  it('a PDF whose first KiB is kept: by the fourth file', () => {
    const found = filesUntilDetected((index) => {
      const plain = pdfBytes(index + 1);
      const kept = Buffer.concat([plain.subarray(0, 1024), noise(plain.subarray(1024), index)]);
      return scene.write(`letters/letter-${index}.pdf`, kept);
    });
    expect(found).toBe(4);
    expect(scene.analyzer.verdict('pid:4242').signals[0]).toMatchObject({
      kind: 'entropy-rise',
      weight: 2.5,
    });
  });

  it('a text file whose first 4 KiB are kept: by the fourth file', () => {
    const found = filesUntilDetected((index) => {
      const plain = Buffer.from(prose(12000, index + 1));
      return scene.write(
        `notes/notes-${index}.txt`,
        Buffer.concat([plain.subarray(0, 4096), noise(plain.subarray(4096), index)]),
      );
    });
    expect(found).toBe(4);
  });

  it('but not a PDF updated incrementally (compressed data appended, the end marker kept)', () => {
    for (let index = 0; index < count; index++) {
      const plain = pdfBytes(index + 1);
      const update = Buffer.concat([
        Buffer.from('\n90 0 obj\n<< /Filter /FlateDecode >>\nstream\n'),
        noise(Buffer.alloc(8000), index),
        Buffer.from(`\nendstream\nendobj\nstartxref\n${plain.length}\n%%EOF\n`),
      ]);
      scene.write(`letters/letter-${index}.pdf`, Buffer.concat([plain, update]));
    }
    expect(scene.analyzer.verdict('pid:4242').score).toBe(0);
  });
});

describe('text rewritten as base64', () => {
  it.each([
    [
      'its encryption, wrapped like base64(1)',
      (text: Buffer, i: number) =>
        noise(text, i)
          .toString('base64')
          .replace(/(.{76})/g, '$1\n'),
    ],
    ['its plain content, on one line', (text: Buffer) => text.toString('base64')],
  ])('counts as a type change: %s', (_, encode) => {
    const text = Buffer.from(prose(12000, 3));
    const verdict = scene.write('notes/notes-0.txt', encode(text, 0));
    expect(verdict.signals.map((signal) => [signal.kind, signal.detail])).toEqual([
      ['type-changed', 'text → base64'],
    ]);
  });
});

describe('one process per file adds up in its group', () => {
  const group = 'exe:/usr/bin/openssl:uid:1000';

  it('in-place rewrites by a new pid each: detected by the group at the second file', () => {
    const found = filesUntilDetected((index) => {
      scene.groups.set(`pid:${500 + index}`, group);
      return scene.write(
        `letters/letter-${index}.pdf`,
        noise(pdfBytes(index + 1), index),
        `pid:${500 + index}`,
      );
    });
    expect(found).toBe(2);
    expect(scene.analyzer.verdict('pid:501')).toMatchObject({ score: 5, detected: false });
    expect(scene.analyzer.verdict(group)).toMatchObject({ score: 10, detected: true });
  });

  it('reports the group when the group decided', () => {
    for (let index = 0; index < 2; index++) scene.groups.set(`pid:${600 + index}`, group);
    scene.write('letters/letter-0.pdf', noise(pdfBytes(1), 0), 'pid:600');
    const verdict = scene.write('letters/letter-1.pdf', noise(pdfBytes(2), 1), 'pid:601');
    expect(verdict).toMatchObject({ detected: true, group, score: 10 });
    expect(verdict.files).toEqual([scene.path('letters/letter-0.pdf'), scene.path('letters/letter-1.pdf')]);
  });

  it('plain deletion by many processes stays under the cap', () => {
    for (let index = 0; index < count; index++) {
      scene.groups.set(`pid:${700 + index}`, 'exe:/usr/bin/rm:uid:0');
      scene.remove(`letters/letter-${index}.pdf`, `pid:${700 + index}`);
      scene.remove(`notes/notes-${index}.txt`, `pid:${700 + index}`);
    }
    expect(scene.analyzer.verdict('exe:/usr/bin/rm:uid:0').detected).toBe(false);
  });
});
