import { useT } from '../../../i18n/I18nProvider.js';
import {
  ALERT_STATUSES,
  LEVELS,
  SOURCE_STATUSES,
  type AlertStatus,
  type Level,
  type SourceStatus,
} from '../types.js';

// The server is the source of truth: a value this console does not know yet is shown as sent.
const known = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

/** Severity as words and colour alike, so it reads without colour vision. */
export function LevelBadge({ level }: { level: Level }) {
  const t = useT();
  return (
    <span className={`badge level level-${level}`}>
      {known(LEVELS, level) ? t(`detect.level.${level}`) : level}
    </span>
  );
}

export function StatusBadge({
  status,
  falsePositive = false,
}: {
  status: AlertStatus;
  falsePositive?: boolean;
}) {
  const t = useT();
  const text = known(ALERT_STATUSES, status) ? t(`detect.status.${status}`) : status;
  return (
    <span className={`badge alert-status-${status}`}>
      {text}
      {falsePositive && ` · ${t('detect.falsePositive')}`}
    </span>
  );
}

export function SourceStatusBadge({ status }: { status: SourceStatus }) {
  const t = useT();
  return (
    <span className={`badge source-status-${status}`}>
      {known(SOURCE_STATUSES, status) ? t(`detect.sourceStatus.${status}`) : status}
    </span>
  );
}
