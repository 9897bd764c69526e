/** ATT&CK references as Sigma tags carry them (`attack.t1059.001`, `attack.execution`), made into links. */

const SITE = 'https://attack.mitre.org';

// The enterprise tactics by the names Sigma tags use; their ids are stable in the ATT&CK matrix.
const TACTICS: Readonly<Record<string, string>> = {
  reconnaissance: 'TA0043',
  'resource-development': 'TA0042',
  'initial-access': 'TA0001',
  execution: 'TA0002',
  persistence: 'TA0003',
  'privilege-escalation': 'TA0004',
  'defense-evasion': 'TA0005',
  'credential-access': 'TA0006',
  discovery: 'TA0007',
  'lateral-movement': 'TA0008',
  collection: 'TA0009',
  exfiltration: 'TA0010',
  'command-and-control': 'TA0011',
  impact: 'TA0040',
};

export interface AttackRef {
  label: string;
  url: string | null;
}

export function isAttackTag(tag: string): boolean {
  return /^attack\./i.test(tag.trim());
}

export function attackRef(tag: string): AttackRef {
  const name = tag.trim().replace(/^attack\./i, '');
  const technique = /^t(\d{4})(?:\.(\d{3}))?$/i.exec(name);
  if (technique) {
    const [, id, sub] = technique;
    const label = sub ? `T${id}.${sub}` : `T${id}`;
    return { label, url: sub ? `${SITE}/techniques/T${id}/${sub}/` : `${SITE}/techniques/T${id}/` };
  }
  const other = /^(ta|g|s)(\d{4})$/i.exec(name);
  if (other) {
    const prefix = (other[1] ?? '').toUpperCase();
    const folder = prefix === 'TA' ? 'tactics' : prefix === 'G' ? 'groups' : 'software';
    return { label: `${prefix}${other[2]}`, url: `${SITE}/${folder}/${prefix}${other[2]}/` };
  }
  const tactic = TACTICS[name.toLowerCase().replace(/_/g, '-')];
  return { label: name, url: tactic ? `${SITE}/tactics/${tactic}/` : null };
}
