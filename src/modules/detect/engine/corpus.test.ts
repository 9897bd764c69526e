/**
 * The SigmaHQ rule set (read in place from the shared corpora, never copied): almost every document must
 * compile, and each one that does not must say where and why.
 */
import { corpusPath } from '../../../kernel/corpora.testkit.js';
import { describe, expect, it } from 'vitest';
import type { RuleProblem } from '../types.js';
import { loadRules } from './index.js';

const SIGMA = corpusPath('sigma');
// Documents are reported relative to this prefix, hence the trailing separator.
const CORPUS = SIGMA ? `${SIGMA}/` : '';
const present = CORPUS !== '';

const PLACEHOLDERS: Record<string, string[]> = Object.fromEntries(
  [
    'Administrators',
    'DC-MACHINE-NAME',
    'Admins_Workstations',
    'ApprovedUserUpn',
    'Approved_Inviters',
    'DomainControllers',
    'HomeTenantID',
    'Important_AppIds',
    'KNOWN_LOCATION',
    'Known_Location',
    'Legitimate_Countries',
    'Legitimate_IP_Ranges',
    'ServerSystems',
    'UnApprovedDevice',
    'UnApprovedIp',
    'UnLegitCountries',
    'Workstations',
    'dc_ip_addresses',
    'dc_machine_accounts',
    'domain_controller_hostnames',
    'internal_domains',
    'legit_ips',
    'legtimate_identifiers',
    'userdomain',
  ].map((name) => [name, [`${name.toLowerCase()}-1`, `${name.toLowerCase()}-2*`]]),
);

function describeProblem(problem: RuleProblem): string {
  return `${problem.file.slice(CORPUS.length)}:${problem.line} ${problem.reason}`;
}

describe.skipIf(!present)('SigmaHQ corpus', () => {
  it('compiles at least 99 % of rules, emerging-threats and threat-hunting, and explains the rest', async () => {
    const loaded = await loadRules({
      paths: ['rules', 'rules-emerging-threats', 'rules-threat-hunting'].map((dir) => CORPUS + dir),
    });
    const accounted = loaded.rules.length + loaded.inactive.length + loaded.correlationDocuments.length;
    const documentProblems = loaded.problems.length;
    expect(loaded.documentCount).toBeGreaterThan(3700);
    expect(accounted + documentProblems).toBe(loaded.documentCount);
    expect(loaded.rules.length / loaded.documentCount).toBeGreaterThanOrEqual(0.99);
    for (const problem of loaded.problems) {
      expect(problem.file.startsWith(CORPUS)).toBe(true);
      expect(problem.line).toBeGreaterThanOrEqual(1);
      expect(problem.reason.length).toBeGreaterThan(10);
    }
    // The remaining problems, for the record (and a failing test shows them all).
    expect(
      loaded.problems.map(describeProblem).every((line) => /regular expression|placeholder/.test(line)),
    ).toBe(true);
  }, 60_000);

  it('compiles every placeholder rule once placeholders are configured', async () => {
    const loaded = await loadRules({ paths: [`${CORPUS}rules-placeholder`], placeholders: PLACEHOLDERS });
    expect(loaded.problems.map(describeProblem)).toEqual([]);
    expect(loaded.rules).toHaveLength(loaded.documentCount);
    expect(loaded.documentCount).toBeGreaterThanOrEqual(20);
    const withoutValues = await loadRules({ paths: [`${CORPUS}rules-placeholder`] });
    expect(withoutValues.rules).toHaveLength(0);
    expect(
      withoutValues.problems.every((p) => /placeholder %[\w-]+% has no configured values/.test(p.reason)),
    ).toBe(true);
  }, 30_000);
});
