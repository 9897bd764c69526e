import { readdirSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encrypted, hasTool, pdfBytes, prose, run } from '../fingerprint/fixtures.testkit.js';
import { createScene, seed, type Scene } from './scene.testkit.js';

/**
 * Tools that compress or encrypt a file into a new one and remove the original, as people use
 * them on a share. Their output declares itself (a container header), so none of it may score.
 */
let scene: Scene;
const writer = 'pid:300';
const files = 12;

beforeEach(async () => {
  scene = createScene('containers');
  for (let i = 0; i < files; i++) {
    seed(scene, { [`docs/letter-${i}.pdf`]: pdfBytes(i + 1), [`docs/notes-${i}.txt`]: prose(12000, i + 1) });
  }
  await scene.analyzer.baseline([scene.root]);
});
afterEach(() => scene.dispose());

const originals = (): string[] => readdirSync(scene.path('docs')).filter((name) => /\.(pdf|txt)$/.test(name));

/** Runs `command` on every original in docs/, as one writer, and returns that writer's score. */
function eachFile(command: string, args: (name: string) => string[], remove = false): number {
  for (const name of originals()) {
    scene.replay(() => {
      run(command, args(name), scene.path('docs'));
      if (remove) rmSync(scene.path(`docs/${name}`));
    }, writer);
  }
  return scene.analyzer.verdict(writer).score;
}

describe('compress and remove the original', () => {
  const tools: Array<[string, (name: string) => string[]]> = [
    ['gzip', (name) => ['-q', name]],
    ['xz', (name) => ['-q', name]],
    ['zstd', (name) => ['-q', '--rm', name]],
    ['lz4', (name) => ['-q', '--rm', name, `${name}.lz4`]],
  ];
  for (const [tool, args] of tools) {
    it.skipIf(!hasTool(tool))(`${tool} (skipped when ${tool} is not installed)`, () => {
      expect(eachFile(tool, args)).toBe(0);
      expect(originals()).toEqual([]);
    });
  }

  it('brotli-style output (no magic bytes) under its own .br name', () => {
    for (const name of originals()) {
      scene.write(`docs/${name}.br`, encrypted(Buffer.from(prose(9000))), writer);
      scene.remove(`docs/${name}`, writer);
    }
    expect(scene.analyzer.verdict(writer).score).toBe(0);
  });
});

describe('encrypt and remove the original', () => {
  it.skipIf(!hasTool('openssl'))('openssl enc -salt, then rm (needs openssl)', () => {
    const score = eachFile(
      'openssl',
      (name) => [
        'enc',
        '-aes-256-cbc',
        '-salt',
        '-pbkdf2',
        '-pass',
        'pass:x',
        '-in',
        name,
        '-out',
        `${name}.enc`,
      ],
      true,
    );
    expect(score).toBe(0);
  });

  it('age (its header, then the payload), then the original removed', () => {
    for (const name of originals()) {
      const header = Buffer.from('age-encryption.org/v1\n-> X25519 c29tZQ\nc2FsdA\n--- aGVhZGVy\n');
      scene.write(`docs/${name}.age`, Buffer.concat([header, encrypted(Buffer.alloc(12000))]), writer);
      scene.remove(`docs/${name}`, writer);
    }
    expect(scene.analyzer.verdict(writer).score).toBe(0);
  });
});
