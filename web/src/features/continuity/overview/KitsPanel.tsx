import type { ReactNode } from 'react';
import { can, useCurrentSession } from '../../../api/session.js';
import { type Column, DataTable } from '../../../components/DataTable.js';
import { ContinuityError } from '../shared/ContinuityError.js';
import { formatDateTime } from '../../../i18n/dates.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { kitFilePath } from '../queryKeys.js';
import { DataAge } from '../shared/DataAge.js';
import { formatBytes, formatCount } from '../shared/format.js';
import { useScopeName } from '../shared/scopeName.js';
import type { KitSummary } from '../types.js';
import { BuildNotice } from './BuildNotice.js';
import { useBuildKit } from './overviewApi.js';

type Scope = { scope: string; latest: KitSummary | null };

/** One row per scope (unit or site) with its newest kit; building and downloading need their own rights. */
export function KitsPanel({ scopes }: { scopes: readonly Scope[] }) {
  const t = useT();
  const { locale } = useLocale();
  const session = useCurrentSession();
  const scopeName = useScopeName();
  const build = useBuildKit();
  const mayBuild = can(session, 'continuity.manage');
  const mayDownload = can(session, 'continuity.kit.download');
  const kitCell = (render: (kit: KitSummary) => ReactNode) => (s: Scope) =>
    s.latest ? render(s.latest) : '—';

  const columns: Column<Scope>[] = [
    { id: 'scope', header: t('continuity.col.scope'), rowHeader: true, cell: (s) => scopeName(s.scope) },
    {
      id: 'kind',
      header: t('continuity.col.kitKind'),
      cell: (s) => (s.latest ? t(`continuity.kits.kind.${s.latest.kind}`) : t('continuity.kits.none')),
    },
    {
      id: 'builtAt',
      header: t('continuity.col.builtAt'),
      className: 'nowrap',
      cell: kitCell((kit) => <time dateTime={kit.builtAt}>{formatDateTime(kit.builtAt, locale)}</time>),
    },
    {
      id: 'dataAsOf',
      header: t('continuity.col.dataAsOf'),
      cell: kitCell((kit) => <DataAge iso={kit.dataAsOf} />),
    },
    {
      id: 'patients',
      header: t('continuity.col.patients'),
      className: 'num',
      cell: kitCell((kit) => formatCount(kit.patients, locale)),
    },
    {
      id: 'size',
      header: t('continuity.col.size'),
      className: 'num nowrap',
      cell: kitCell((kit) => formatBytes(kit.bytes, locale)),
    },
    ...(mayBuild || mayDownload
      ? [
          {
            id: 'actions',
            header: t('continuity.col.actions'),
            cell: (s: Scope) => (
              <div className="actions">
                {mayBuild && (
                  <button
                    type="button"
                    className="button-small"
                    disabled={build.isPending}
                    onClick={() => build.mutate(s.scope)}
                  >
                    {t('continuity.kits.build')}
                    <span className="sr-only"> {scopeName(s.scope)}</span>
                  </button>
                )}
                {mayDownload && s.latest && (
                  <a className="button-like" href={kitFilePath(s.scope)} download>
                    {t('continuity.kits.download')}
                    <span className="sr-only"> {scopeName(s.scope)}</span>
                  </a>
                )}
              </div>
            ),
          },
        ]
      : []),
  ];

  return (
    <section className="panel" aria-labelledby="continuity-kits-title">
      <h2 id="continuity-kits-title">{t('continuity.kits.title')}</h2>
      <p className="hint">{t('continuity.kits.intro')}</p>
      {build.isPending && <p role="status">{t('continuity.kits.building')}</p>}
      {build.data && build.variables && <BuildNotice scope={build.variables} outcomes={build.data} />}
      <ContinuityError error={build.error} />
      {scopes.length === 0 ? (
        <p>{t('continuity.kits.noScopes')}</p>
      ) : (
        <DataTable
          caption={t('continuity.kits.caption')}
          columns={columns}
          rows={scopes}
          rowKey={(s) => s.scope}
        />
      )}
    </section>
  );
}
