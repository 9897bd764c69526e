import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isLifelineError } from '../../../../kernel/errors.js';
import { ehrError } from '../errors.js';
import { isFhirResource, type FhirResource } from '../fhir-types.js';
import type { EhrStore } from '../store/store.js';
import { processBundle } from '../transaction/bundle-processor.js';

export type CorpusName = 'synthea' | 'fhir-ips';

export interface SeedReport {
  /** JSON files read. */
  files: number;
  /** Bundles applied, whole or in part. */
  bundles: number;
  /** Versions written, by resource type. */
  written: Record<string, number>;
  /** Problems, by position (file names can carry patient names, so they are not repeated). */
  problems: { position: string; reason: string }[];
}

async function jsonFiles(dir: string): Promise<string[]> {
  const found: string[] = [];
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch {
    return found;
  }
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) found.push(...(await jsonFiles(path)));
    else if (entry.name.endsWith('.json')) found.push(path);
  }
  return found;
}

/** Synthea's organisations and practitioners first: the patient bundles refer to them conditionally. */
function syntheaOrder(paths: string[]): string[] {
  const rank = (path: string): number =>
    path.includes('hospitalInformation') ? 0 : path.includes('practitionerInformation') ? 1 : 2;
  return [...paths].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
}

/** A document or collection bundle as a transaction of PUTs, so its fullUrl references resolve the same way. */
function asTransaction(bundle: FhirResource): FhirResource {
  const entries = Array.isArray(bundle.entry) ? (bundle.entry as Record<string, unknown>[]) : [];
  return {
    resourceType: 'Bundle',
    type: 'transaction',
    entry: entries.map((entry) => {
      const resource = entry?.resource as FhirResource | undefined;
      const id = resource?.id;
      const request =
        typeof id === 'string'
          ? { method: 'PUT', url: `${resource?.resourceType}/${id}` }
          : { method: 'POST', url: resource?.resourceType };
      return { ...entry, request };
    }),
  };
}

function tally(report: SeedReport, types: Iterable<string>): void {
  for (const type of types) report.written[type] = (report.written[type] ?? 0) + 1;
}

function apply(store: EhrStore, bundle: FhirResource, position: string, report: SeedReport): void {
  try {
    const result = processBundle(store, bundle, { ids: 'keep' });
    report.bundles += 1;
    tally(
      report,
      result.written.map((version) => version.type),
    );
    if (result.failed > 0)
      report.problems.push({ position, reason: `${result.failed} batch entries failed` });
  } catch (error) {
    report.problems.push({
      position,
      reason: isLifelineError(error) ? `${error.code}: ${error.message}` : 'unreadable bundle',
    });
  }
}

/**
 * Loads the real FHIR corpora into the store: Synthea's transaction and batch bundles (hospital and
 * practitioner files first) and the IPS document bundles. Resources keep their corpus ids and every
 * urn:uuid and conditional reference is resolved to a stored `Type/id`.
 */
export async function seedFromCorpora(
  store: EhrStore,
  corporaDir: string,
  options: { include?: readonly CorpusName[] } = {},
): Promise<SeedReport> {
  const include = options.include ?? ['synthea', 'fhir-ips'];
  const report: SeedReport = { files: 0, bundles: 0, written: {}, problems: [] };
  const plan: { corpus: CorpusName; paths: string[] }[] = [];
  if (include.includes('synthea'))
    plan.push({
      corpus: 'synthea',
      paths: syntheaOrder(await jsonFiles(join(corporaDir, 'synthea', 'bundles'))),
    });
  if (include.includes('fhir-ips'))
    plan.push({ corpus: 'fhir-ips', paths: await jsonFiles(join(corporaDir, 'fhir-ips')) });
  if (plan.every(({ paths }) => paths.length === 0)) {
    throw ehrError('CONTINUITY_EHR_SEED_FAILED', 'No corpus files were found', { include: [...include] });
  }
  for (const { corpus, paths } of plan) {
    for (const [index, path] of paths.entries()) {
      const position = `${corpus} file ${index + 1}`;
      report.files += 1;
      let json: unknown;
      try {
        json = JSON.parse(await readFile(path, 'utf8'));
      } catch {
        report.problems.push({ position, reason: 'not readable JSON' });
        continue;
      }
      if (!isFhirResource(json) || json.resourceType !== 'Bundle') continue;
      if (json.type === 'transaction' || json.type === 'batch') apply(store, json, position, report);
      else if (json.type === 'document' || json.type === 'collection')
        apply(store, asTransaction(json), position, report);
    }
  }
  return report;
}
