import { readFileSync } from 'node:fs';

/**
 * Names for uids and gids, as restic records them. Node has no getpwuid(), so the local account
 * files are read once; accounts that live only in LDAP/SSSD get no name (restic does the same when
 * its lookup fails), which is harmless: restore uses the numeric ids.
 */
function readTable(file: string): Map<number, string> {
  const table = new Map<number, string>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return table;
  }
  for (const line of text.split('\n')) {
    const fields = line.split(':');
    const name = fields[0];
    const id = Number(fields[2]);
    if (name && fields.length >= 3 && Number.isInteger(id) && !table.has(id)) table.set(id, name);
  }
  return table;
}

let users: Map<number, string> | undefined;
let groups: Map<number, string> | undefined;

export function userName(uid: number): string {
  users ??= readTable('/etc/passwd');
  return users.get(uid) ?? '';
}

export function groupName(gid: number): string {
  groups ??= readTable('/etc/group');
  return groups.get(gid) ?? '';
}
