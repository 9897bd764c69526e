import type { Messages } from './messages.en.js';

/** Dutch (Flemish hospitals): same keys and signatures as `en`. */
export const nl: Messages = {
  locale: 'nl-BE',
  appName: 'Lifeline downtime-viewer',
  unit: (name: string) => `Afdeling ${name}`,
  site: (name: string) => `Campus ${name}`,
  dataAsOf: 'Gegevens van',
  minutesOld: (minutes: number | null) =>
    minutes === null
      ? 'ouderdom onbekend'
      : minutes === 0
        ? 'zonet'
        : minutes === 1
          ? '1 minuut geleden'
          : `${minutes} minuten geleden`,
  staleWarning: 'De gegevens kunnen verouderd zijn: controleer bij de afdeling voor u handelt.',
  builtAt: 'Aangemaakt op',
  hospital: 'Ziekenhuis',
  scope: 'Bereik',
  updatesLabel: 'Updates sinds de volledige kit',
  updates: (count: number) => (count === 0 ? 'geen' : `${count}`),
  unverified: 'Nog niet geverifieerd: deze gegevens worden gecontroleerd bij het ontgrendelen.',
  // Unlocking
  unlockTitle: 'De kit ontgrendelen',
  passphrase: 'Wachtwoordzin van de afdeling',
  orDeviceKey: 'of sleutelbestand van het toestel',
  deviceKeyHint: 'Het bestand dat voor dit downtimetoestel werd uitgereikt (lifeline-device-key).',
  yourName: 'Uw naam of initialen',
  yourNameHint: 'Wordt geregistreerd bij elk dossier dat u opent en bij alles wat u documenteert.',
  unlock: 'Ontgrendelen',
  unlocking: 'Verifiëren en ontsleutelen…',
  needName: 'Vul uw naam of initialen in.',
  needSecret: 'Vul de wachtwoordzin in of kies een sleutelbestand van het toestel.',
  wrongSecret: 'Deze wachtwoordzin of dit sleutelbestand ontgrendelt deze kit niet. Er werd niets geopend.',
  notForThisDevice:
    'Deze kit werd niet gemaakt voor deze toestelsleutel of kan niet met een wachtwoordzin ontgrendeld worden.',
  badKeyFile: 'Het gekozen bestand is geen Lifeline-sleutelbestand van een toestel.',
  // Refusals
  refusedTitle: 'Deze kit is niet betrouwbaar',
  tampered:
    'De kit werd gewijzigd of beschadigd nadat hij gemaakt werd. Gebruik hem niet: open een andere kopie en verwittig de continuïteitsverantwoordelijke.',
  signerChanged: (hospital: string) =>
    `Deze kit is ondertekend met een andere sleutel dan de kits die deze browser eerder voor ${hospital} opende. Hij kan vervalst zijn. Gebruik hem niet: vraag de continuïteitsverantwoordelijke om de nieuwe ondertekeningssleutel te bevestigen.`,
  noKit: 'Dit bestand bevat geen Lifeline-kit.',
  noSigner:
    'Dit bestand vermeldt niet met welke sleutel het ondertekend werd en kan dus niet geverifieerd worden.',
  unrelated: 'De updates in dit bestand horen niet bij de kit ervan. Open een andere kopie.',
  oldBrowser:
    'Deze browser mist wat de kit nodig heeft (Ed25519-handtekeningen, gzip). Gebruik een recente versie van Chrome, Edge of Firefox.',
  unexpected: 'De kit kon niet geopend worden.',
  errorCode: (code: string) => `Foutcode: ${code}`,
  // Navigation
  census: 'Bezetting',
  search: 'Zoeken',
  searchLabel: 'Zoeken op naam, patiëntnummer, geboortedatum of bed',
  searchHint: 'Druk op / om te zoeken, op Escape om terug te gaan.',
  documentation: (pending: number) => (pending === 0 ? 'Documentatie' : `Documentatie (${pending})`),
  forms: 'Blanco formulieren',
  lock: 'Vergrendelen',
  back: 'Terug',
  signedInAs: (name: string) => `Aangemeld als ${name}`,
  // Census
  units: 'Afdelingen',
  unitCensus: (unit: string) => `Bezetting ${unit}`,
  occupied: (count: number, beds: number) =>
    `${count} ${count === 1 ? 'patiënt' : 'patiënten'}, ${beds} ${beds === 1 ? 'bed' : 'bedden'}`,
  bed: 'Bed',
  patient: 'Patiënt',
  ageSex: 'Leeftijd / geslacht',
  mrn: 'Patiëntnummer',
  allergies: 'Allergieën',
  codeStatus: 'DNR-code',
  emptyBed: 'vrij',
  admitHere: 'Hier opnemen',
  noneRecorded: 'niets geregistreerd',
  highRisk: 'hoog risico',
  downtimeAdmission: 'opname tijdens downtime',
  age: (value: number, unit: 'years' | 'months' | 'days') =>
    `${value} ${unit === 'years' ? 'j' : unit === 'months' ? 'mnd' : 'd'}`,
  // Search
  searchResults: (shown: number, total: number) =>
    total === 0
      ? 'Geen patiënt gevonden.'
      : shown < total
        ? `${shown} van ${total} patiënten getoond; verfijn de zoekopdracht.`
        : `${total} gevonden`,
  birthDate: 'Geboortedatum',
  location: 'Locatie',
  // Patient
  dob: (date: string) => `geboren op ${date}`,
  admitted: (when: string) => `opgenomen op ${when}`,
  problems: 'Problemen',
  medications: 'Medicatieoverzicht',
  immunizations: 'Vaccinaties',
  results: 'Recente resultaten',
  vitals: 'Vitale parameters',
  procedures: 'Ingrepen',
  appointments: 'Afspraken',
  mar: 'Toedieningsregistratie medicatie',
  criticality: 'Ernst',
  reactions: 'Reacties',
  status: 'Status',
  onset: 'Begin',
  date: 'Datum',
  when: 'Wanneer',
  value: 'Waarde',
  flag: 'Markering',
  test: 'Test',
  dosage: 'Dosering',
  kind: 'Soort',
  started: 'Gestart',
  statement: 'gemeld gebruik',
  order: 'voorschrift',
  description: 'Omschrijving',
  dataOnlyHere: 'Over deze patiënt is alleen bekend wat tijdens de downtime werd gedocumenteerd.',
  documentedHere: 'Gedocumenteerd tijdens de downtime',
  recordVitals: 'Vitale parameters registreren',
  recordNote: 'Notitie schrijven',
  recordOtherMedication: 'Andere medicatie registreren',
  printSummary: 'Samenvatting afdrukken',
  printMar: 'Toedieningslijst afdrukken',
  printVitalsChart: 'Parameterblad afdrukken',
  // MAR
  marNow: (time: string) => `nu ${time}`,
  marLast: 'Laatste 24 u',
  marDue: 'Gepland, niet gedocumenteerd',
  marNext: 'Volgende 24 u',
  marMedication: 'Medicatie',
  marDoseRoute: 'Dosis / toedieningsweg',
  given: 'toegediend',
  notGiven: 'niet toegediend',
  markGiven: 'Toegediend',
  markNotGiven: 'Niet toegediend',
  documentedAs: (what: string, time: string, by: string) => `${what} ${time} (${by}, downtime)`,
  noMar: 'Geen toedieningen in de voorbije of komende 24 uur.',
  // Forms
  save: 'Opslaan',
  cancel: 'Annuleren',
  saved: 'Opgeslagen in deze browser. Exporteer het via Documentatie.',
  fixThese: 'Verbeter a.u.b.:',
  time: 'Tijdstip',
  heartRate: 'Hartfrequentie (/min)',
  systolic: 'Bloeddruk systolisch (mmHg)',
  diastolic: 'Bloeddruk diastolisch (mmHg)',
  temperature: 'Temperatuur (°C)',
  respiratoryRate: 'Ademhalingsfrequentie (/min)',
  spo2: 'SpO₂ (%)',
  note: 'Notitie',
  medication: 'Medicatie',
  dose: 'Toegediende dosis',
  outcome: 'Resultaat',
  reason: 'Reden niet toegediend',
  family: 'Familienaam',
  given_name: 'Voornamen',
  sex: 'Geslacht',
  sexes: { female: 'vrouw', male: 'man', other: 'andere', unknown: 'onbekend' },
  room: 'Kamer',
  unitField: 'Afdeling',
  route: 'Toedieningsweg',
  bloodPressureShort: 'BD (mmHg)',
  admittedAt: 'Opgenomen op',
  downtimeId: 'Downtime-ID',
  willReceive: (id: string) => `De patiënt krijgt downtime-ID ${id}.`,
  newAdmission: 'Nieuwe opname',
  noDowntimeIds:
    'Deze kit heeft geen ongebruikte downtime-ID meer: gebruik een papieren opnameformulier en verwittig de opnamedienst.',
  storageFailed:
    'De browser kon dit niet opslaan. Er werd niets geregistreerd: probeer opnieuw of noteer het op papier.',
  undoRefused:
    'Deze registratie kan niet meer ongedaan gemaakt worden (geëxporteerd, of andere documentatie verwijst ernaar).',
  // Validation
  invalid: {
    time: 'Vul een geldig tijdstip in, niet in de toekomst.',
    number: (label: string, min: number, max: number) => `${label}: vul een getal van ${min} tot ${max} in.`,
    bloodPressure: 'Vul zowel de systolische als de diastolische bloeddruk in, de systolische het hoogst.',
    nothing: 'Vul minstens één meting in.',
    text: 'Schrijf eerst de notitie.',
    family: 'Vul de familienaam in.',
    unit: 'Kies een afdeling.',
    birthDate: 'Vul een geldige geboortedatum in.',
    medication: 'Vermeld de medicatie.',
  },
  // Documentation
  documentationTitle: 'Documentatie in deze browser',
  noDocumentation: 'Nog niets gedocumenteerd.',
  undo: 'Ongedaan maken',
  by: 'Door',
  pending: 'niet geëxporteerd',
  exported: 'geëxporteerd',
  export: 'Ondertekend bestand exporteren',
  exportFailed:
    'De export kon niet ondertekend worden. Niets werd als geëxporteerd gemarkeerd; probeer opnieuw.',
  exportDone: (count: number) =>
    `${count === 1 ? '1 nieuwe registratie' : `${count} nieuwe registraties`} geëxporteerd, samen met alles wat eerder gedocumenteerd werd. Bezorg het bestand aan het reconciliatieteam.`,
  openingsLogged: (count: number) =>
    `${count === 1 ? '1 geopend dossier' : `${count} geopende dossiers`} gelogd; ze zitten in de export.`,
  storageUnavailable: 'Deze browser kan geen documentatie bewaren: exporteer voor u de pagina sluit.',
  storageQuarantined:
    'Eerdere documentatie in deze browser kon niet gelezen worden; ze werd apart gehouden, niet gewist.',
  entryKinds: { vitals: 'Vitale parameters', medication: 'Medicatie', note: 'Notitie', admission: 'Opname' },
  usedDowntimeIds: (ids: string) => `Uitgereikte downtime-ID's: ${ids}`,
  // Print
  printedBy: (when: string, who: string, asOf: string) =>
    `Afgedrukt op ${when} door ${who}. Gegevens van ${asOf}.`,
  blankVitalsChart: 'Parameterblad vitale parameters',
  blankMedicationForm: 'Toedieningsformulier medicatie',
  admissionForm: 'Opnameformulier downtime',
  printAdmissionForm: 'Opnameformulier afdrukken (gebruikt de volgende downtime-ID)',
  initials: 'Initialen',
  patientLabel: 'Patiënt (naam, geboortedatum, patiëntnummer of downtime-ID)',
  givenNotGiven: 'Toegediend / niet toegediend',
  formsTitle: 'Blanco downtimeformulieren',
  marSheet: 'Toedieningslijst',
  planned: 'Gepland',
};
