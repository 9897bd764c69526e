import { useT } from '../../../i18n/I18nProvider.js';
import { ImportsTable } from './ImportsTable.js';
import { ImportUpload } from './ImportUpload.js';
import { ItemsPanel } from './ItemsPanel.js';
import { PostApproved } from './PostApproved.js';

/**
 * After downtime: what staff documented in the viewers comes back here, is matched to EHR patients,
 * reviewed and posted. The only console page that shows patient data.
 */
export function ReconcilePage() {
  const t = useT();
  return (
    <>
      <h1>{t('continuity.reconcile.title')}</h1>
      <p className="lead">{t('continuity.reconcile.lead')}</p>
      <ImportUpload />
      <ItemsPanel />
      <PostApproved />
      <ImportsTable />
    </>
  );
}
