/**
 * FHIR R4 JSON as plain objects, plus the few facts about R4 the EHR double needs to behave like a real
 * server: which resource types exist and what an id may look like.
 */
import type { FhirResource } from '../fhir/resource.js';

export type { FhirResource };

/** Every resource type of FHIR R4 (4.0.1). A server must refuse other names and report them in exports. */
export const R4_RESOURCE_TYPES: ReadonlySet<string> = new Set(
  (
    'Account ActivityDefinition AdverseEvent AllergyIntolerance Appointment AppointmentResponse AuditEvent Basic ' +
    'Binary BiologicallyDerivedProduct BodyStructure Bundle CapabilityStatement CarePlan CareTeam CatalogEntry ' +
    'ChargeItem ChargeItemDefinition Claim ClaimResponse ClinicalImpression CodeSystem Communication ' +
    'CommunicationRequest CompartmentDefinition Composition ConceptMap Condition Consent Contract Coverage ' +
    'CoverageEligibilityRequest CoverageEligibilityResponse DetectedIssue Device DeviceDefinition DeviceMetric ' +
    'DeviceRequest DeviceUseStatement DiagnosticReport DocumentManifest DocumentReference EffectEvidenceSynthesis ' +
    'Encounter Endpoint EnrollmentRequest EnrollmentResponse EpisodeOfCare EventDefinition Evidence ' +
    'EvidenceVariable ExampleScenario ExplanationOfBenefit FamilyMemberHistory Flag Goal GraphDefinition Group ' +
    'GuidanceResponse HealthcareService ImagingStudy Immunization ImmunizationEvaluation ImmunizationRecommendation ' +
    'ImplementationGuide InsurancePlan Invoice Library Linkage List Location Measure MeasureReport Media ' +
    'Medication MedicationAdministration MedicationDispense MedicationKnowledge MedicationRequest ' +
    'MedicationStatement MedicinalProduct MedicinalProductAuthorization MedicinalProductContraindication ' +
    'MedicinalProductIndication MedicinalProductIngredient MedicinalProductInteraction MedicinalProductManufactured ' +
    'MedicinalProductPackaged MedicinalProductPharmaceutical MedicinalProductUndesirableEffect MessageDefinition ' +
    'MessageHeader MolecularSequence NamingSystem NutritionOrder Observation ObservationDefinition ' +
    'OperationDefinition OperationOutcome Organization OrganizationAffiliation Parameters Patient PaymentNotice ' +
    'PaymentReconciliation Person PlanDefinition Practitioner PractitionerRole Procedure Provenance Questionnaire ' +
    'QuestionnaireResponse RelatedPerson RequestGroup ResearchDefinition ResearchElementDefinition ResearchStudy ' +
    'ResearchSubject RiskAssessment RiskEvidenceSynthesis Schedule SearchParameter ServiceRequest Slot Specimen ' +
    'SpecimenDefinition StructureDefinition StructureMap Subscription Substance SubstanceNucleicAcid ' +
    'SubstancePolymer SubstanceProtein SubstanceReferenceInformation SubstanceSourceMaterial ' +
    'SubstanceSpecification SupplyDelivery SupplyRequest Task TerminologyCapabilities TestReport TestScript ' +
    'ValueSet VerificationResult VisionPrescription'
  ).split(' '),
);

/** Types a client may store: the R4 list minus those that only travel in messages or operations. */
export function isStorableType(type: string): boolean {
  return (
    R4_RESOURCE_TYPES.has(type) && type !== 'Bundle' && type !== 'Parameters' && type !== 'OperationOutcome'
  );
}

/** R4 id syntax. */
export const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function isFhirResource(value: unknown): value is FhirResource {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    typeof (value as { resourceType?: unknown }).resourceType === 'string'
  );
}

/** `Patient/123` → { type, id }; anything else (absolute, conditional, contained, urn) → null. */
export function parseLocalReference(reference: string): { type: string; id: string } | null {
  const slash = reference.indexOf('/');
  if (slash <= 0 || slash !== reference.lastIndexOf('/')) return null;
  const type = reference.slice(0, slash);
  const id = reference.slice(slash + 1);
  return R4_RESOURCE_TYPES.has(type) && FHIR_ID.test(id) ? { type, id } : null;
}
