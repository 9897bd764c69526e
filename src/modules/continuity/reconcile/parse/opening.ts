import type { ParsedOpening } from '../types.js';
import {
  KIT_SYSTEM,
  type JsonObject,
  asObject,
  hasCoding,
  instant,
  invalid,
  objectsOf,
  subjectOf,
  text,
} from './fields.js';

const KIT_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A viewer opening: an AuditEvent "Patient Record" read, naming the kit and the patient opened. */
export function opening(resource: JsonObject, uuid: string): ParsedOpening {
  const type = { coding: [asObject(resource.type)].filter((coding) => coding !== undefined) };
  if (!hasCoding(type, '110110')) invalid('AuditEvent.type is not a patient record access');
  if (resource.action !== 'R') invalid('AuditEvent.action is not a read');
  const at = instant(resource.recorded, 'AuditEvent.recorded');
  const by = text(asObject(objectsOf(resource.agent)[0]?.who)?.display, 'AuditEvent.agent.who.display', 100);
  const whats = objectsOf(resource.entity).map((entity) => asObject(entity.what) ?? {});
  const kitId = whats
    .map((what) => asObject(what.identifier))
    .find((identifier) => identifier?.system === KIT_SYSTEM)?.value;
  if (typeof kitId !== 'string' || !KIT_ID.test(kitId)) invalid('AuditEvent.entity names no kit');
  const subject = whats.find((what) => typeof what.reference === 'string');
  if (subject === undefined) invalid('AuditEvent.entity names no patient');
  const reference = subjectOf({ subject }, 'subject', 'AuditEvent.entity.what');
  const patient = reference.startsWith('Patient/')
    ? reference.slice('Patient/'.length)
    : `downtime:${reference.slice('urn:uuid:'.length)}`;
  return { uuid, at, by, kitId, patient };
}
