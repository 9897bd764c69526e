import { generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto';
import { SmartBackendAuth } from '../source/smart-auth.js';
import { startEhrDouble, type EhrDouble, type EhrDoubleOptions } from './server/server.js';
import { EhrStore } from './store/store.js';

/** Test helpers: a double on loopback with one registered client, and that client's auth. */
export interface ClientKeys {
  privateKey: KeyObject;
  publicJwk: JsonWebKey;
}

export function rsaKeys(): ClientKeys {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { privateKey, publicJwk: publicKey.export({ format: 'jwk' }) };
}

export function ecKeys(): ClientKeys {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-384' });
  return { privateKey, publicJwk: publicKey.export({ format: 'jwk' }) };
}

export interface TestDouble {
  double: EhrDouble;
  store: EhrStore;
  keys: ClientKeys;
  auth: (overrides?: Partial<ConstructorParameters<typeof SmartBackendAuth>[0]>) => SmartBackendAuth;
}

export const FAST_RETRY = { attempts: 5, baseDelayMs: 5, maxDelayMs: 20 };

export async function startTestDouble(
  options: Partial<Omit<EhrDoubleOptions, 'store'>> & { store?: EhrStore; scopes?: string[] } = {},
): Promise<TestDouble> {
  const keys = rsaKeys();
  const store = options.store ?? new EhrStore();
  const double = await startEhrDouble({
    ...options,
    store,
    clients: options.clients ?? [
      {
        clientId: 'lifeline',
        publicKeyJwk: keys.publicJwk,
        ...(options.scopes ? { scopes: options.scopes } : {}),
      },
    ],
  });
  const auth = (
    overrides: Partial<ConstructorParameters<typeof SmartBackendAuth>[0]> = {},
  ): SmartBackendAuth =>
    new SmartBackendAuth({
      clientId: 'lifeline',
      privateKey: keys.privateKey,
      algorithm: 'RS384',
      scope: 'system/*.rs',
      fhirBaseUrl: double.url,
      http: { retry: FAST_RETRY },
      ...overrides,
    });
  return { double, store, keys, auth };
}

/** A small store: `patients` patients, each with observations and a condition. */
export function smallStore(patients: number, observationsEach = 3): EhrStore {
  const store = new EhrStore();
  for (let p = 1; p <= patients; p += 1) {
    const patient = store.update({
      resourceType: 'Patient',
      id: `p${p}`,
      identifier: [{ system: 'urn:test:mrn', value: `MRN${p}` }],
      name: [{ family: `Family${p}`, given: [`Given${p}`] }],
      birthDate: `19${String(50 + (p % 50)).padStart(2, '0')}-01-15`,
    });
    for (let o = 1; o <= observationsEach; o += 1) {
      store.update({
        resourceType: 'Observation',
        id: `p${p}-o${o}`,
        status: 'final',
        category: [
          {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' },
            ],
          },
        ],
        code: { coding: [{ system: 'http://loinc.org', code: '8867-4' }] },
        subject: { reference: `Patient/${patient.id}` },
        valueQuantity: { value: 60 + o, unit: '/min' },
      });
    }
    store.update({
      resourceType: 'Condition',
      id: `p${p}-c1`,
      subject: { reference: `Patient/${patient.id}` },
      code: { text: 'Hypertension' },
    });
  }
  return store;
}

/** The URL a fetch call was made with, whatever form it came in. */
export function urlOf(input: string | URL | Request): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}
