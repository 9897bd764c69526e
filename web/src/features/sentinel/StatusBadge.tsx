import { useT } from '../../i18n/I18nProvider.js';
import type { DetectionStatus, Writer } from './types.js';

const BADGE: Record<DetectionStatus, string> = {
  stopped: 'badge badge-failure',
  unstopped: 'badge badge-failure',
  released: 'badge badge-disabled',
  killed: 'badge badge-locked',
  resolved: 'badge badge-success',
};

export function StatusBadge({ status }: { status: DetectionStatus }) {
  const t = useT();
  return <span className={BADGE[status]}>{t(`sentinel.status.${status}`)}</span>;
}

/** The writer in a few words: its program and pid, and the Samba client behind it when known. */
export function writerName(writer: Writer): string {
  const program = writer.executable?.split('/').at(-1) ?? '?';
  const client = writer.smbClient ? ` · ${writer.smbClient.machine}` : '';
  return `${program} (${writer.pid ?? '?'})${client}`;
}
