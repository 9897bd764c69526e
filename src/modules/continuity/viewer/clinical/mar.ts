import type { KitAdministration, KitCode } from '../../types.js';

/** One order's row on the medication administration record around "now". */
export interface MarGroup {
  key: string;
  orderId: string | null;
  medication: KitCode;
  dose: string | null;
  route: string | null;
  /** Given or not given in the last window, oldest first. */
  past: KitAdministration[];
  /** Planned before now and not documented at the source: due or overdue. */
  due: KitAdministration[];
  /** Planned from now to the end of the next window, soonest first. */
  upcoming: KitAdministration[];
}

const HOUR = 3_600_000;

function groupKey(line: KitAdministration): string {
  if (line.orderId !== null) return `order:${line.orderId}`;
  return `medication:${line.medication.system ?? ''}|${line.medication.code ?? line.medication.text}`;
}

function byTime(a: KitAdministration, b: KitAdministration): number {
  return Date.parse(a.at) - Date.parse(b.at);
}

/**
 * Groups MAR lines by order and splits them around now: what was given in the last `windowHours`,
 * what was due and has no record, what comes in the next `windowHours`. Lines outside the window
 * or with an unreadable time are left out.
 */
export function groupMar(lines: readonly KitAdministration[], now: Date, windowHours = 24): MarGroup[] {
  const nowMs = now.getTime();
  const from = nowMs - windowHours * HOUR;
  const until = nowMs + windowHours * HOUR;
  const groups = new Map<string, MarGroup>();
  for (const line of [...lines].sort(byTime)) {
    const at = Date.parse(line.at);
    if (Number.isNaN(at) || at < from || at > until) continue;
    const key = groupKey(line);
    let group = groups.get(key);
    if (!group) {
      group = {
        key,
        orderId: line.orderId,
        medication: line.medication,
        dose: null,
        route: null,
        past: [],
        due: [],
        upcoming: [],
      };
      groups.set(key, group);
    }
    // The newest line carries the current dose and route of the order.
    group.dose = line.dose ?? group.dose;
    group.route = line.route ?? group.route;
    if (line.status !== 'planned') group.past.push(line);
    else if (at < nowMs) group.due.push(line);
    else group.upcoming.push(line);
  }
  return [...groups.values()].sort((a, b) =>
    a.medication.text.localeCompare(b.medication.text, 'en', { sensitivity: 'base' }),
  );
}
