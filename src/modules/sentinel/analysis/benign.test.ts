import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  gpgEncrypt,
  jpegBytes,
  officeBytes,
  pdfBytes,
  pngBytes,
  prose,
  run,
  tempDir,
  writeFile,
} from '../fingerprint/fixtures.testkit.js';
import { createScene, seed, type Scene } from './scene.testkit.js';

/**
 * Ordinary work on a share, done for real with the tools that do it, reported as a watcher sees
 * it. None of it may reach the threshold; most of it must not score at all.
 */
let scene: Scene;

beforeEach(async () => {
  scene = createScene('benign');
  for (let i = 0; i < 30; i++) {
    seed(scene, {
      [`docs/letter-${i}.pdf`]: pdfBytes(i + 1),
      [`docs/rota-${i}.docx`]: officeBytes('docx', i + 1),
      [`docs/budget-${i}.xlsx`]: officeBytes('xlsx', i + 1),
      [`docs/notes-${i}.txt`]: prose(3000, i + 1),
      [`images/scan-${i}.jpg`]: jpegBytes(i + 1),
    });
  }
  await scene.analyzer.baseline([scene.root]);
});
afterEach(() => scene.dispose());

const writer = 'pid:100';
const score = (): number => scene.analyzer.verdict(writer).score;

describe('benign workloads never reach the threshold', () => {
  it('zip of a tree', () => {
    expect(scene.replay(() => run('zip', ['-q', '-r', 'docs.zip', 'docs'], scene.root), writer).score).toBe(
      0,
    );
  });

  it('tar.gz of a tree', () => {
    expect(scene.replay(() => run('tar', ['-czf', 'docs.tar.gz', 'docs'], scene.root), writer).score).toBe(0);
  });

  it('gpg-encrypting files into new .gpg files, then removing the originals', { timeout: 60_000 }, () => {
    const home = tempDir('gnupg');
    try {
      // gpg takes about a second a file here, so three files stand for many.
      for (let i = 0; i < 3; i++) {
        const original = scene.path(`docs/letter-${i}.pdf`);
        scene.replay(() => gpgEncrypt(original, `${original}.gpg`, home.path), writer);
        expect(scene.analyzer.known(`${original}.gpg`)?.type).toBe('pgp');
      }
      for (let i = 0; i < 3; i++) scene.remove(`docs/letter-${i}.pdf`, writer);
      expect(score()).toBe(0);
    } finally {
      home.remove();
    }
  });

  it('writing new JPEG and PNG files, and re-saving existing photos', () => {
    for (let i = 0; i < 60; i++) {
      scene.write(`camera/img-${i}.jpg`, jpegBytes(i + 3), writer);
      scene.write(
        `charts/chart-${i}.png`,
        pngBytes(32, 32, (x, y) => [(x * i) % 256, y * 8, 128]),
        writer,
      );
    }
    for (let i = 0; i < 30; i++) scene.write(`images/scan-${i}.jpg`, jpegBytes(i + 50), writer);
    expect(score()).toBe(0);
  });

  it('Word saving: temp file, original renamed away, temp renamed in, backup deleted', () => {
    for (let i = 0; i < 30; i++) {
      scene.write(`docs/~WRD${i}.tmp`, officeBytes('docx', i + 100), writer);
      scene.rename(`docs/rota-${i}.docx`, `docs/~WRL${i}.tmp`, writer);
      scene.rename(`docs/~WRD${i}.tmp`, `docs/rota-${i}.docx`, writer);
      scene.remove(`docs/~WRL${i}.tmp`, writer);
    }
    expect(score()).toBe(0);
    expect(scene.analyzer.known(scene.path('docs/rota-0.docx'))?.type).toBe('docx');
  });

  it('Excel saving: an extensionless temp file renamed over, and LibreOffice renaming over the original', () => {
    for (let i = 0; i < 30; i++) {
      const temp = randomBytes(4).toString('hex').toUpperCase();
      scene.write(`docs/${temp}`, officeBytes('xlsx', i + 100), writer);
      scene.rename(`docs/budget-${i}.xlsx`, `docs/${temp}.tmp`, writer);
      scene.rename(`docs/${temp}`, `docs/budget-${i}.xlsx`, writer);
      scene.remove(`docs/${temp}.tmp`, writer);
      scene.write(`docs/lu${i}.tmp`, officeBytes('docx', i + 200), writer);
      scene.rename(`docs/lu${i}.tmp`, `docs/rota-${i}.docx`, writer);
    }
    expect(score()).toBe(0);
  });

  it('saving documents in place, and a legacy .doc re-saved as Office Open XML', () => {
    seed(scene, {
      'docs/old.doc': Buffer.concat([
        Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]),
        Buffer.alloc(9000),
      ]),
    });
    for (let i = 0; i < 30; i++) {
      scene.write(`docs/rota-${i}.docx`, officeBytes('docx', i + 300), writer);
      scene.write(`docs/letter-${i}.pdf`, pdfBytes(i + 300), writer);
      scene.write(`docs/notes-${i}.txt`, prose(5000, i + 300), writer);
    }
    scene.write('docs/old.doc', officeBytes('docx', 7), writer);
    expect(score()).toBe(0);
  });

  it('npm install of a package with many files', () => {
    const pkg = tempDir('pkg');
    try {
      writeFile(join(pkg.path, 'package.json'), '{"name":"ward-utils","version":"1.0.0","main":"index.js"}');
      writeFile(join(pkg.path, 'README.md'), '# ward-utils\n\nHelpers.');
      writeFile(join(pkg.path, 'HOW_TO_RESTORE.txt'), 'Restore the defaults with reset().');
      for (let i = 0; i < 40; i++)
        writeFile(join(pkg.path, `lib/m${i}.js`), `module.exports = ${i};\n${prose(800, i)}`);
      writeFile(join(pkg.path, 'dist/bundle.js.gz'), randomBytes(6000));
      run('npm', ['pack', '--silent', '--pack-destination', scene.root], pkg.path);
      writeFile(scene.path('app/package.json'), '{"name":"app","version":"1.0.0"}');
      const install = [
        'install',
        '../ward-utils-1.0.0.tgz',
        '--offline',
        '--no-audit',
        '--no-fund',
        '--ignore-scripts',
      ];
      const verdict = scene.replay(
        () => run('npm', [...install, '--cache', join(pkg.path, 'cache')], scene.path('app')),
        writer,
      );
      expect(verdict.files.length).toBeGreaterThan(40);
      expect(verdict.score).toBe(2.5); // the HOW_TO_RESTORE.txt it ships: a note name, no ransom text
    } finally {
      pkg.remove();
    }
  });

  it('git clone of a repository', () => {
    const source = tempDir('repo');
    try {
      for (let i = 0; i < 40; i++) writeFile(join(source.path, `src/f${i}.txt`), prose(2000, i));
      writeFile(
        join(source.path, 'assets/logo.png'),
        pngBytes(32, 32, (x, y) => [x * 8, y * 8, 0]),
      );
      run('git', ['init', '-q'], source.path);
      run('git', ['add', '.'], source.path);
      run(
        'git',
        ['-c', 'user.name=t', '-c', 'user.email=t@example.invalid', 'commit', '-q', '-m', 'init'],
        source.path,
      );
      const verdict = scene.replay(
        () => run('git', ['clone', '-q', '--no-local', source.path, 'clone'], scene.root),
        writer,
      );
      expect(verdict.files.length).toBeGreaterThan(40);
      expect(verdict.score).toBe(0);
    } finally {
      source.remove();
    }
  });

  it('log rotation: rename to .1, compress to .1.gz, delete .1, start a new log', () => {
    for (let i = 0; i < 10; i++) seed(scene, { [`logs/app${i}.log`]: prose(20000, i) });
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 10; i++) {
        const log = `logs/app${i}.log`;
        if (round > 0) scene.rename(`${log}.1.gz`, `${log}.2.gz`, writer);
        scene.rename(log, `${log}.1`, writer);
        scene.write(log, prose(500, round), writer);
        scene.replay(() => run('gzip', ['-f', `app${i}.log.1`], scene.path('logs')), writer);
        scene.write(log, prose(20000, round + i), writer);
      }
    }
    expect(score()).toBe(0);
  });

  it('a backup tool reading everything and writing an encrypted repository beside it', () => {
    for (let i = 0; i < 200; i++) {
      const id = randomBytes(32).toString('hex');
      scene.write(`backup/tmp-${i}`, randomBytes(20000), writer);
      mkdirSync(scene.path(`backup/data/${id.slice(0, 2)}`), { recursive: true });
      scene.rename(`backup/tmp-${i}`, `backup/data/${id.slice(0, 2)}/${id}`, writer);
    }
    expect(score()).toBe(0);
  });
});

describe('the same workloads with no writer known', () => {
  it('stay below the threshold even when all activity lands on one key', { timeout: 60_000 }, () => {
    const home = tempDir('gnupg');
    try {
      scene.replay(() => run('tar', ['-czf', 'all.tar.gz', 'docs'], scene.root), 'unknown');
      for (let i = 0; i < 30; i++) {
        scene.write(`docs/~WRD${i}.tmp`, officeBytes('docx', i + 100), 'unknown');
        scene.rename(`docs/rota-${i}.docx`, `docs/~WRL${i}.tmp`, 'unknown');
        scene.rename(`docs/~WRD${i}.tmp`, `docs/rota-${i}.docx`, 'unknown');
        scene.remove(`docs/~WRL${i}.tmp`, 'unknown');
        const original = scene.path(`docs/notes-${i}.txt`);
        if (i < 3) scene.replay(() => gpgEncrypt(original, `${original}.gpg`, home.path), 'unknown');
        scene.write(`camera/new-${i}.jpg`, jpegBytes(i), 'unknown');
      }
      expect(scene.analyzer.verdict('unknown').detected).toBe(false);
    } finally {
      home.remove();
    }
  });
});
