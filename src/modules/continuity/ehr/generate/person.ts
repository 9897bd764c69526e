import type { FhirResource } from '../fhir-types.js';
import type { Specialty } from './catalogue.js';
import { MRN_SYSTEM } from './facility.js';
import { personName, type PersonName } from './names.js';
import type { Random } from './random.js';

export interface Person {
  id: string;
  mrn: string;
  gender: 'female' | 'male';
  birthDate: string;
  name: PersonName;
}

function age(random: Random, specialty: Specialty | 'outpatient'): number {
  if (specialty === 'pediatrics') return random.int(0, 16);
  if (specialty === 'maternity') return random.int(20, 42);
  if (specialty === 'outpatient')
    return random.weighted([
      [random.int(0, 17), 18],
      [random.int(18, 64), 52],
      [random.int(65, 97), 30],
    ]);
  return random.weighted([
    [random.int(18, 39), 12],
    [random.int(40, 64), 30],
    [random.int(65, 79), 36],
    [random.int(80, 99), 22],
  ]);
}

/** A local hospital number with a two-digit check (97 - n mod 97, as Belgian numbers have). */
export function medicalRecordNumber(index: number): string {
  const base = 1_000_000 + index;
  return `${base}${String(97 - (base % 97)).padStart(2, '0')}`;
}

export function patientId(index: number): string {
  return `pat-${String(index).padStart(6, '0')}`;
}

export function newPerson(
  random: Random,
  index: number,
  now: Date,
  specialty: Specialty | 'outpatient',
): Person {
  const gender = specialty === 'maternity' || random.chance(0.52) ? 'female' : 'male';
  const years = age(random, specialty);
  const birth = new Date(Date.UTC(now.getUTCFullYear() - years - 1, 0, 1) + random.int(0, 364) * 86_400_000);
  return {
    id: patientId(index),
    mrn: medicalRecordNumber(index),
    gender,
    birthDate: birth.toISOString().slice(0, 10),
    name: personName(random, gender),
  };
}

export function patientResource(person: Person, random: Random, organizationId: string | null): FhirResource {
  const { name } = person;
  return {
    resourceType: 'Patient',
    id: person.id,
    identifier: [
      {
        use: 'usual',
        type: {
          coding: [
            {
              system: 'http://terminology.hl7.org/CodeSystem/v2-0203',
              code: 'MR',
              display: 'Medical record number',
            },
          ],
        },
        system: MRN_SYSTEM,
        value: person.mrn,
      },
    ],
    active: true,
    name: [{ use: 'official', family: name.family, given: [name.given] }],
    telecom: [
      {
        system: 'phone',
        value: `+32 4${random.int(60, 99)} ${random.int(10, 99)} ${random.int(10, 99)} ${random.int(10, 99)}`,
        use: 'mobile',
      },
    ],
    gender: person.gender,
    birthDate: person.birthDate,
    address: [
      { use: 'home', line: [name.street], city: name.city, postalCode: name.postalCode, country: 'BE' },
    ],
    communication: [
      { language: { coding: [{ system: 'urn:ietf:bcp:47', code: name.language }] }, preferred: true },
    ],
    ...(organizationId ? { managingOrganization: { reference: `Organization/${organizationId}` } } : {}),
  };
}
