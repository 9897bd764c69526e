import { describe, expect, it } from 'vitest';

import { NORMALISE_LIMITS } from '../limits.js';
import { normaliseAuditd, parseAuditdRecord } from './record.js';

function fieldsOf(line: string): Record<string, unknown> {
  const result = normaliseAuditd(line);
  if (!result.ok) throw new Error(result.reason);
  return result.fields;
}

describe('audit records', () => {
  it('decodes hex-encoded EXECVE arguments and joins them into cmdline', () => {
    const result = normaliseAuditd(
      'type=EXECVE msg=audit(1700000000.123:456): argc=3 a0="curl" a1="-o" a2=2F746D702F6E6F7465732E7368',
    );
    expect(result).toEqual({
      ok: true,
      time: '2023-11-14T22:13:20.123Z',
      fields: {
        type: 'EXECVE',
        argc: '3',
        a0: 'curl',
        a1: '-o',
        a2: '/tmp/notes.sh',
        cmdline: 'curl -o /tmp/notes.sh',
      },
    });
  });

  it('names the syscall of a raw x86-64 record and keeps register arguments as they are', () => {
    const fields = fieldsOf(
      'type=SYSCALL msg=audit(1700000000.123:456): arch=c000003e syscall=59 success=yes exit=0 a0=55d0c3a1 ' +
        'a1=55d0c3a1f2e0 a2=7ffd a3=8 items=2 ppid=2101 pid=2150 auid=1000 uid=0 gid=0 euid=0 tty=pts0 ses=3 ' +
        'comm="curl" exe="/usr/bin/curl" subj=unconfined key="exec_watch"',
    );
    expect(fields).toMatchObject({
      type: 'SYSCALL',
      SYSCALL: 'execve',
      syscall: '59',
      a0: '55d0c3a1',
      a3: '8',
      exe: '/usr/bin/curl',
      comm: 'curl',
      key: 'exec_watch',
      euid: '0',
    });
  });

  it('reads the enriched format after the group separator, raw fields first', () => {
    const fields = fieldsOf(
      'type=SYSCALL msg=audit(1700000001.000:457): arch=c000003e syscall=319 success=yes exit=3 uid=33 ' +
        'euid=33 comm="ecasound" exe="/usr/bin/ecasound" key=(null)\x1dARCH=x86_64 SYSCALL=memfd_create ' +
        'AUID="unset" UID="www-data" EUID="www-data"',
    );
    expect(fields).toMatchObject({
      SYSCALL: 'memfd_create',
      ARCH: 'x86_64',
      UID: 'www-data',
      euid: '33',
      key: '(null)',
    });
  });

  it('names aarch64 syscalls and leaves unknown architectures alone', () => {
    expect(fieldsOf('type=SYSCALL msg=audit(1.0:1): arch=c00000b7 syscall=221').SYSCALL).toBe('execve');
    expect(fieldsOf('type=SYSCALL msg=audit(1.0:1): arch=40000003 syscall=11')).not.toHaveProperty('SYSCALL');
  });

  it("spreads the user-space msg='…' of USER_CMD into fields and decodes its hex cmd", () => {
    const fields = fieldsOf(
      'type=USER_CMD msg=audit(1700000002.500:460): pid=3100 uid=1000 auid=1000 ses=3 subj=unconfined ' +
        'msg=\'cwd="/home/alice" cmd=6C73202D6C61202F726F6F74 exe="/usr/bin/sudo" terminal=pts/0 res=success\'',
    );
    expect(fields).toMatchObject({
      type: 'USER_CMD',
      cmd: 'ls -la /root',
      exe: '/usr/bin/sudo',
      res: 'success',
      pid: '3100',
    });
  });

  it('decodes proctitle with its NUL separators as spaces, and socket addresses', () => {
    expect(fieldsOf('type=PROCTITLE msg=audit(1.0:2): proctitle=6375726C002D6F002F746D70').proctitle).toBe(
      'curl -o /tmp',
    );
    expect(fieldsOf('type=SOCKADDR msg=audit(1.0:3): saddr=02000050C0A8010A0000000000000000')).toMatchObject({
      saddr_fam: 'inet',
      laddr: '192.168.1.10',
      lport: '80',
    });
    // An odd number of hex digits is no struct sockaddr: the raw value stays, nothing is guessed.
    const odd =
      'type=SOCKADDR msg=audit(1.0:3): saddr=0A0001BB00000000200104F8000000000000000000000001000000000';
    expect(fieldsOf(odd)).not.toHaveProperty('laddr');
    expect(
      fieldsOf(
        'type=SOCKADDR msg=audit(1.0:3): saddr=0A0001BB00000000200104F800000000000000000000000100000000',
      ),
    ).toMatchObject({ saddr_fam: 'inet6', laddr: '2001:4f8::1', lport: '443' });
    expect(
      fieldsOf('type=SOCKADDR msg=audit(1.0:3): saddr=01002F72756E2F6E7363642F736F636B657400'),
    ).toMatchObject({
      saddr_fam: 'local',
      path: '/run/nscd/socket',
    });
  });

  it('trims trailing NULs from proctitle in one pass, however long the runs', () => {
    // A NUL run that does not end the value made the former /\0+$/ retry at every NUL: about 13 s
    // for these 200 000 (quadratic in the run). The backwards walk keeps this test in milliseconds.
    const run = '00'.repeat(200_000);
    const inner = fieldsOf(`type=PROCTITLE msg=audit(1.0:2): proctitle=61${run}62`).proctitle;
    expect(inner).toBe(`a${' '.repeat(200_000)}b`.slice(0, NORMALISE_LIMITS.maxStringChars));
    expect(fieldsOf(`type=PROCTITLE msg=audit(1.0:2): proctitle=6C73002D6C61${run}`).proctitle).toBe(
      'ls -la',
    );
    expect(fieldsOf(`type=PROCTITLE msg=audit(1.0:2): proctitle=${run}`).proctitle).toBe('');
  });

  it('rejoins an argument auditd split into parts and keeps the node name', () => {
    const fields = fieldsOf(
      'node=web01 type=EXECVE msg=audit(1.0:9): argc=2 a0="echo" a1_len=10 a1[0]=68656C6C6F a1[1]=776F726C64',
    );
    expect(fields).toMatchObject({ node: 'web01', a1: 'helloworld', cmdline: 'echo helloworld' });
  });

  it('keeps PATH names and quoted values that merely look like hex', () => {
    const fields = fieldsOf(
      'type=PATH msg=audit(1.0:4): item=1 name="CAFE" inode=1 nametype=CREATE cap_fp=0 name2=2F746D70',
    );
    expect(fields).toMatchObject({ name: 'CAFE', nametype: 'CREATE', name2: '2F746D70' });
  });

  it('refuses lines that are not audit records, quoting nothing', () => {
    expect(normaliseAuditd('hello type=EXECVE')).toEqual({ ok: false, reason: 'not an audit record' });
    expect(parseAuditdRecord('type=EXECVE msg=audit(x:1): a0="ls"')).toEqual({
      reason: 'not an audit record',
    });
    expect(normaliseAuditd(`type=EXECVE msg=audit(1.0:1): ${'a'.repeat(2 * 1024 * 1024)}`)).toEqual({
      ok: false,
      reason: 'audit record too large',
    });
  });
});
