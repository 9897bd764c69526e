import { readFileSync } from 'node:fs';

import type { EventFields, LogsourceMapping } from '../types.js';

export type FixtureName =
  | 'sysmon-1.evtx'
  | 'sysmon-1.winlogbeat'
  | 'security-4688.xmltodict'
  | 'security-4688.winlogbeat'
  | 'security-4624.evtx'
  | 'security-1102.evtx'
  | 'powershell-4104.evtx'
  | 'powershell-4104.winlogbeat'
  | 'powershell-400.evtx';

/** The text of a sample event under normalise/fixtures (hand-written, realistic, no real people). */
export function fixtureText(name: FixtureName): string {
  return readFileSync(new URL(`./fixtures/${name}.json`, import.meta.url), 'utf8');
}

/**
 * Whether an event satisfies a mapping's conditions as the engine reads them: every named field
 * equals one of the listed values; numbers and their decimal text are the same value.
 */
export function conditionsHold(fields: EventFields, mapping: LogsourceMapping): boolean {
  return Object.entries(mapping.conditions).every(([name, wanted]) => {
    const actual = fields[name];
    if (actual === undefined || actual === null || Array.isArray(actual)) return false;
    const options = Array.isArray(wanted) ? wanted : [wanted];
    return options.some((option) => String(option) === String(actual));
  });
}
