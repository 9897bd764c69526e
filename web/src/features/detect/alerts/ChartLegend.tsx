import { useT } from '../../../i18n/I18nProvider.js';
import { LEVELS } from '../types.js';
import { LEVEL_COLORS } from './levelColors.js';

/** Which colour is which level; the chart itself is an image to assistive technology. */
export function ChartLegend() {
  const t = useT();
  return (
    <ul className="legend" aria-label={t('detect.chart.legend')}>
      {LEVELS.map((level) => (
        <li key={level}>
          <span className="swatch" style={{ background: LEVEL_COLORS[level] }} aria-hidden="true" />
          {t(`detect.level.${level}`)}
        </li>
      ))}
    </ul>
  );
}
