import { LifelineError } from '../../../kernel/errors.js';
import './errors.js';

/** Where a page of alerts (newest first) ended: the last alert's first-seen time and id. */
export interface AlertCursor {
  firstSeen: string;
  id: string;
}

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const ID = /^[0-9a-f]{32}$/;

export function encodeCursor(cursor: AlertCursor): string {
  return Buffer.from(`${cursor.firstSeen}|${cursor.id}`, 'utf8').toString('base64url');
}

/** Cursors come back from clients: anything but one this server produced is refused. */
export function decodeCursor(text: string): AlertCursor {
  const invalid = () => new LifelineError('DETECT_CURSOR_INVALID', undefined, { field: 'before' });
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(text)) throw invalid();
  const [firstSeen, id, ...rest] = Buffer.from(text, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !firstSeen || !id || !ISO_UTC.test(firstSeen) || !ID.test(id)) throw invalid();
  if (Number.isNaN(Date.parse(firstSeen))) throw invalid();
  return { firstSeen, id };
}
