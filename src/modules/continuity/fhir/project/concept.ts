import type { KitCode } from '../../types.js';
import { type JsonObject, asObject, asString, objectsOf } from '../resource.js';

/**
 * CodeableConcept → what a clinician reads: the concept's own text first (it is what the author
 * saw), then the first coding's display, then its bare code.
 */
export function conceptText(concept: unknown): string | undefined {
  const value = asObject(concept);
  if (!value) return undefined;
  const text = asString(value.text);
  if (text !== undefined) return text;
  const codings = objectsOf(value.coding);
  for (const coding of codings) {
    const display = asString(coding.display);
    if (display !== undefined) return display;
  }
  for (const coding of codings) {
    const code = asString(coding.code);
    if (code !== undefined) return code;
  }
  return undefined;
}

export function kitCode(concept: unknown, fallback: string): KitCode {
  const result: KitCode = { text: conceptText(concept) ?? fallback };
  const coding = objectsOf(asObject(concept)?.coding).find((item) => asString(item.code) !== undefined);
  if (coding) {
    const system = asString(coding.system);
    if (system !== undefined) result.system = system;
    result.code = coding.code as string;
  }
  return result;
}

/** The code of the first coding, optionally from one system: FHIR status concepts carry one coding. */
export function firstCode(concept: unknown, system?: string): string | undefined {
  for (const coding of objectsOf(asObject(concept)?.coding)) {
    if (system !== undefined && coding.system !== system) continue;
    const code = asString(coding.code);
    if (code !== undefined) return code;
  }
  return undefined;
}

export function hasCode(concept: unknown, system: string | null, codes: ReadonlySet<string>): boolean {
  for (const coding of objectsOf(asObject(concept)?.coding)) {
    if (system !== null && coding.system !== system) continue;
    if (typeof coding.code === 'string' && codes.has(coding.code)) return true;
  }
  return false;
}

export function anyHasCode(concepts: unknown, system: string | null, codes: ReadonlySet<string>): boolean {
  return objectsOf(concepts).some((concept: JsonObject) => hasCode(concept, system, codes));
}
