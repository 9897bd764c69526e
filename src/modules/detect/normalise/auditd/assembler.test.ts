import { describe, expect, it } from 'vitest';

import type { NormaliseResult } from '../result.js';
import { AuditdAssembler } from './assembler.js';

const EVENT = [
  'type=SYSCALL msg=audit(1700000000.123:456): arch=c000003e syscall=59 success=yes exit=0 a0=55d0c3a1 ppid=2101 ' +
    'pid=2150 auid=1000 uid=0 euid=0 ses=3 comm="curl" exe="/usr/bin/curl" key="exec_watch"',
  'type=EXECVE msg=audit(1700000000.123:456): argc=3 a0="curl" a1="-o" a2=2F746D702F782E7368',
  'type=CWD msg=audit(1700000000.123:456): cwd="/root"',
  'type=PATH msg=audit(1700000000.123:456): item=0 name="/tmp/x.sh" inode=42 nametype=CREATE',
  'type=PROCTITLE msg=audit(1700000000.123:456): proctitle=6375726C002D6F002F746D702F782E7368',
  'type=EOE msg=audit(1700000000.123:456): ',
];

function fields(results: readonly NormaliseResult[]): Record<string, unknown>[] {
  return results.map((result) => {
    if (!result.ok) throw new Error(result.reason);
    return result.fields;
  });
}

describe('AuditdAssembler', () => {
  it('holds an event until EOE, then gives every record the process context', () => {
    const assembler = new AuditdAssembler();
    const early = EVENT.slice(0, -1).flatMap((line) => assembler.push(line));
    expect(early).toEqual([]);
    const records = fields(assembler.push(EVENT[EVENT.length - 1] ?? ''));
    expect(records.map((record) => record.type)).toEqual(['SYSCALL', 'EXECVE', 'CWD', 'PATH', 'PROCTITLE']);
    const [syscall, execve, , path] = records;
    expect(execve).toMatchObject({
      a0: 'curl',
      a2: '/tmp/x.sh',
      cmdline: 'curl -o /tmp/x.sh',
      exe: '/usr/bin/curl',
      SYSCALL: 'execve',
      pid: '2150',
      auid: '1000',
      key: 'exec_watch',
      cwd: '/root',
      proctitle: 'curl -o /tmp/x.sh',
    });
    // The SYSCALL record's own register arguments are never overwritten by EXECVE's, nor the reverse.
    expect(syscall?.a0).toBe('55d0c3a1');
    expect(execve?.a0).toBe('curl');
    expect(path).toMatchObject({ name: '/tmp/x.sh', nametype: 'CREATE', exe: '/usr/bin/curl', cwd: '/root' });
    expect(syscall).toMatchObject({ cwd: '/root', proctitle: 'curl -o /tmp/x.sh' });
    expect(assembler.flush()).toEqual([]);
  });

  it('completes an event when the next SYSCALL starts and on flush', () => {
    const assembler = new AuditdAssembler();
    assembler.push(EVENT[0] ?? '');
    assembler.push(EVENT[1] ?? '');
    const completed = fields(
      assembler.push(
        'type=SYSCALL msg=audit(1700000001.000:457): arch=c000003e syscall=42 exe="/usr/bin/nc"',
      ),
    );
    expect(completed.map((record) => record.type)).toEqual(['SYSCALL', 'EXECVE']);
    const rest = fields(
      assembler.push('type=SOCKADDR msg=audit(1700000001.000:457): saddr=02000050C0A8010A0000000000000000'),
    );
    expect(rest).toEqual([]);
    const flushed = fields(assembler.flush());
    expect(flushed[1]).toMatchObject({
      type: 'SOCKADDR',
      SYSCALL: 'connect',
      laddr: '192.168.1.10',
      exe: '/usr/bin/nc',
    });
  });

  it('passes records outside a syscall event straight through, and refuses bad lines alone', () => {
    const assembler = new AuditdAssembler();
    assembler.push(EVENT[0] ?? '');
    const login = assembler.push('type=USER_LOGIN msg=audit(1700000002.000:900): pid=1 uid=0 res=success');
    expect(fields(login)[0]).toMatchObject({ type: 'USER_LOGIN', res: 'success' });
    expect(fields(login)[0]).not.toHaveProperty('exe');
    expect(assembler.push('garbage')).toEqual([{ ok: false, reason: 'not an audit record' }]);
    expect(fields(assembler.flush()).map((record) => record.type)).toEqual(['SYSCALL']);
  });

  it('emits a group that reaches 64 records without waiting for EOE', () => {
    const assembler = new AuditdAssembler();
    assembler.push(EVENT[0] ?? '');
    const out: NormaliseResult[] = [];
    for (let i = 0; i < 63; i += 1) {
      out.push(...assembler.push(`type=PATH msg=audit(1700000000.123:456): item=${i} name="/f${i}"`));
    }
    expect(out).toHaveLength(64);
    expect(assembler.flush()).toEqual([]);
  });
});
