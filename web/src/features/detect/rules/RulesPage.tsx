import { Link, useSearchParams } from 'react-router';
import { DataTable, type Column } from '../../../components/DataTable.js';
import { QueryState } from '../../../components/QueryState.js';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { LevelBadge } from '../shared/Badges.js';
import { formatCount, logsourceText } from '../shared/format.js';
import { rulePath } from '../shared/paths.js';
import type { RuleSummary } from '../types.js';
import { readRuleFilter, RULES_PAGE_SIZE, ruleSearch, type RuleFilter } from './ruleFilter.js';
import { RuleFilterForm } from './RuleFilterForm.js';
import { useRules } from './rulesApi.js';

export function RulesPage() {
  const t = useT();
  const { locale } = useLocale();
  const [params, setParams] = useSearchParams();
  const search = params.toString();
  const filter = readRuleFilter(params);
  const rules = useRules(filter);
  const data = rules.data;
  const go = (next: RuleFilter) => setParams(ruleSearch(next));
  const first = filter.page * RULES_PAGE_SIZE + 1;
  const last = first + (data?.rules.length ?? 0) - 1;

  const columns: Column<RuleSummary>[] = [
    {
      id: 'title',
      header: t('detect.col.title'),
      rowHeader: true,
      cell: (r) => <Link to={rulePath(r.id)}>{r.title}</Link>,
    },
    { id: 'level', header: t('detect.col.level'), cell: (r) => <LevelBadge level={r.level} /> },
    { id: 'kind', header: t('detect.col.kind'), cell: (r) => t(`detect.kind.${r.kind}`) },
    { id: 'status', header: t('detect.col.ruleStatus'), cell: (r) => r.status ?? '—' },
    { id: 'logsource', header: t('detect.col.logsource'), cell: (r) => logsourceText(r.logsource) },
    {
      id: 'file',
      header: t('detect.col.file'),
      className: 'details',
      cell: (r) => <code>{r.file ?? '—'}</code>,
    },
  ];

  return (
    <>
      <h1>{t('detect.rules.title')}</h1>
      {data && (
        <p className={data.problems > 0 ? 'alert alert-warning' : 'hint'}>
          {data.problems > 0 ? (
            <>
              {t('detect.rules.problems', { count: formatCount(data.problems, locale) })}{' '}
              <Link to="/detect/rules/problems">{t('detect.rules.problemsLink')}</Link>
            </>
          ) : (
            t('detect.rules.noProblems')
          )}
        </p>
      )}
      <RuleFilterForm key={search} filter={filter} onApply={go} />
      <section className="panel" aria-labelledby="detect-rules-list">
        <h2 id="detect-rules-list">{t('detect.rules.list')}</h2>
        <QueryState
          query={rules}
          empty={data !== undefined && data.rules.length === 0 && t('detect.rules.empty')}
        />
        {data && data.rules.length > 0 && (
          <>
            <DataTable
              caption={t('detect.rules.caption')}
              columns={columns}
              rows={data.rules}
              rowKey={(r) => r.id}
            />
            <div className="pager">
              <button
                type="button"
                className="button-secondary"
                disabled={filter.page === 0}
                onClick={() => go({ ...filter, page: filter.page - 1 })}
              >
                {t('detect.rules.previous')}
              </button>
              <p className="hint" aria-live="polite">
                {t('detect.rules.range', {
                  first: formatCount(first, locale),
                  last: formatCount(last, locale),
                  total: formatCount(data.total, locale),
                })}
              </p>
              <button
                type="button"
                className="button-secondary"
                disabled={last >= data.total}
                onClick={() => go({ ...filter, page: filter.page + 1 })}
              >
                {t('detect.rules.next')}
              </button>
            </div>
          </>
        )}
      </section>
    </>
  );
}
