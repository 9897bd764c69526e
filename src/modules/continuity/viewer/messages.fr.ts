import type { Messages } from './messages.en.js';

/** French (Belgian hospitals): same keys and signatures as `en`. "Downtime" is the "mode dégradé". */
export const fr: Messages = {
  locale: 'fr-BE',
  appName: 'Lifeline – consultation en mode dégradé',
  unit: (name: string) => `Unité ${name}`,
  site: (name: string) => `Site ${name}`,
  dataAsOf: 'Données du',
  minutesOld: (minutes: number | null) =>
    minutes === null
      ? 'ancienneté inconnue'
      : minutes === 0
        ? 'à l’instant'
        : minutes === 1
          ? 'il y a 1 minute'
          : `il y a ${minutes} minutes`,
  staleWarning: 'Les données peuvent être dépassées : vérifiez auprès de l’unité avant d’agir.',
  builtAt: 'Généré le',
  hospital: 'Hôpital',
  scope: 'Périmètre',
  updatesLabel: 'Mises à jour depuis le kit complet',
  updates: (count: number) => (count === 0 ? 'aucune' : `${count}`),
  unverified: 'Pas encore vérifié : ces informations sont contrôlées au déverrouillage.',
  // Unlocking
  unlockTitle: 'Déverrouiller le kit',
  passphrase: 'Phrase secrète de l’unité',
  orDeviceKey: 'ou fichier de clé de l’appareil',
  deviceKeyHint: 'Le fichier remis pour cet appareil de secours (lifeline-device-key).',
  yourName: 'Votre nom ou vos initiales',
  yourNameHint: 'Enregistré avec chaque dossier que vous ouvrez et tout ce que vous documentez.',
  unlock: 'Déverrouiller',
  unlocking: 'Vérification et déchiffrement…',
  needName: 'Indiquez votre nom ou vos initiales.',
  needSecret: 'Saisissez la phrase secrète ou choisissez un fichier de clé de l’appareil.',
  wrongSecret: 'La phrase secrète ou le fichier de clé ne déverrouille pas ce kit. Rien n’a été ouvert.',
  notForThisDevice:
    'Ce kit n’a pas été préparé pour cette clé d’appareil ou ne peut pas être déverrouillé par phrase secrète.',
  badKeyFile: 'Le fichier choisi n’est pas un fichier de clé d’appareil Lifeline.',
  // Refusals
  refusedTitle: 'Ce kit n’est pas fiable',
  tampered:
    'Le kit a été modifié ou endommagé après sa création. Ne l’utilisez pas : ouvrez une autre copie et prévenez le responsable de la continuité.',
  signerChanged: (hospital: string) =>
    `Ce kit est signé par une autre clé que les kits ouverts auparavant dans ce navigateur pour ${hospital}. Il peut s’agir d’un faux. Ne l’utilisez pas : demandez au responsable de la continuité de confirmer la nouvelle clé de signature.`,
  noKit: 'Ce fichier ne contient aucun kit Lifeline.',
  noSigner: 'Ce fichier n’indique pas la clé qui l’a signé ; il ne peut donc pas être vérifié.',
  unrelated: 'Les mises à jour de ce fichier n’appartiennent pas à son kit. Ouvrez une autre copie.',
  oldBrowser:
    'Ce navigateur ne dispose pas de ce dont le kit a besoin (signatures Ed25519, gzip). Utilisez une version récente de Chrome, Edge ou Firefox.',
  unexpected: 'Le kit n’a pas pu être ouvert.',
  errorCode: (code: string) => `Code d’erreur : ${code}`,
  // Navigation
  census: 'Occupation',
  search: 'Rechercher',
  searchLabel: 'Rechercher par nom, n° de dossier, date de naissance ou lit',
  searchHint: 'Appuyez sur / pour rechercher, sur Échap pour revenir.',
  documentation: (pending: number) => (pending === 0 ? 'Documentation' : `Documentation (${pending})`),
  forms: 'Formulaires vierges',
  lock: 'Verrouiller',
  back: 'Retour',
  signedInAs: (name: string) => `Connecté en tant que ${name}`,
  // Census
  units: 'Unités',
  unitCensus: (unit: string) => `Occupation ${unit}`,
  occupied: (count: number, beds: number) =>
    `${count} ${count < 2 ? 'patient' : 'patients'}, ${beds} ${beds < 2 ? 'lit' : 'lits'}`,
  bed: 'Lit',
  patient: 'Patient',
  ageSex: 'Âge / sexe',
  mrn: 'N° de dossier',
  allergies: 'Allergies',
  codeStatus: 'Code DNR',
  emptyBed: 'libre',
  admitHere: 'Admettre ici',
  noneRecorded: 'aucune donnée enregistrée',
  highRisk: 'risque élevé',
  downtimeAdmission: 'admission en mode dégradé',
  age: (value: number, unit: 'years' | 'months' | 'days') =>
    `${value} ${unit === 'years' ? 'a' : unit === 'months' ? 'mois' : 'j'}`,
  // Search
  searchResults: (shown: number, total: number) =>
    total === 0
      ? 'Aucun patient trouvé.'
      : shown < total
        ? `${shown} patients affichés sur ${total} ; affinez la recherche.`
        : `${total} ${total < 2 ? 'trouvé' : 'trouvés'}`,
  birthDate: 'Date de naissance',
  location: 'Localisation',
  // Patient
  dob: (date: string) => `né(e) le ${date}`,
  admitted: (when: string) => `admis(e) le ${when}`,
  problems: 'Problèmes',
  medications: 'Résumé de la médication',
  immunizations: 'Vaccinations',
  results: 'Résultats récents',
  vitals: 'Paramètres vitaux',
  procedures: 'Interventions',
  appointments: 'Rendez-vous',
  mar: 'Enregistrement de l’administration des médicaments',
  criticality: 'Gravité',
  reactions: 'Réactions',
  status: 'Statut',
  onset: 'Début',
  date: 'Date',
  when: 'Quand',
  value: 'Valeur',
  flag: 'Indicateur',
  test: 'Analyse',
  dosage: 'Posologie',
  kind: 'Type',
  started: 'Début',
  statement: 'prise déclarée',
  order: 'prescription',
  description: 'Description',
  dataOnlyHere: 'On ne connaît de ce patient que ce qui a été documenté en mode dégradé.',
  documentedHere: 'Documenté en mode dégradé',
  recordVitals: 'Enregistrer les paramètres vitaux',
  recordNote: 'Rédiger une note',
  recordOtherMedication: 'Enregistrer une autre médication',
  printSummary: 'Imprimer le résumé',
  printMar: 'Imprimer la feuille d’administration',
  printVitalsChart: 'Imprimer la feuille de paramètres',
  // MAR
  marNow: (time: string) => `maintenant ${time}`,
  marLast: 'Dernières 24 h',
  marDue: 'Prévu, non documenté',
  marNext: 'Prochaines 24 h',
  marMedication: 'Médicament',
  marDoseRoute: 'Dose / voie',
  given: 'administré',
  notGiven: 'non administré',
  markGiven: 'Administré',
  markNotGiven: 'Non administré',
  documentedAs: (what: string, time: string, by: string) => `${what} ${time} (${by}, mode dégradé)`,
  noMar: 'Aucune administration dans les dernières ou prochaines 24 heures.',
  // Forms
  save: 'Enregistrer',
  cancel: 'Annuler',
  saved: 'Enregistré dans ce navigateur. Exportez-le depuis Documentation.',
  fixThese: 'Veuillez corriger :',
  time: 'Heure',
  heartRate: 'Fréquence cardiaque (/min)',
  systolic: 'Tension artérielle systolique (mmHg)',
  diastolic: 'Tension artérielle diastolique (mmHg)',
  temperature: 'Température (°C)',
  respiratoryRate: 'Fréquence respiratoire (/min)',
  spo2: 'SpO₂ (%)',
  note: 'Note',
  medication: 'Médication',
  dose: 'Dose administrée',
  outcome: 'Résultat',
  reason: 'Raison de la non-administration',
  family: 'Nom de famille',
  given_name: 'Prénoms',
  sex: 'Sexe',
  sexes: { female: 'féminin', male: 'masculin', other: 'autre', unknown: 'inconnu' },
  room: 'Chambre',
  unitField: 'Unité',
  route: 'Voie d’administration',
  bloodPressureShort: 'TA (mmHg)',
  admittedAt: 'Admis(e) le',
  downtimeId: 'ID provisoire',
  willReceive: (id: string) => `Le patient reçoit l’ID provisoire ${id}.`,
  newAdmission: 'Nouvelle admission',
  noDowntimeIds:
    'Ce kit n’a plus d’ID provisoire libre : utilisez un formulaire d’admission papier et prévenez le service des admissions.',
  storageFailed:
    'Le navigateur n’a pas pu enregistrer ceci. Rien n’a été enregistré : réessayez ou notez-le sur papier.',
  undoRefused:
    'Cette saisie ne peut plus être annulée (exportée, ou une autre documentation y fait référence).',
  // Validation
  invalid: {
    time: 'Saisissez une heure valide, pas dans le futur.',
    number: (label: string, min: number, max: number) => `${label} : saisissez un nombre de ${min} à ${max}.`,
    bloodPressure: 'Saisissez la tension systolique et la diastolique, la systolique étant la plus élevée.',
    nothing: 'Saisissez au moins une mesure.',
    text: 'Rédigez d’abord la note.',
    family: 'Saisissez le nom de famille.',
    unit: 'Choisissez une unité.',
    birthDate: 'Saisissez une date de naissance valide.',
    medication: 'Indiquez la médication.',
  },
  // Documentation
  documentationTitle: 'Documentation saisie dans ce navigateur',
  noDocumentation: 'Rien n’a encore été documenté.',
  undo: 'Annuler la saisie',
  by: 'Par',
  pending: 'non exporté',
  exported: 'exporté',
  export: 'Exporter le fichier signé',
  exportFailed: 'L’export n’a pas pu être signé. Rien n’a été marqué comme exporté ; réessayez.',
  exportDone: (count: number) =>
    `${count < 2 ? `${count} nouvelle saisie exportée` : `${count} nouvelles saisies exportées`} avec tout ce qui a été documenté auparavant. Remettez le fichier à l’équipe de réconciliation.`,
  openingsLogged: (count: number) =>
    `${count < 2 ? `${count} ouverture de dossier journalisée` : `${count} ouvertures de dossier journalisées`} ; elles sont incluses dans l’export.`,
  storageUnavailable:
    'Ce navigateur ne peut pas conserver la documentation : exportez avant de fermer la page.',
  storageQuarantined:
    'Une documentation antérieure dans ce navigateur n’a pas pu être lue ; elle a été mise de côté, pas supprimée.',
  entryKinds: { vitals: 'Paramètres vitaux', medication: 'Médication', note: 'Note', admission: 'Admission' },
  usedDowntimeIds: (ids: string) => `ID provisoires attribués : ${ids}`,
  // Print
  printedBy: (when: string, who: string, asOf: string) =>
    `Imprimé le ${when} par ${who}. Données du ${asOf}.`,
  blankVitalsChart: 'Feuille de paramètres vitaux',
  blankMedicationForm: 'Formulaire d’administration des médicaments',
  admissionForm: 'Formulaire d’admission en mode dégradé',
  printAdmissionForm: 'Imprimer le formulaire d’admission (utilise le prochain ID provisoire)',
  initials: 'Initiales',
  patientLabel: 'Patient (nom, date de naissance, n° de dossier ou ID provisoire)',
  givenNotGiven: 'Administré / non administré',
  formsTitle: 'Formulaires vierges pour le mode dégradé',
  marSheet: 'Feuille d’administration',
  planned: 'Prévu',
};
