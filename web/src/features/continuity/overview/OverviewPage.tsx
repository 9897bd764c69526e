import { QueryState } from '../../../components/QueryState.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { ContinuityError } from '../shared/ContinuityError.js';
import { formatCount } from '../shared/format.js';
import { KitsPanel } from './KitsPanel.js';
import { useOverview } from './overviewApi.js';
import { SignerPanel } from './SignerPanel.js';
import { SourcesPanel } from './SourcesPanel.js';
import { UnitsPanel } from './UnitsPanel.js';

/** Where the kits come from, what they hold (in counts only) and how fresh they are. */
export function OverviewPage() {
  const t = useT();
  const { locale } = useLocale();
  const overview = useOverview();
  const data = overview.data;
  return (
    <>
      <h1>{t('continuity.overview.title')}</h1>
      {data ? (
        <p className="lead">
          {t('continuity.overview.lead', {
            hospital: data.hospital,
            patients: formatCount(data.patients, locale),
          })}
        </p>
      ) : (
        <QueryState query={overview} errorView={ContinuityError} />
      )}
      {data && (
        <>
          <KitsPanel scopes={data.scopes} />
          <SourcesPanel sources={data.sources} imports={data.imports} />
          <UnitsPanel units={data.units} />
          <SignerPanel signer={data.signer} />
        </>
      )}
    </>
  );
}
