import type { KitAllergy, KitAppointment, KitCondition, KitImmunization, KitProcedure } from '../../types.js';
import { type FhirResource, asObject, asString, objectsOf } from '../resource.js';
import { conceptText, firstCode, kitCode } from './concept.js';
import { choiceTime } from './time.js';

/** A verification status of entered-in-error (or refuted, for allergies) means "this never was". */
export function isRetracted(resource: FhirResource): boolean {
  if (resource.status === 'entered-in-error') return true;
  const verification = firstCode(resource.verificationStatus);
  return (
    verification === 'entered-in-error' ||
    (resource.resourceType === 'AllergyIntolerance' && verification === 'refuted')
  );
}

export function kitCondition(condition: FhirResource): KitCondition {
  return {
    id: condition.id ?? '',
    code: kitCode(condition.code, 'Condition not coded'),
    status: firstCode(condition.clinicalStatus) ?? null,
    onset: choiceTime(condition, 'onset') ?? null,
  };
}

export function kitAllergy(allergy: FhirResource): KitAllergy {
  const reactions: string[] = [];
  for (const reaction of objectsOf(allergy.reaction)) {
    for (const manifestation of objectsOf(reaction.manifestation)) {
      const text = conceptText(manifestation);
      if (text !== undefined && !reactions.includes(text)) reactions.push(text);
    }
  }
  return {
    id: allergy.id ?? '',
    substance: kitCode(allergy.code, 'Substance not coded'),
    type: asString(allergy.type) ?? null,
    criticality: asString(allergy.criticality) ?? null,
    reactions,
    status: firstCode(allergy.clinicalStatus) ?? null,
  };
}

export function kitImmunization(immunization: FhirResource): KitImmunization {
  return {
    id: immunization.id ?? '',
    vaccine: kitCode(immunization.vaccineCode, 'Vaccine not coded'),
    date: choiceTime(immunization, 'occurrence') ?? null,
    status: asString(immunization.status) ?? null,
  };
}

export function kitProcedure(procedure: FhirResource): KitProcedure {
  return {
    id: procedure.id ?? '',
    code: kitCode(procedure.code, 'Procedure not coded'),
    status: asString(procedure.status) ?? null,
    at: choiceTime(procedure, 'performed') ?? null,
  };
}

const APPOINTMENT_GONE = new Set(['cancelled', 'noshow', 'entered-in-error', 'fulfilled']);

/** A future appointment still expected to happen, or undefined. */
export function kitAppointment(appointment: FhirResource): KitAppointment | undefined {
  const start = asString(appointment.start);
  if (start === undefined || APPOINTMENT_GONE.has(appointment.status as string)) return undefined;
  const participants = objectsOf(appointment.participant);
  const location = participants
    .map((participant) => asObject(participant.actor))
    .find((actor) => asString(actor?.reference)?.startsWith('Location/') || actor?.type === 'Location');
  return {
    id: appointment.id ?? '',
    description:
      asString(appointment.description) ??
      conceptText(objectsOf(appointment.serviceType)[0]) ??
      conceptText(appointment.appointmentType) ??
      'Appointment',
    start,
    end: asString(appointment.end) ?? null,
    status: asString(appointment.status) ?? null,
    location: asString(location?.display) ?? null,
  };
}
