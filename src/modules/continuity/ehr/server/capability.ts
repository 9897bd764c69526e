import type { EhrContext } from './context.js';
import { fhirBase, tokenUrl } from './context.js';

const COMMON_TYPES = [
  'AllergyIntolerance',
  'Appointment',
  'Condition',
  'DocumentReference',
  'Encounter',
  'Group',
  'Immunization',
  'Location',
  'MedicationAdministration',
  'MedicationRequest',
  'MedicationStatement',
  'Observation',
  'Organization',
  'Patient',
  'Practitioner',
  'Procedure',
];

const PATIENT_PARAMETERS = [
  '_id',
  '_lastUpdated',
  'identifier',
  'name',
  'family',
  'given',
  'birthdate',
  'gender',
];
const CLINICAL_PARAMETERS = [
  '_id',
  '_lastUpdated',
  'patient',
  'subject',
  'status',
  'category',
  'code',
  'identifier',
];

function searchParam(name: string): { name: string; type: string } {
  const type =
    name === '_lastUpdated' || name === 'birthdate'
      ? 'date'
      : name === 'patient' || name === 'subject'
        ? 'reference'
        : ['name', 'family', 'given'].includes(name)
          ? 'string'
          : 'token';
  return { name, type };
}

/** GET [base]/metadata: what the double supports, including where its token endpoint is. */
export function capabilityStatement(context: EhrContext): object {
  const types = [...new Set([...COMMON_TYPES, ...context.store.types()])].sort();
  return {
    resourceType: 'CapabilityStatement',
    status: 'active',
    date: context.clock().toISOString(),
    publisher: 'Lifeline',
    kind: 'instance',
    software: { name: 'Lifeline EHR double' },
    implementation: {
      description: 'FHIR R4 server for continuity testing and demonstration',
      url: fhirBase(context),
    },
    fhirVersion: '4.0.1',
    format: ['application/fhir+json'],
    instantiates: ['http://hl7.org/fhir/uv/bulkdata/CapabilityStatement/bulk-data'],
    rest: [
      {
        mode: 'server',
        security: {
          extension: [
            {
              url: 'http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris',
              extension: [{ url: 'token', valueUri: tokenUrl(context) }],
            },
          ],
          service: [
            {
              coding: [
                {
                  system: 'http://terminology.hl7.org/CodeSystem/restful-security-service',
                  code: 'SMART-on-FHIR',
                },
              ],
            },
          ],
        },
        resource: types.map((type) => ({
          type,
          interaction: ['read', 'search-type', 'create', 'update'].map((code) => ({ code })),
          versioning: 'versioned',
          conditionalCreate: true,
          conditionalUpdate: true,
          searchParam: (type === 'Patient' ? PATIENT_PARAMETERS : CLINICAL_PARAMETERS).map(searchParam),
          ...(type === 'Patient' || type === 'Group'
            ? {
                operation: [
                  {
                    name: 'export',
                    definition: `http://hl7.org/fhir/uv/bulkdata/OperationDefinition/${type.toLowerCase()}-export`,
                  },
                ],
              }
            : {}),
        })),
        interaction: [{ code: 'transaction' }, { code: 'batch' }],
        operation: [
          { name: 'export', definition: 'http://hl7.org/fhir/uv/bulkdata/OperationDefinition/export' },
        ],
      },
    ],
  };
}

/** GET [base]/.well-known/smart-configuration for SMART Backend Services discovery. */
export function smartConfiguration(context: EhrContext): object {
  return {
    token_endpoint: tokenUrl(context),
    token_endpoint_auth_methods_supported: ['private_key_jwt'],
    token_endpoint_auth_signing_alg_values_supported: ['RS384', 'ES384'],
    grant_types_supported: ['client_credentials'],
    scopes_supported: ['system/*.read', 'system/*.rs', 'system/*.cruds', 'system/*.*'],
    capabilities: ['client-confidential-asymmetric', 'permission-v1', 'permission-v2'],
  };
}
