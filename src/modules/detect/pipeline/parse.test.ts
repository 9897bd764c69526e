import { describe, expect, it } from 'vitest';

import { isLifelineError, type LifelineError } from '../../../kernel/errors.js';
import { parsePipeline } from './parse.js';

const VALID = `name: site
description: A site pipeline
fieldMappings:
  src_ip: [c-ip, source.ip]
logsources:
  - logsource: { product: windows, service: security }
    conditions: { Channel: Security }
  - logsource: { product: windows, category: process_creation }
    conditions:
      Channel: Microsoft-Windows-Sysmon/Operational
      EventID: [1]
    fieldMappings: { Image: NewProcessName }
`;

function failure(text: string): LifelineError {
  try {
    parsePipeline(text, '/etc/lifeline/pipelines/site.yml');
  } catch (error) {
    if (isLifelineError(error)) return error;
    throw error;
  }
  throw new Error('expected the pipeline to be refused');
}

describe('parsePipeline', () => {
  it('reads a valid pipeline into the shared contract', () => {
    expect(parsePipeline(VALID, 'site.yml')).toEqual({
      name: 'site',
      description: 'A site pipeline',
      fieldMappings: { src_ip: ['c-ip', 'source.ip'] },
      logsources: [
        { logsource: { product: 'windows', service: 'security' }, conditions: { Channel: 'Security' } },
        {
          logsource: { product: 'windows', category: 'process_creation' },
          conditions: { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: [1] },
          fieldMappings: { Image: 'NewProcessName' },
        },
      ],
    });
  });

  it('defaults missing conditions and field mappings to none', () => {
    const pipeline = parsePipeline('name: x\nlogsources:\n  - logsource: { product: linux }\n', 'x.yml');
    expect(pipeline).toEqual({
      name: 'x',
      fieldMappings: {},
      logsources: [{ logsource: { product: 'linux' }, conditions: {} }],
    });
  });

  it('names the file, line and key of an unknown key', () => {
    const error = failure(VALID.replace('    fieldMappings: { Image', '    fieldMapings: { Image'));
    expect(error.code).toBe('DETECT_PIPELINE_INVALID');
    expect(error.details).toMatchObject({
      file: '/etc/lifeline/pipelines/site.yml',
      line: 12,
      key: 'logsources.1.fieldMapings',
    });
    expect(error.message).toMatch(/^\/etc\/lifeline\/pipelines\/site\.yml:12: logsources\.1\.fieldMapings: /);
  });

  it('names the line of a value of the wrong type', () => {
    const error = failure(VALID.replace('EventID: [1]', 'EventID: { one: 1 }'));
    expect(error.details).toMatchObject({ line: 11, key: 'logsources.1.conditions.EventID' });
  });

  it('refuses a mapping that names no logsource key, and an empty value list', () => {
    expect(failure(VALID.replace('{ product: windows, service: security }', '{}')).details).toMatchObject({
      line: 6,
      key: 'logsources.0.logsource',
    });
    expect(failure(VALID.replace('EventID: [1]', 'EventID: []')).details).toMatchObject({
      line: 11,
      key: 'logsources.1.conditions.EventID',
    });
  });

  it('refuses missing and malformed top-level keys', () => {
    expect(failure('name: x\n').details).toMatchObject({ line: 1, key: 'logsources' });
    expect(failure(VALID.replace('name: site', 'name: Site Pipeline')).details).toMatchObject({
      line: 1,
      key: 'name',
    });
    expect(failure(VALID.replace('logsources:', 'logsource:')).details).toMatchObject({ key: 'logsource' });
  });

  it('reports YAML syntax errors, duplicate keys, several documents and empty files with a line', () => {
    expect(failure('name: x\nlogsources: [\n').details).toMatchObject({ key: '' });
    const duplicate = failure('name: x\nname: y\nlogsources: []\n');
    expect(duplicate.details).toMatchObject({ line: 2 });
    expect(duplicate.message).toContain('not valid YAML');
    expect(failure(`${VALID}---\nname: other\n`).details).toMatchObject({ line: 13 });
    expect(failure('').message).toContain('is empty');
    expect(failure('# only a comment\n').message).toBe('/etc/lifeline/pipelines/site.yml:1: is empty');
  });

  it('refuses alias bombs and oversized files', () => {
    const bomb = ['name: x', 'a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 12; i += 1)
      bomb.push(
        `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10)
          .fill(`*${String.fromCharCode(97 + i)}`)
          .join(', ')}]`,
      );
    expect(failure(`${bomb.join('\n')}\nlogsources: []\n`).message).toContain('cannot be read');
    expect(failure(`# ${'x'.repeat(1024 * 1024)}\n`).message).toContain('larger than');
  });
});
