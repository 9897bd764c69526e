import { closeSync, mkdtempSync, openSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import {
  describeWriter,
  findOpeners,
  parseCommandLine,
  parseFdinfoFlags,
  parsePasswd,
  parseStatStartTicks,
  parseStatusUid,
  processStartTicks,
  writableFlags,
} from './writers.js';
import { exited, spawnNode } from './watch.testkit.js';

describe('writer lookup in /proc', () => {
  it('describes this process', () => {
    const me = describeWriter(process.pid);
    expect(me.pid).toBe(process.pid);
    expect(me.executable).toBe(realpathSync(process.execPath));
    expect(me.commandLine).toContain('node');
    expect(me.user).not.toBeNull();
    expect(me.startTicks).toBe(processStartTicks(process.pid));
    expect(me.startTicks).toBeGreaterThan(0);
  });

  it('tells a later process from an earlier one by its start time', async () => {
    const child = spawnNode('setTimeout(() => {}, 20000)', []);
    const pid = child.pid ?? 0;
    const started = processStartTicks(pid);
    expect(started).not.toBeNull();
    expect(started).toBeGreaterThanOrEqual(processStartTicks(process.pid) ?? Infinity);
    child.kill('SIGKILL');
    await exited(child);
    expect(processStartTicks(pid)).toBeNull();
    expect(processStartTicks(0)).toBeNull();
  });

  it('answers nulls for a process that is gone and for nonsense pids', async () => {
    const child = spawnNode('', []);
    await exited(child);
    expect(describeWriter(child.pid ?? 0)).toEqual({
      pid: child.pid,
      executable: null,
      commandLine: null,
      user: null,
    });
    expect(describeWriter(-1).pid).toBeNull();
    expect(describeWriter(1.5).executable).toBeNull();
  });

  it('finds the processes that hold a file open', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-openers-'));
    const file = join(dir, 'held.txt');
    writeFileSync(file, 'x');
    const fd = openSync(file, 'r');
    try {
      expect(findOpeners(file)).toContain(process.pid);
    } finally {
      closeSync(fd);
    }
    expect(findOpeners(file)).not.toContain(process.pid);
    rmSync(dir, { recursive: true });
  });

  it('with writable, finds only the processes holding a file open for writing', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-openers-'));
    const file = join(dir, 'held.txt');
    writeFileSync(file, 'x');
    const reader = openSync(file, 'r');
    try {
      expect(findOpeners(file)).toContain(process.pid);
      expect(findOpeners(file, { writable: true })).not.toContain(process.pid);
      for (const mode of ['r+', 'a', 'w']) {
        const writer = openSync(file, mode);
        try {
          expect(findOpeners(file, { writable: true })).toContain(process.pid);
        } finally {
          closeSync(writer);
        }
      }
    } finally {
      closeSync(reader);
      rmSync(dir, { recursive: true });
    }
  });
});

describe('/proc and /etc/passwd parsers', () => {
  it('reads the effective uid from status', () => {
    expect(parseStatusUid('Name:\tsmbd\nUid:\t0\t1001\t0\t1001\nGid:\t0\t0\t0\t0\n')).toBe(1001);
    expect(parseStatusUid('Name:\tx\n')).toBeNull();
    expect(parseStatusUid('Uid:\tabc\n')).toBeNull();
  });

  it('maps uids to names, first entry wins, junk skipped', () => {
    const users = parsePasswd(
      'root:x:0:0::/root:/bin/sh\n# comment\nbroken\nalice:x:1000:1000::/home/a:/bin/sh\ndup:x:0:0::/:/bin/sh\n',
    );
    expect([...users]).toEqual([
      [0, 'root'],
      [1000, 'alice'],
    ]);
  });

  it('joins a NUL-separated command line and caps it', () => {
    expect(parseCommandLine(Buffer.from('python3\0enc.py\0/srv/share\0'))).toBe('python3 enc.py /srv/share');
    expect(parseCommandLine(Buffer.alloc(0))).toBeNull();
    expect(parseCommandLine(Buffer.from('a'.repeat(10_000)))?.length).toBe(4097);
  });

  it('reads the start time after the last parenthesis, whatever the command name holds', () => {
    const tail = 'S 1 2 3 0 -1 4194560 10 0 0 0 1 2 0 0 20 0 1 0 987654 12345 67 18446744073709551615';
    expect(parseStatStartTicks(`42 (node) ${tail}`)).toBe(987654);
    expect(parseStatStartTicks(`42 (evil) 1 2 3 ) (x) ${tail}`)).toBe(987654);
    expect(parseStatStartTicks('42 (node) S 1 2')).toBeNull();
    expect(parseStatStartTicks('no paren')).toBeNull();
  });

  it('reads open flags from fdinfo and tells writing from reading', () => {
    expect(parseFdinfoFlags('pos:\t0\nflags:\t0100002\nmnt_id:\t29\n')).toBe(0o100002);
    expect(parseFdinfoFlags('pos:\t0\nflags:\t02100000\n')).toBe(0o2100000);
    expect(parseFdinfoFlags('flags:\tzz\n')).toBeNull();
    expect(writableFlags(0o100002)).toBe(true);
    expect(writableFlags(0o2102001)).toBe(true);
    expect(writableFlags(0o2100000)).toBe(false);
  });

  it('never throws on arbitrary stat or fdinfo text', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (stat, fdinfo) => {
        const ticks = parseStatStartTicks(stat);
        expect(ticks === null || Number.isSafeInteger(ticks)).toBe(true);
        const flags = parseFdinfoFlags(fdinfo);
        expect(flags === null || (Number.isSafeInteger(flags) && flags >= 0)).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.string(), fc.nat(), (name, ticks) => {
        const stat = `7 (${name}) R ${'1 '.repeat(18)}${ticks} 5 6`;
        expect(parseStatStartTicks(stat)).toBe(ticks);
      }),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.string(), fc.uint8Array(), (text, bytes) => {
        const uid = parseStatusUid(text);
        expect(uid === null || Number.isSafeInteger(uid)).toBe(true);
        for (const [id, name] of parsePasswd(text)) {
          expect(Number.isSafeInteger(id) && name.length > 0 && !name.includes(':')).toBe(true);
        }
        const line = parseCommandLine(Buffer.from(bytes));
        expect(line === null || line.length <= 4097).toBe(true);
      }),
    );
    fc.assert(
      fc.property(
        fc.array(fc.stringMatching(/^[a-z_][a-z0-9_-]{0,15}$/), { minLength: 1, maxLength: 5 }),
        (names) => {
          const passwd = names.map((name, i) => `${name}:x:${i + 100}:100::/home:/bin/sh`).join('\n');
          const users = parsePasswd(passwd);
          names.forEach((name, i) => expect(users.get(i + 100)).toBe(name));
        },
      ),
    );
  });
});
