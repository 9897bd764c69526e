import { buildDocx, buildXlsx, type Cell } from './ooxml.js';
import { buildPdf } from './pdf.js';
import { between, initials, pastWorkingMoment, people, personName, pick } from './people.js';

/**
 * Decoy documents of the kinds a hospital's shares fill up with. Everything in them is invented and
 * none of it concerns a patient: rosters, budgets, pathways, phone lists.
 */
export interface Decoy {
  /** File name without position prefix or extension, e.g. `Ward 4B roster week 12`. */
  stem: string;
  extension: 'xlsx' | 'docx' | 'pdf' | 'csv';
  data: Buffer;
  /** The time to give the file: some weekday in the past. */
  modified: Date;
}

const WARDS = ['2A', '3B', '4B', '5 North', 'ICU', 'Maternity', 'Geriatrics', 'Day surgery', 'Paediatrics'];
const DEPARTMENTS = [
  'Cardiology',
  'Radiology',
  'Pharmacy',
  'Emergency',
  'Oncology',
  'Orthopaedics',
  'Laboratory',
];
const SPECIALTIES = ['orthopaedics', 'cardiology', 'dermatology', 'neurology', 'urology', 'physiotherapy'];
const ROLES = ['Head nurse', 'Staff nurse', 'Nurse', 'Student nurse', 'Care assistant', 'Ward clerk'];
const SHIFTS = ['E', 'E', 'L', 'L', 'N', 'off', 'off', 'D'];

function weekOf(date: Date): number {
  const start = Date.UTC(date.getUTCFullYear(), 0, 1);
  return Math.floor((date.getTime() - start) / (7 * 86_400_000)) + 1;
}

const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

function roster(now: Date): Decoy {
  const modified = pastWorkingMoment(now, 10, 200);
  const ward = pick(WARDS);
  const week = weekOf(modified);
  const rows: Cell[][] = [['Name', 'Role', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun', 'Ext.']];
  for (const name of people(between(12, 24))) {
    rows.push([name, pick(ROLES), ...Array.from({ length: 7 }, () => pick(SHIFTS)), between(4100, 4899)]);
  }
  const author = personName();
  const info = { title: `Ward ${ward} roster`, author, lastModifiedBy: author, created: modified, modified };
  return {
    stem: `Ward ${ward} roster week ${week}`,
    extension: 'xlsx',
    data: buildXlsx(info, `Week ${week}`, rows),
    modified,
  };
}

function maintenance(now: Date): Decoy {
  const modified = pastWorkingMoment(now, 30, 330);
  const items = [
    'Infusion pump',
    'Defibrillator',
    'Patient monitor',
    'Suction unit',
    'Bladder scanner',
    'ECG cart',
  ];
  const rows: Cell[][] = [['Asset', 'Location', 'Serial', 'Last service', 'Next service', 'Responsible']];
  for (let i = 0; i < between(15, 40); i++) {
    const last = new Date(modified.getTime() - between(5, 300) * 86_400_000);
    const next = new Date(last.getTime() + 365 * 86_400_000);
    rows.push([
      pick(items),
      `Ward ${pick(WARDS)}`,
      `SN${between(100000, 999999)}`,
      isoDay(last),
      isoDay(next),
      personName(),
    ]);
  }
  const author = personName();
  const year = modified.getFullYear();
  const info = {
    title: 'Maintenance schedule',
    author,
    lastModifiedBy: personName(),
    created: modified,
    modified,
  };
  return {
    stem: `Equipment maintenance schedule ${year}`,
    extension: 'xlsx',
    data: buildXlsx(info, 'Schedule', rows),
    modified,
  };
}

function budget(now: Date): Decoy {
  const modified = pastWorkingMoment(now, 20, 300);
  const department = pick(DEPARTMENTS);
  const year = modified.getFullYear() + 1;
  const lines = [
    'Staff (FTE)',
    'Consumables',
    'Equipment leasing',
    'Maintenance contracts',
    'Training',
    'IT licences',
  ];
  const table: Cell[][] = [['Cost line', `${year - 1} actual (EUR)`, `${year} proposed (EUR)`]];
  for (const line of lines) {
    const actual = between(20, 900) * 1000;
    table.push([
      line,
      actual.toLocaleString('en-GB'),
      Math.round(actual * (0.95 + between(0, 15) / 100)).toLocaleString('en-GB'),
    ]);
  }
  const author = personName();
  const version = between(2, 6);
  const info = {
    title: `${department} budget ${year}`,
    author,
    lastModifiedBy: personName(),
    created: modified,
    modified,
  };
  const data = buildDocx(info, [
    { heading: `${department} — budget proposal ${year} (draft v${version})` },
    { paragraph: `Prepared by ${author} for the budget committee. Figures exclude VAT.` },
    { table },
    { paragraph: 'Increases reflect the indexation of salaries and the renewal of two leasing contracts.' },
    { paragraph: `Comments to ${initials(author).toLowerCase()}@finance before the committee meets.` },
  ]);
  return { stem: `${department} budget ${year} draft v${version}`, extension: 'docx', data, modified };
}

function minutes(now: Date): Decoy {
  const modified = pastWorkingMoment(now, 5, 150);
  const present = people(between(4, 9));
  const author = present[0] ?? personName();
  const topics = [
    'Holiday planning',
    'Hand hygiene audit results',
    'New bed management procedure',
    'Parking permits',
    'Fire drill',
  ];
  const info = { title: 'Team meeting minutes', author, lastModifiedBy: author, created: modified, modified };
  const data = buildDocx(info, [
    { heading: `Team meeting ${pick(WARDS)} — ${isoDay(modified)}` },
    { paragraph: `Present: ${present.join(', ')}.` },
    ...topics
      .slice(0, between(2, topics.length))
      .map((topic) => ({ paragraph: `${topic}: discussed; follow-up by ${personName()}.` })),
    { paragraph: 'Next meeting in four weeks, same room.' },
  ]);
  return { stem: `Team meeting minutes ${isoDay(modified)}`, extension: 'docx', data, modified };
}

function pathway(now: Date): Decoy {
  const modified = pastWorkingMoment(now, 40, 400);
  const specialty = pick(SPECIALTIES);
  const author = personName();
  const steps = [
    'Check the referral criteria below.',
    'Complete the referral form in full.',
    'Attach recent imaging reports.',
    'Send to the outpatient secretariat.',
    'Urgent cases: call the registrar on duty.',
  ];
  const data = buildPdf(
    {
      title: `Referral pathway ${specialty}`,
      author,
      producer: pick(['RICOH MP C3004 PDF', 'Canon iR-ADV C5535', 'ABBYY FineReader 15']),
      created: modified,
    },
    [
      { text: `Referral pathway — ${specialty}`, size: 16, bold: true },
      { text: `Version ${between(2, 7)}.${between(0, 9)}, approved ${isoDay(modified)} by ${author}` },
      { text: '' },
      ...steps.map((text, index) => ({ text: `${index + 1}. ${text}` })),
      { text: '' },
      { text: 'Contacts', bold: true },
      ...people(between(3, 6)).map((name) => ({ text: `${name} — extension ${between(4100, 4899)}` })),
    ],
  );
  return {
    stem: `Referral pathway ${specialty} scan ${isoDay(modified).replaceAll('-', '')}`,
    extension: 'pdf',
    data,
    modified,
  };
}

function csvField(value: string | number): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function phoneList(now: Date): Decoy {
  const modified = pastWorkingMoment(now, 3, 120);
  const rows: Array<Array<string | number>> = [['name', 'department', 'role', 'extension', 'pager']];
  for (const name of people(between(25, 60))) {
    rows.push([
      name,
      pick(DEPARTMENTS),
      pick(['Consultant', 'Registrar', 'Nurse', 'Secretary', 'Technician']),
      between(4100, 4899),
      between(700, 799),
    ]);
  }
  const data = Buffer.from(`${rows.map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`, 'utf8');
  return { stem: `On-call phone list export ${isoDay(modified)}`, extension: 'csv', data, modified };
}

const MAKERS = [roster, maintenance, budget, minutes, pathway, phoneList];

/** A fresh decoy; `avoid` keeps the two decoys of one folder of different kinds. */
export function makeDecoy(now: Date, avoid?: Decoy['extension']): Decoy {
  for (;;) {
    const decoy = pick(MAKERS)(now);
    if (decoy.extension !== avoid) return decoy;
  }
}
