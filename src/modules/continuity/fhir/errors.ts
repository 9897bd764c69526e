import { defineErrorCodes } from '../../../kernel/errors.js';

export const CONTINUITY_FHIR_ERRORS = defineErrorCodes({
  CONTINUITY_FHIR_PATIENT_MISSING: {
    status: 422,
    title: 'The resources hold no Patient with an id',
  },
  CONTINUITY_FHIR_PATIENT_AMBIGUOUS: {
    status: 422,
    title: 'The resources hold more than one Patient',
  },
});
