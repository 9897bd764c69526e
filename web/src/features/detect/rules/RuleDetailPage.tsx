import { Link, useParams } from 'react-router';
import { QueryState } from '../../../components/QueryState.js';
import { useT } from '../../../i18n/I18nProvider.js';
import { AttackTags, PlainTags } from '../shared/AttackTags.js';
import { isAttackTag } from '../shared/attack.js';
import { LevelBadge } from '../shared/Badges.js';
import { logsourceText } from '../shared/format.js';
import { ruleAlertsPath } from '../shared/paths.js';
import { useRule } from './rulesApi.js';

const isWebLink = (text: string) => /^https?:\/\//i.test(text);

export function RuleDetailPage() {
  const t = useT();
  const { id = '' } = useParams();
  const query = useRule(id);
  const rule = query.data?.rule;

  return (
    <>
      <p className="back">
        <Link to="/detect/rules">{t('detect.rule.back')}</Link>
      </p>
      <QueryState query={query} />
      {rule && query.data && (
        <>
          <h1>{rule.title}</h1>
          <section className="panel" aria-labelledby="rule-details-title">
            <h2 id="rule-details-title">{t('detect.rule.details')}</h2>
            {rule.description && <p>{rule.description}</p>}
            <dl className="facts">
              <dt>{t('detect.rule.id')}</dt>
              <dd>
                <code>{rule.id}</code>
              </dd>
              <dt>{t('detect.field.level')}</dt>
              <dd>
                <LevelBadge level={rule.level} />
              </dd>
              <dt>{t('detect.col.kind')}</dt>
              <dd>{t(`detect.kind.${rule.kind}`)}</dd>
              <dt>{t('detect.col.ruleStatus')}</dt>
              <dd>{rule.status ?? '—'}</dd>
              <dt>{t('detect.col.logsource')}</dt>
              <dd>{logsourceText(rule.logsource)}</dd>
              <dt>{t('detect.rule.author')}</dt>
              <dd>{rule.author ?? '—'}</dd>
              <dt>{t('detect.col.file')}</dt>
              <dd>
                <code>{rule.file ?? '—'}</code>
              </dd>
              <dt>{t('detect.field.attack')}</dt>
              <dd>
                <AttackTags tags={rule.tags.filter(isAttackTag)} />
              </dd>
              <dt>{t('detect.field.tags')}</dt>
              <dd>
                <PlainTags tags={rule.tags.filter((tag) => !isAttackTag(tag))} />
              </dd>
              <dt>{t('detect.rule.falsepositives')}</dt>
              <dd>
                <PlainTags tags={rule.falsepositives ?? []} />
              </dd>
              <dt>{t('detect.rule.references')}</dt>
              <dd>
                {(rule.references ?? []).length === 0 ? (
                  '—'
                ) : (
                  <ul className="plain-list">
                    {(rule.references ?? []).map((ref) => (
                      <li key={ref}>
                        {isWebLink(ref) ? (
                          <a href={ref} target="_blank" rel="noreferrer">
                            {ref}
                            <span className="sr-only"> {t('detect.newTab')}</span>
                          </a>
                        ) : (
                          ref
                        )}
                      </li>
                    ))}
                  </ul>
                )}
              </dd>
            </dl>
            <p>
              <Link to={ruleAlertsPath(rule.id)}>{t('detect.rule.alerts')}</Link>
            </p>
          </section>
          <section className="panel" aria-labelledby="rule-source-title">
            <h2 id="rule-source-title">{t('detect.rule.source')}</h2>
            <pre className="raw" tabIndex={0} aria-labelledby="rule-source-title">
              <code>{query.data.source}</code>
            </pre>
          </section>
        </>
      )}
    </>
  );
}
