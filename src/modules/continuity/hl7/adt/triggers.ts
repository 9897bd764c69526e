import type { CensusEvent } from '../../types.js';

type Trigger = CensusEvent['trigger'];

/**
 * The ADT events the census follows, with the message structure HL7 v2.5.1 prescribes for each
 * (MSH-9.3): A04, A08 and A13 reuse ADT_A01, A11 uses ADT_A09.
 */
export const ADT_TRIGGERS: Readonly<Record<Trigger, { kind: CensusEvent['kind']; structure: string }>> = {
  A01: { kind: 'admit', structure: 'ADT_A01' },
  A02: { kind: 'transfer', structure: 'ADT_A02' },
  A03: { kind: 'discharge', structure: 'ADT_A03' },
  A04: { kind: 'register', structure: 'ADT_A01' },
  A08: { kind: 'update', structure: 'ADT_A01' },
  A11: { kind: 'cancel-admit', structure: 'ADT_A09' },
  A12: { kind: 'cancel-transfer', structure: 'ADT_A12' },
  A13: { kind: 'cancel-discharge', structure: 'ADT_A01' },
};

export function isCensusTrigger(value: string): value is Trigger {
  return Object.hasOwn(ADT_TRIGGERS, value);
}

/** HL7 table 0001 (administrative sex) to FHIR AdministrativeGender. */
const SEX_TO_GENDER: Readonly<Record<string, string>> = {
  M: 'male',
  F: 'female',
  O: 'other',
  A: 'other',
  U: 'unknown',
  N: 'unknown',
};

export function genderFromHl7(code: string): string | null {
  if (code === '') return null;
  return SEX_TO_GENDER[code.toUpperCase()] ?? 'unknown';
}

const GENDER_TO_SEX: Readonly<Record<string, string>> = { male: 'M', female: 'F', other: 'O', unknown: 'U' };

export function genderToHl7(gender: string | null): string | undefined {
  return gender === null ? undefined : (GENDER_TO_SEX[gender] ?? 'U');
}
