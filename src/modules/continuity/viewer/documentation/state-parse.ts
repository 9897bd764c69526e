import type {
  DocumentationEntry,
  DocumentationState,
  DocumentedSubject,
  RecordOpening,
  VitalReading,
} from './entries.js';

/**
 * Reads documentation back from browser storage. The storage belongs to the browser profile, not to
 * us, so anything that does not have exactly the shape we write is treated as unreadable rather
 * than half-trusted.
 */

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
const isString = (value: unknown): value is string => typeof value === 'string';
const isNullableString = (value: unknown): value is string | null =>
  value === null || typeof value === 'string';
const isNumber = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value);

function isSubject(value: unknown): value is DocumentedSubject {
  if (!isObject(value)) return false;
  if (value.kind === 'kit') return isString(value.patientId);
  return value.kind === 'downtime' && isString(value.patientUuid);
}

function isReading(value: unknown): value is VitalReading {
  if (!isObject(value) || !isString(value.uuid)) return false;
  if (value.vital === 'blood-pressure') return isNumber(value.systolic) && isNumber(value.diastolic);
  return (
    ['heart-rate', 'temperature', 'respiratory-rate', 'spo2'].includes(value.vital as string) &&
    isNumber(value.value)
  );
}

function isCode(value: unknown): boolean {
  return (
    isObject(value) &&
    isString(value.text) &&
    (value.system === undefined || isString(value.system)) &&
    (value.code === undefined || isString(value.code))
  );
}

function isLocation(value: unknown): boolean {
  return (
    isObject(value) && isString(value.unit) && isNullableString(value.room) && isNullableString(value.bed)
  );
}

function isEntry(value: unknown): value is DocumentationEntry {
  if (!isObject(value)) return false;
  if (
    !isString(value.id) ||
    !isString(value.recordedAt) ||
    !isString(value.by) ||
    !isNullableString(value.exportedIn)
  )
    return false;
  switch (value.kind) {
    case 'vitals':
      return (
        isSubject(value.subject) &&
        isString(value.at) &&
        Array.isArray(value.readings) &&
        value.readings.every(isReading)
      );
    case 'medication':
      return (
        isSubject(value.subject) &&
        isString(value.at) &&
        typeof value.given === 'boolean' &&
        isNullableString(value.orderId) &&
        isCode(value.medication) &&
        isNullableString(value.dosage) &&
        isNullableString(value.plannedAt) &&
        isNullableString(value.reason)
      );
    case 'note':
      return isSubject(value.subject) && isString(value.at) && isString(value.text);
    case 'admission':
      return (
        isString(value.patientUuid) &&
        isString(value.encounterUuid) &&
        isString(value.downtimeId) &&
        isString(value.family) &&
        isString(value.given) &&
        isNullableString(value.birthDate) &&
        isNullableString(value.gender) &&
        isLocation(value.location) &&
        isString(value.at)
      );
    default:
      return false;
  }
}

function isOpening(value: unknown): value is RecordOpening {
  return (
    isObject(value) &&
    isString(value.uuid) &&
    isString(value.at) &&
    isString(value.by) &&
    isString(value.kitId) &&
    isSubject(value.subject)
  );
}

function isExport(value: unknown): boolean {
  return isObject(value) && isString(value.id) && isString(value.at) && isNumber(value.entries);
}

/** The stored state, or null when the text is not documentation this viewer wrote. */
export function parseDocumentationState(text: string): DocumentationState | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObject(value) || value.version !== 1) return null;
  const { entries, openings, usedDowntimeIds, exports } = value;
  if (!Array.isArray(entries) || !entries.every(isEntry)) return null;
  if (!Array.isArray(openings) || !openings.every(isOpening)) return null;
  if (!Array.isArray(usedDowntimeIds) || !usedDowntimeIds.every(isString)) return null;
  if (!Array.isArray(exports) || !exports.every(isExport)) return null;
  return value as unknown as DocumentationState;
}
