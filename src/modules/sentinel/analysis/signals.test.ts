import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LifelineError } from '../../../kernel/errors.js';
import { encrypted, officeBytes, pdfBytes, prose } from '../fingerprint/fixtures.testkit.js';
import { ActivityAnalyzer } from './analyzer.js';
import { createScene, seed, type Scene } from './scene.testkit.js';

const NOTE = [
  'YOUR FILES HAVE BEEN ENCRYPTED!',
  'All your documents, databases and backups are encrypted with a strong algorithm.',
  'To get the decryptor, pay 2 BTC to the wallet address below.',
  'Contact us through the Tor Browser: http://restorexyzexample.onion',
  'Your personal ID: 7F3A-19BC. Do not rename the files.',
].join('\n');

let scene: Scene;
beforeEach(async () => {
  scene = createScene('signals');
  seed(scene, {
    'a/letter.pdf': pdfBytes(1),
    'a/rota.docx': officeBytes('docx', 1),
    'a/notes.txt': prose(9000, 1),
    'a/canary.docx': officeBytes('docx', 9),
  });
  scene.canaries.add(scene.path('a/canary.docx'));
  await scene.analyzer.baseline([scene.root]);
});
afterEach(() => scene.dispose());

describe('canary-touched', () => {
  it.each(['write', 'delete', 'rename'] as const)('a %s of a canary alone is a detection', (kind) => {
    const canary = scene.path('a/canary.docx');
    const verdict =
      kind === 'write'
        ? scene.write('a/canary.docx', encrypted(officeBytes('docx', 9)))
        : kind === 'delete'
          ? scene.remove('a/canary.docx')
          : scene.rename('a/canary.docx', 'a/canary.docx.locked');
    expect(verdict.detected).toBe(true);
    expect(verdict.signals).toEqual([
      expect.objectContaining({ kind: 'canary-touched', path: canary, weight: 10 }),
    ]);
    expect(verdict.files).toContain(canary);
  });

  it('weighs as much as a raised threshold', async () => {
    const strict = new ActivityAnalyzer({ threshold: 25, isCanary: (path) => path.endsWith('canary.docx') });
    const verdict = strict.analyze(
      { kind: 'delete', path: '/share/canary.docx', isDir: false, pid: 9, at: Date.now() },
      { key: 'pid:9', executable: null },
    );
    expect(verdict).toMatchObject({ detected: true, score: 25 });
  });

  it('is not held against an allowed executable, but is held inside an allowed path', () => {
    scene.dispose();
    scene = createScene('canary-allow', { allow: { executables: ['/usr/bin/backup'], paths: [] } });
    scene.canaries.add(scene.path('c.docx'));
    expect(
      scene.report({ kind: 'write', path: scene.path('c.docx') }, 'pid:5', '/usr/bin/backup').detected,
    ).toBe(false);
    scene.dispose();
    scene = createScene('canary-path', { allow: { paths: ['/'] } });
    scene.canaries.add(scene.path('c.docx'));
    expect(scene.report({ kind: 'delete', path: scene.path('c.docx') }, 'pid:5').detected).toBe(true);
  });
});

describe('type-changed and entropy-rise', () => {
  it('pdf into base64 text counts as a type change, without entropy', () => {
    const verdict = scene.write('a/letter.pdf', Buffer.from(encrypted(pdfBytes(1)).toString('base64')));
    expect(verdict.signals.map((signal) => [signal.kind, signal.detail])).toEqual([
      ['type-changed', 'pdf → base64'],
    ]);
  });

  it('a docx saved as a plain zip, or text rewritten as text, does not count', () => {
    const zip = officeBytes('docx', 2);
    zip.write('other/', 30 + 19, 'latin1'); // still a zip, no longer recognisably Word
    expect(scene.write('a/rota.docx', zip).signals).toEqual([]);
    expect(scene.write('a/notes.txt', prose(12000, 5)).signals).toEqual([]);
  });

  it('a re-saved document keeps its type and never counts, whatever its entropy', () => {
    for (let round = 2; round < 8; round++) {
      expect(scene.write('a/rota.docx', officeBytes('docx', round)).score).toBe(0);
      expect(scene.write('a/letter.pdf', pdfBytes(round)).score).toBe(0);
    }
  });

  it('a file whose type was unknown does not count as a type change', async () => {
    seed(scene, { 'a/blob.dat': Buffer.alloc(9000, 3) });
    await scene.analyzer.baseline([scene.root]);
    const verdict = scene.write('a/blob.dat', encrypted(Buffer.alloc(9000)));
    expect(verdict.signals.map((signal) => signal.kind)).toEqual(['entropy-rise']);
  });

  it('a file truncated to nothing keeps its fingerprint until it is written again', () => {
    expect(scene.write('a/letter.pdf', '').signals).toEqual([]);
    expect(scene.write('a/letter.pdf', encrypted(pdfBytes(1))).signals.map((signal) => signal.kind)).toEqual([
      'type-changed',
      'entropy-rise',
    ]);
  });

  it('a file counts once, however often it is written', () => {
    scene.write('a/letter.pdf', encrypted(pdfBytes(1)));
    expect(scene.write('a/letter.pdf', encrypted(pdfBytes(1))).score).toBe(5);
  });
});

describe('rename-unknown-extension', () => {
  beforeEach(() => {
    seed(
      scene,
      Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`r/report-${i}.pdf`, pdfBytes(i + 1)])),
    );
  });

  it('counts only in bursts, then every rename of the burst', () => {
    expect(scene.rename('r/report-0.pdf', 'r/report-0.pdf.locked').score).toBe(0);
    expect(scene.rename('r/report-1.pdf', 'r/report-1.pdf.locked').score).toBe(0);
    const verdict = scene.rename('r/report-2.pdf', 'r/report-2.pdf.locked');
    expect(verdict.signals.map((signal) => signal.kind)).toEqual(Array(3).fill('rename-unknown-extension'));
    expect(verdict.score).toBe(6);
    expect(scene.rename('r/report-3.pdf', 'r/report-3.xyz9').score).toBe(8);
  });

  it('does not count renames spread out over time', () => {
    for (let i = 0; i < 5; i++) {
      expect(scene.rename(`r/report-${i}.pdf`, `r/report-${i}.pdf.lockbit`).score).toBe(0);
      scene.tick(61_000);
    }
  });

  it('does not count rotation, backup, temporary or known extensions', () => {
    const targets = [
      'report-0.pdf.1',
      'report-1.pdf.bak',
      'report-2.pdf.tmp',
      'report-3.pdf.gz',
      'report-4.pdf-20260101',
    ];
    targets.forEach((target, i) => expect(scene.rename(`r/report-${i}.pdf`, `r/${target}`).score).toBe(0));
  });
});

describe('ransom-note', () => {
  it('name and text together weigh more than either', () => {
    const both = scene.write('a/HOW_TO_DECRYPT.txt', NOTE);
    expect(both.signals).toEqual([
      expect.objectContaining({ kind: 'ransom-note', weight: 5, detail: 'note name and ransom text' }),
    ]);
    expect(scene.write('b/ordinary-name.txt', NOTE, 'pid:2').signals[0]?.weight).toBe(3);
    expect(scene.write('c/RESTORE-MY-FILES.txt', 'hello', 'pid:3').signals[0]?.weight).toBe(2.5);
  });

  it('two notes with ransom text in two folders are a detection', () => {
    scene.write('a/README.txt', NOTE);
    expect(scene.write('b/README.txt', NOTE).detected).toBe(true);
  });

  it('a note created empty and written later counts its text once the text arrives', () => {
    const path = scene.path('a/!!!RESTORE_FILES!!!.hta');
    scene.write('a/!!!RESTORE_FILES!!!.hta', '');
    expect(scene.analyzer.verdict('pid:4242').score).toBe(0);
    scene.write('a/!!!RESTORE_FILES!!!.hta', `<html><body><p>${NOTE}</p></body></html>`);
    const verdict = scene.write('a/!!!RESTORE_FILES!!!.hta', `<html><body><p>${NOTE}</p></body></html>`);
    expect(verdict.score).toBe(5);
    expect(verdict.signals.every((signal) => signal.path === path)).toBe(true);
  });

  it('note names without ransom text never reach the threshold', () => {
    for (let i = 0; i < 20; i++) scene.write(`d${i}/DECRYPT_INSTRUCTIONS.txt`, prose(300, i));
    expect(scene.analyzer.verdict('pid:4242').score).toBe(5);
  });

  it('an ordinary README and a security leaflet are not notes', () => {
    expect(scene.write('a/README.txt', 'Install with make; see the manual.').score).toBe(0);
    const leaflet =
      'If you see a message that your files are encrypted, unplug the network cable and call the IT desk.';
    expect(scene.write('a/security-leaflet.txt', leaflet).score).toBe(0);
  });
});

describe('mass-delete', () => {
  it('deleting many files adds evidence, capped below the threshold', () => {
    seed(scene, Object.fromEntries(Array.from({ length: 120 }, (_, i) => [`old/f-${i}.txt`, prose(200, i)])));
    return scene.analyzer.baseline([scene.root]).then(() => {
      for (let i = 0; i < 120; i++) scene.remove(`old/f-${i}.txt`);
      const verdict = scene.analyzer.verdict('pid:4242');
      expect(verdict.signals.map((signal) => signal.kind)).toEqual(['mass-delete', 'mass-delete']);
      expect(verdict.score).toBe(6);
      expect(verdict.detected).toBe(false);
    });
  });

  it('deleting files the writer created itself is not counted', () => {
    for (let i = 0; i < 60; i++) scene.write(`tmp/t-${i}.txt`, 'x');
    for (let i = 0; i < 60; i++) scene.remove(`tmp/t-${i}.txt`);
    expect(scene.analyzer.verdict('pid:4242').score).toBe(0);
  });
});

describe('allow-lists, window, memory', () => {
  it('ignores allowed paths', async () => {
    const analyzer = new ActivityAnalyzer({
      isCanary: () => false,
      allow: { paths: [scene.path('scratch')] },
      now: () => scene.clock.now,
    });
    seed(scene, {
      'scratch/x.pdf': pdfBytes(1),
      'scratch/y.pdf': pdfBytes(2),
      'scratchpad/z.pdf': pdfBytes(3),
    });
    await analyzer.baseline([scene.root]);
    const write = (name: string, executable: string | null = null) => {
      seed(scene, { [name]: encrypted(pdfBytes(1)) });
      return analyzer.analyze(
        { kind: 'write', path: scene.path(name), isDir: false, pid: 1, at: scene.clock.now },
        { key: 'pid:1', executable },
      );
    };
    expect(write('scratch/x.pdf').score).toBe(0);
    expect(write('scratch/y.pdf').score).toBe(0);
    expect(write('scratchpad/z.pdf').score).toBe(5); // a prefix is a folder, not a string prefix
    // Ignored activity still updates the baseline, so later judgement compares with the truth.
    expect(analyzer.known(scene.path('scratch/x.pdf'))?.type).toBe('unknown');
  });

  it('ignores an allowed executable', async () => {
    const analyzer = new ActivityAnalyzer({
      isCanary: () => false,
      allow: { executables: ['/usr/bin/tool'] },
    });
    await analyzer.baseline([scene.root]);
    seed(scene, { 'a/letter.pdf': encrypted(pdfBytes(1)), 'a/rota.docx': encrypted(officeBytes('docx', 1)) });
    const at = Date.now();
    for (const name of ['a/letter.pdf', 'a/rota.docx']) {
      const verdict = analyzer.analyze(
        { kind: 'write', path: scene.path(name), isDir: false, pid: 3, at },
        { key: 'pid:3', executable: '/usr/bin/tool' },
      );
      expect(verdict.score).toBe(0);
    }
  });

  it('signals older than the window stop counting; a detection stays until forgotten', () => {
    scene.write('a/letter.pdf', encrypted(pdfBytes(1)));
    scene.tick(11 * 60_000);
    expect(scene.write('a/rota.docx', encrypted(officeBytes('docx', 1))).score).toBe(3.5);
    const detected = scene.write('a/canary.docx', 'x');
    expect(detected.detected).toBe(true);
    scene.tick(11 * 60_000);
    expect(scene.analyzer.verdict('pid:4242')).toMatchObject({ score: 0, detected: true });
    scene.analyzer.forget('pid:4242');
    expect(scene.analyzer.verdict('pid:4242')).toMatchObject({
      score: 0,
      detected: false,
      files: [],
      firstSignalAt: null,
    });
  });

  it('keeps the 1000 most recent files of a writer', () => {
    for (let i = 0; i < 1005; i++) scene.report({ kind: 'delete', path: scene.path(`gone/${i}`) });
    const files = scene.analyzer.verdict('pid:4242').files;
    expect(files).toHaveLength(1000);
    expect(files[0]).toBe(scene.path('gone/5'));
    expect(files.at(-1)).toBe(scene.path('gone/1004'));
  });

  it('bounds the writers it tracks', () => {
    for (let pid = 0; pid < 5000; pid++)
      scene.report({ kind: 'delete', path: scene.path(`w/${pid}`) }, `pid:${pid}`);
    expect(scene.analyzer.trackedWriters).toBeLessThanOrEqual(2048);
    expect(scene.analyzer.verdict('pid:4999').files).toEqual([scene.path('w/4999')]);
  });

  it('refuses a threshold or window that is not positive', () => {
    expect(() => new ActivityAnalyzer({ isCanary: () => false, threshold: 0 })).toThrow(LifelineError);
    expect(() => new ActivityAnalyzer({ isCanary: () => false, windowMs: -1 })).toThrow(/positive/);
  });
});
