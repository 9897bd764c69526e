import { Link } from 'react-router';
import { DataTable, type Column } from '../../../components/DataTable.js';
import { QueryState } from '../../../components/QueryState.js';
import { useT } from '../../../i18n/I18nProvider.js';
import type { RuleProblem } from '../types.js';
import { useRuleProblems } from './rulesApi.js';

export function RuleProblemsPage() {
  const t = useT();
  const problems = useRuleProblems();
  const rows = problems.data ?? [];
  const columns: Column<RuleProblem>[] = [
    { id: 'file', header: t('detect.col.file'), rowHeader: true, cell: (p) => <code>{p.file}</code> },
    { id: 'line', header: t('detect.col.line'), className: 'num', cell: (p) => p.line },
    {
      id: 'rule',
      header: t('detect.col.rule'),
      // A rule that did not compile has no page of its own: its title and id are shown as text.
      cell: (p) => (
        <>
          {p.title ?? (p.ruleId ? '' : '—')}
          {p.ruleId && <code className="rule-id"> {p.ruleId}</code>}
        </>
      ),
    },
    { id: 'reason', header: t('detect.col.reason'), className: 'details', cell: (p) => p.reason },
  ];
  return (
    <>
      <p className="back">
        <Link to="/detect/rules">{t('detect.rule.back')}</Link>
      </p>
      <h1>{t('detect.problems.title')}</h1>
      <p className="lead">{t('detect.problems.intro')}</p>
      <QueryState
        query={problems}
        empty={problems.data !== undefined && rows.length === 0 && t('detect.problems.empty')}
      />
      {rows.length > 0 && (
        <DataTable
          caption={t('detect.problems.caption')}
          columns={columns}
          rows={rows}
          rowKey={(p, index) => `${index}:${p.file}:${p.line}`}
        />
      )}
    </>
  );
}
