import type { CensusEvent, KitLocation } from '../../types.js';
import { hl7Error } from '../errors.js';
import { createHl7Message, hl7Segment } from '../er7/build.js';
import { encodeHl7 } from '../er7/encode.js';
import { dateToHl7Time, isoDateToHl7, isoToHl7Time } from '../er7/time.js';
import { ADT_TRIGGERS, genderToHl7, isCensusTrigger } from './triggers.js';

export interface BuildAdtOptions {
  sendingApplication: string;
  sendingFacility: string;
  receivingApplication?: string;
  receivingFacility?: string;
  /** MSH-10; the event's own messageControlId when absent. */
  controlId?: string;
  /** PID-3.4, the authority that issued the MRN. */
  assigningAuthority?: string;
  /** MSH-11: P production, T training, D debugging. Default P. */
  processingId?: 'P' | 'T' | 'D';
  /** MSH-18. Default UNICODE UTF-8. */
  charset?: 'UNICODE UTF-8' | '8859/1';
  /** MSH-7; the current time when absent. */
  now?: Date;
}

/**
 * Writes a census event as an HL7 v2.5.1 ADT message (ADT^Axx^<structure>), the inverse of
 * adtToCensusEvent: EVN-2 and EVN-6 carry the event time, PV1-3 the location (for a discharge, the
 * location left), PV1-6 the prior location.
 */
export function buildAdt(event: CensusEvent, options: BuildAdtOptions): string {
  if (!isCensusTrigger(event.trigger) || ADT_TRIGGERS[event.trigger].kind !== event.kind) {
    throw hl7Error('CONTINUITY_HL7_EVENT_INVALID', 'the event kind does not match its trigger', {
      field: 'trigger',
    });
  }
  const controlId = options.controlId ?? event.messageControlId;
  if (controlId === '' || event.patient.mrn === '') {
    throw hl7Error('CONTINUITY_HL7_EVENT_INVALID', 'a control id and an MRN are needed', {
      field: controlId === '' ? 'messageControlId' : 'patient.mrn',
    });
  }
  const at = isoToHl7Time(event.at, 'at');
  const recorded = event.recordedAt === undefined ? at : isoToHl7Time(event.recordedAt, 'recordedAt');
  const discharge = event.trigger === 'A03';
  const segments = [
    hl7Segment('MSH', {
      3: options.sendingApplication,
      4: options.sendingFacility,
      5: options.receivingApplication,
      6: options.receivingFacility,
      7: dateToHl7Time(options.now ?? new Date()),
      9: ['ADT', event.trigger, ADT_TRIGGERS[event.trigger].structure],
      10: controlId,
      11: options.processingId ?? 'P',
      12: '2.5.1',
      18: options.charset ?? 'UNICODE UTF-8',
    }),
    hl7Segment('EVN', { 1: event.trigger, 2: recorded, 6: at }),
    hl7Segment('PID', {
      1: '1',
      3: [event.patient.mrn, undefined, undefined, options.assigningAuthority, 'MR'],
      5: [event.patient.family, event.patient.given],
      7:
        event.patient.birthDate === null
          ? undefined
          : isoDateToHl7(event.patient.birthDate, 'patient.birthDate'),
      8: genderToHl7(event.patient.gender),
    }),
    hl7Segment('PV1', {
      1: '1',
      2: event.patientClass ?? undefined,
      3: place(discharge ? event.priorLocation : event.location),
      6: discharge ? undefined : place(event.priorLocation),
      19: event.visitNumber ?? undefined,
    }),
  ];
  return encodeHl7(createHl7Message(segments));
}

function place(location: KitLocation | null): string[] | undefined {
  return location === null ? undefined : [location.unit, location.room ?? '', location.bed ?? ''];
}
