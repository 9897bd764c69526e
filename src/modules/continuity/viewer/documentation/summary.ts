import { formatDateTime } from '../clinical/format.js';
import { messages as t } from '../messages.js';
import type { DocumentationEntry, VitalReading } from './entries.js';
import { VITAL_SIGNS } from './vital-signs.js';

function reading(value: VitalReading): string {
  if (value.vital === 'blood-pressure') return `BP ${value.systolic}/${value.diastolic} mmHg`;
  const definition = VITAL_SIGNS[value.vital];
  const short = { 'heart-rate': 'HR', 'respiratory-rate': 'RR', temperature: 'T', spo2: 'SpO₂' }[value.vital];
  return `${short} ${value.value} ${definition.unit}`;
}

/** One line describing an entry for the documentation list and the patient page. */
export function entrySummary(entry: DocumentationEntry): string {
  const when = formatDateTime(entry.at, t.locale);
  switch (entry.kind) {
    case 'vitals':
      return `${when}: ${entry.readings.map(reading).join(', ')}`;
    case 'medication':
      return `${when}: ${entry.medication.text}${entry.dosage === null ? '' : ` ${entry.dosage}`} ${entry.given ? t.given : t.notGiven}${entry.reason === null ? '' : ` (${entry.reason})`}`;
    case 'note':
      return `${when}: ${entry.text.length > 120 ? `${entry.text.slice(0, 117)}…` : entry.text}`;
    case 'admission':
      return `${when}: ${entry.family.toLocaleUpperCase(t.locale)}, ${entry.given} · ${t.downtimeId} ${entry.downtimeId} · ${[entry.location.unit, entry.location.room, entry.location.bed].filter(Boolean).join(' / ')}`;
  }
}
