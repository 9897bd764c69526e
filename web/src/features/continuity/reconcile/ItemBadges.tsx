import { useT } from '../../../i18n/I18nProvider.js';
import {
  ITEM_KINDS,
  ITEM_STATUSES,
  MATCH_STATES,
  isKnown,
  type ItemKind,
  type ItemStatus,
  type MatchState,
} from '../types.js';

/** Whether the patient was found in the EHR; an unsure match is marked so it is not approved blindly. */
export function MatchBadge({ match }: { match: MatchState }) {
  const t = useT();
  return (
    <span className={`badge match match-${match}`}>
      {isKnown(MATCH_STATES, match) ? t(`continuity.match.${match}`) : match}
    </span>
  );
}

export function ItemStatusBadge({ status }: { status: ItemStatus }) {
  const t = useT();
  return (
    <span className={`badge item-status item-status-${status}`}>
      {isKnown(ITEM_STATUSES, status) ? t(`continuity.item.status.${status}`) : status}
    </span>
  );
}

export function KindLabel({ kind }: { kind: ItemKind }) {
  const t = useT();
  return (
    <span className="item-kind">{isKnown(ITEM_KINDS, kind) ? t(`continuity.item.kind.${kind}`) : kind}</span>
  );
}
