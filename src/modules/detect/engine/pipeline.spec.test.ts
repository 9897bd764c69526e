import { describe, expect, it } from 'vitest';
import type { ProcessingPipeline } from '../types.js';
import { compileRules } from './compile-rules.js';
import { rule } from './engine.testkit.js';

const PIPELINE: ProcessingPipeline = {
  name: 'test',
  logsources: [
    {
      logsource: { product: 'windows', category: 'process_creation' },
      conditions: { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1 },
    },
    {
      logsource: { product: 'windows', category: 'process_creation' },
      conditions: { Channel: 'Security', EventID: 4688 },
      fieldMappings: { Image: 'NewProcessName', ParentImage: 'ParentProcessName' },
    },
    {
      logsource: { product: 'windows', service: 'security' },
      conditions: { Channel: 'Security' },
    },
    {
      logsource: { product: 'linux' },
      conditions: { host_os: ['linux', 'ubuntu'] },
      fieldMappings: { CommandLine: ['cmdline', 'proc.cmdline'] },
    },
  ],
  fieldMappings: { User: 'SubjectUserName', NewProcessName: 'NewProcessName' },
};

const WHOAMI = rule(`sel:\n  Image|endswith: '\\whoami.exe'\n  User: jane\ncondition: sel`, { id: 'whoami' });
const LOGON = rule(`sel:\n  EventID: 4625\ncondition: sel`, {
  id: 'failed-logon',
  logsource: '{ product: windows, service: security }',
});
const LINUX = rule(`sel:\n  CommandLine|contains: 'nc -e'\ncondition: sel`, {
  id: 'netcat',
  logsource: '{ product: linux, category: process_creation }',
});
const MAC = rule(`sel:\n  Image: x\ncondition: sel`, {
  id: 'mac',
  logsource: '{ product: macos, category: process_creation }',
});

const loaded = compileRules([{ file: 'r.yml', text: [WHOAMI, LOGON, LINUX, MAC].join('\n---\n') }], {
  pipeline: PIPELINE,
});
const ids = (fields: Record<string, string | number>): string[] =>
  loaded.matcher.match(fields).map((r) => r.id);

describe('pipelines', () => {
  it('runs a rule on the events of every mapping that fits it, with that mapping’s field names', () => {
    const sysmon = { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1, SubjectUserName: 'jane' };
    expect(ids({ ...sysmon, Image: 'C:\\whoami.exe' })).toEqual(['whoami']);
    const security = { Channel: 'Security', EventID: '4688', SubjectUserName: 'jane' };
    expect(ids({ ...security, NewProcessName: 'C:\\whoami.exe' })).toEqual(['whoami']);
    expect(ids({ ...security, Image: 'C:\\whoami.exe' })).toEqual([]);
  });

  it('keeps a rule away from events of other log sources', () => {
    expect(ids({ Channel: 'System', EventID: 1, Image: 'C:\\whoami.exe', SubjectUserName: 'jane' })).toEqual(
      [],
    );
    expect(
      ids({ Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 3, Image: 'C:\\whoami.exe' }),
    ).toEqual([]);
    expect(ids({ Image: 'C:\\whoami.exe', SubjectUserName: 'jane' })).toEqual([]);
  });

  it('matches mapping conditions case-insensitively and against numbers or text', () => {
    expect(ids({ Channel: 'security', EventID: 4625 })).toEqual(['failed-logon']);
    expect(ids({ Channel: 'SECURITY', EventID: '4625' })).toEqual(['failed-logon']);
  });

  it('maps a field to several event fields, any of which may match', () => {
    expect(ids({ host_os: 'Ubuntu', cmdline: 'nc -e /bin/sh' })).toEqual(['netcat']);
    expect(ids({ host_os: 'linux', 'proc.cmdline': 'nc -e /bin/sh' })).toEqual(['netcat']);
    expect(ids({ host_os: 'linux', CommandLine: 'nc -e /bin/sh' })).toEqual([]);
  });

  it('counts rules no mapping fits as inactive, not as problems', () => {
    expect(loaded.problems).toEqual([]);
    expect(loaded.rules.map((r) => r.id)).toEqual(['whoami', 'failed-logon', 'netcat']);
    expect(loaded.inactive.map((r) => r.id)).toEqual(['mac']);
    expect(loaded.source('mac')).toBeDefined();
  });

  it('runs every rule on every event without a pipeline, ignoring logsource', () => {
    const plain = compileRules([{ file: 'r.yml', text: [WHOAMI, MAC].join('\n---\n') }]);
    expect(plain.inactive).toEqual([]);
    expect(plain.matcher.match({ Image: 'x' }).map((r) => r.id)).toEqual(['mac']);
    expect(plain.matcher.match({ Image: 'C:\\whoami.exe', User: 'jane' }).map((r) => r.id)).toEqual([
      'whoami',
    ]);
  });

  it('reports a rule once even when two mappings route the same event to it', () => {
    const twice: ProcessingPipeline = {
      name: 'twice',
      fieldMappings: {},
      logsources: [
        { logsource: { product: 'windows' }, conditions: {} },
        { logsource: { product: 'windows', category: 'process_creation' }, conditions: { EventID: 1 } },
      ],
    };
    const result = compileRules([{ file: 'r.yml', text: WHOAMI }], { pipeline: twice });
    expect(result.matcher.match({ EventID: 1, Image: 'a\\whoami.exe', User: 'jane' })).toHaveLength(1);
  });

  it('routes on several condition fields, each with a list of allowed values', () => {
    const registry: ProcessingPipeline = {
      name: 'registry',
      fieldMappings: {},
      logsources: [
        {
          logsource: { product: 'windows', category: 'registry_delete' },
          conditions: { Channel: 'Sysmon', EventID: 12, EventType: ['DeleteKey', 'DeleteValue'] },
        },
      ],
    };
    const deleted = rule(`sel:\n  TargetObject|contains: '\\Run\\'\ncondition: sel`, {
      id: 'run-key-deleted',
      logsource: '{ product: windows, category: registry_delete }',
    });
    const result = compileRules([{ file: 'r.yml', text: deleted }], { pipeline: registry });
    const base = { Channel: 'sysmon', EventID: 12, TargetObject: 'HKLM\\x\\Run\\evil' };
    expect(result.matcher.match({ ...base, EventType: 'DeleteValue' })).toHaveLength(1);
    expect(result.matcher.match({ ...base, EventType: ['CreateKey', 'DeleteKey'] })).toHaveLength(1);
    expect(result.matcher.match({ ...base, EventType: 'CreateKey' })).toHaveLength(0);
    expect(result.matcher.match({ ...base, EventID: 13, EventType: 'DeleteKey' })).toHaveLength(0);
    expect(
      result.matcher.match({ Channel: 'sysmon', EventID: 12, TargetObject: 'HKLM\\Run\\x' }),
    ).toHaveLength(0);
  });
});
