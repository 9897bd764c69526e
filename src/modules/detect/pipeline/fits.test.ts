import { describe, expect, it } from 'vitest';

import type { ProcessingPipeline } from '../types.js';
import { eventFieldsFor, mappingsForRule, pipelineLogsourceFits } from './fits.js';

describe('pipelineLogsourceFits', () => {
  it('needs every key the mapping names, equal ignoring case', () => {
    const mapping = { product: 'windows', category: 'process_creation' };
    expect(pipelineLogsourceFits({ product: 'windows', category: 'process_creation' }, mapping)).toBe(true);
    expect(pipelineLogsourceFits({ product: 'Windows', category: 'PROCESS_CREATION' }, mapping)).toBe(true);
    expect(pipelineLogsourceFits({ product: 'windows' }, mapping)).toBe(false);
    expect(pipelineLogsourceFits({ product: 'linux', category: 'process_creation' }, mapping)).toBe(false);
    expect(pipelineLogsourceFits({ category: 'process_creation' }, mapping)).toBe(false);
  });

  it('ignores keys the mapping leaves out', () => {
    expect(pipelineLogsourceFits({ product: 'windows', service: 'security' }, { product: 'windows' })).toBe(
      true,
    );
    expect(pipelineLogsourceFits({ product: 'zeek', category: 'proxy' }, { category: 'proxy' })).toBe(true);
    expect(pipelineLogsourceFits({}, {})).toBe(true);
  });
});

const PIPELINE: ProcessingPipeline = {
  name: 't',
  fieldMappings: { User: 'user.name', src_ip: ['c-ip', 'source.ip'] },
  logsources: [
    { logsource: { product: 'windows', category: 'process_creation' }, conditions: { EventID: 1 } },
    {
      logsource: { product: 'windows', category: 'process_creation' },
      conditions: { EventID: 4688 },
      fieldMappings: { Image: 'NewProcessName', User: 'SubjectUserName' },
    },
    { logsource: { product: 'windows', service: 'security' }, conditions: { Channel: 'Security' } },
  ],
};

describe('mappingsForRule and eventFieldsFor', () => {
  it('finds every fitting mapping in file order', () => {
    const found = mappingsForRule(PIPELINE, { product: 'windows', category: 'process_creation' });
    expect(found.map((mapping) => mapping.conditions.EventID)).toEqual([1, 4688]);
    expect(mappingsForRule(PIPELINE, { product: 'linux' })).toEqual([]);
  });

  it('applies the mapping’s own field mappings, then the pipeline’s to the result', () => {
    const [sysmon, security] = PIPELINE.logsources;
    if (!sysmon || !security) throw new Error('fixture');
    expect(eventFieldsFor(PIPELINE, security, 'Image')).toEqual(['NewProcessName']);
    expect(eventFieldsFor(PIPELINE, security, 'User')).toEqual(['SubjectUserName']);
    expect(eventFieldsFor(PIPELINE, security, 'src_ip')).toEqual(['c-ip', 'source.ip']);
    const chained = {
      ...PIPELINE,
      fieldMappings: { NewProcessName: ['NewProcessName', 'process.executable'] },
    };
    expect(eventFieldsFor(chained, security, 'Image')).toEqual(['NewProcessName', 'process.executable']);
    expect(eventFieldsFor(PIPELINE, sysmon, 'User')).toEqual(['user.name']);
    expect(eventFieldsFor(PIPELINE, sysmon, 'src_ip')).toEqual(['c-ip', 'source.ip']);
    expect(eventFieldsFor(PIPELINE, sysmon, 'CommandLine')).toEqual(['CommandLine']);
    expect(eventFieldsFor(PIPELINE, sysmon, 'toString')).toEqual(['toString']);
  });
});
