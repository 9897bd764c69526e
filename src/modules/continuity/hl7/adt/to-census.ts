import type { CensusEvent, KitLocation } from '../../types.js';
import { hl7Error } from '../errors.js';
import { fieldOf, textAt, type Hl7Message } from '../er7/message.js';
import { hl7DateToIso, hl7TimeToIso } from '../er7/time.js';
import type { Hl7Field } from '../er7/types.js';
import { ADT_TRIGGERS, genderFromHl7, isCensusTrigger } from './triggers.js';

/**
 * Reads an ADT message (HL7 v2.5.1: MSH, EVN, PID, PV1) into a census event.
 *
 * - MRN: the PID-3 repetition whose identifier type (CX-5) is MR, else the first one.
 * - Name: the PID-5 repetition of name type L (legal), else the first; family is XPN-1.1, given XPN-2.
 * - Time: EVN-6 (when it happened), else EVN-2 (when it was recorded), else MSH-7. Timestamps
 *   without an offset are taken as UTC (see er7/time.ts).
 * - Location: PV1-3 (point of care^room^bed). A discharge has no current location: its PV1-3, the
 *   place the patient left, becomes `priorLocation` (PV1-6 when PV1-3 is empty).
 */
export function adtToCensusEvent(message: Hl7Message): CensusEvent {
  if (message.messageType !== 'ADT') {
    throw hl7Error('CONTINUITY_HL7_UNSUPPORTED', 'only ADT messages update the census', {
      field: 'MSH-9',
      messageType: message.messageType.slice(0, 3),
    });
  }
  const trigger = message.triggerEvent || message.get('EVN-1');
  if (!isCensusTrigger(trigger)) {
    throw hl7Error('CONTINUITY_HL7_UNSUPPORTED', 'this ADT event does not change the census', {
      field: 'MSH-9',
      trigger: trigger.slice(0, 3),
    });
  }
  const controlId = required(message.controlId, 'MSH-10');
  const pid = message.segment('PID');
  if (!pid)
    throw hl7Error('CONTINUITY_HL7_FIELD_MISSING', 'the ADT message has no PID segment', { segment: 'PID' });
  const pv1 = message.segment('PV1') ?? { name: 'PV1', fields: [] };
  const name = preferred(fieldOf(pid, 5), 7, 'L', hasAnyText);
  const birth = textAt(fieldOf(pid, 7)[0]);
  const assigned = locationFrom(fieldOf(pv1, 3));
  const prior = locationFrom(fieldOf(pv1, 6));
  if (trigger === 'A02' && assigned === null) {
    throw hl7Error('CONTINUITY_HL7_FIELD_MISSING', 'a transfer needs its new location', { field: 'PV1-3' });
  }
  const discharge = trigger === 'A03';
  const at = eventTime(message);
  const recorded = message.get('EVN-2') === '' ? at : hl7TimeToIso(message.get('EVN-2'), 'EVN-2');
  return {
    kind: ADT_TRIGGERS[trigger].kind,
    trigger,
    messageControlId: controlId,
    at,
    ...(Date.parse(recorded) === Date.parse(at) ? {} : { recordedAt: recorded }),
    patient: {
      mrn: required(textAt(preferred(fieldOf(pid, 3), 5, 'MR', hasIdentifier)), 'PID-3'),
      family: textAt(name, 1, 1),
      given: textAt(name, 2),
      birthDate: birth === '' ? null : hl7DateToIso(birth, 'PID-7'),
      gender: genderFromHl7(textAt(fieldOf(pid, 8)[0])),
    },
    location: discharge ? null : assigned,
    priorLocation: discharge ? (assigned ?? prior) : prior,
    visitNumber: textAt(fieldOf(pv1, 19)[0]) || null,
    patientClass: textAt(fieldOf(pv1, 2)[0]) || null,
  };
}

function eventTime(message: Hl7Message): string {
  for (const path of ['EVN-6', 'EVN-2', 'MSH-7']) {
    const value = message.get(path);
    if (value !== '') return hl7TimeToIso(value, path);
  }
  throw hl7Error('CONTINUITY_HL7_FIELD_MISSING', 'the message carries no event time', { field: 'MSH-7' });
}

type Repetition = Hl7Field[number];

/** The first valued repetition whose component `component` equals `code`, else the first valued one. */
function preferred(
  field: Hl7Field,
  component: number,
  code: string,
  valued: (repetition: Repetition) => boolean,
): Repetition | undefined {
  return (
    field.find((repetition) => textAt(repetition, component) === code && valued(repetition)) ??
    field.find(valued)
  );
}

const hasIdentifier = (repetition: Repetition) => textAt(repetition) !== '';
const hasAnyText = (repetition: Repetition) => repetition.some((component) => component.some(Boolean));

function locationFrom(field: Hl7Field): KitLocation | null {
  const place = field[0];
  const unit = textAt(place, 1);
  const room = textAt(place, 2);
  const bed = textAt(place, 3);
  if (unit === '' && room === '' && bed === '') return null;
  return { unit, room: room || null, bed: bed || null };
}

function required(value: string, field: string): string {
  if (value === '') throw hl7Error('CONTINUITY_HL7_FIELD_MISSING', `${field} is empty`, { field });
  return value;
}
