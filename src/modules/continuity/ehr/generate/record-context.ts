import type { HospitalLayout, StaffMember } from './facility.js';
import type { Random } from './random.js';

/** What every builder of one patient's record needs: randomness, the clock, references and ids. */
export class RecordContext {
  private readonly counters = new Map<string, number>();
  /** Without a display: it would repeat the patient's name in every resource of a large store. */
  readonly patientRef: { reference: string };
  encounterRef: { reference: string } | null = null;

  constructor(
    readonly random: Random,
    readonly now: Date,
    readonly layout: HospitalLayout,
    readonly patientId: string,
  ) {
    this.patientRef = { reference: `Patient/${patientId}` };
  }

  /** `obs-000042-7`: the patient's number and a running count per kind. */
  id(prefix: string): string {
    const next = (this.counters.get(prefix) ?? 0) + 1;
    this.counters.set(prefix, next);
    return `${prefix}-${this.patientId.slice(4)}-${next}`;
  }

  /** An instant `hoursAgo` before now (negative: in the future), to the minute. */
  at(hoursAgo: number): string {
    const ms = this.now.getTime() - hoursAgo * 3_600_000;
    return new Date(Math.floor(ms / 60_000) * 60_000).toISOString();
  }

  physician(): StaffMember {
    return this.random.pick(this.layout.physicians);
  }

  nurse(): StaffMember {
    return this.random.pick(this.layout.nurses);
  }

  staffRef(member: StaffMember): { reference: string; display: string } {
    return { reference: `Practitioner/${member.id}`, display: member.display };
  }
}

export interface CodeableConcept {
  coding: { system: string; code: string; display: string }[];
  text?: string;
}

/** A CodeableConcept; `text` only where a clinician reads it, to keep stored resources small. */
export function coding(system: string, code: string, display: string, withText = true): CodeableConcept {
  return withText
    ? { coding: [{ system, code, display }], text: display }
    : { coding: [{ system, code, display }] };
}
