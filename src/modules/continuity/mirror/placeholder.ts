/**
 * The kit record id of a patient known only from ADT so far. The EHR's own record replaces it as
 * soon as a sync brings a Patient with the same MRN.
 */
export const adtOnlyPatientId = (mrn: string): string => `adt-${mrn}`;
