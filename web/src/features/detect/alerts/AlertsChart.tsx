import { BarChart, type BarSeriesOption } from 'echarts/charts';
import {
  GridComponent,
  TooltipComponent,
  type GridComponentOption,
  type TooltipComponentOption,
} from 'echarts/components';
import { init, use, type ComposeOption, type EChartsType } from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { useLocale, useT } from '../../../i18n/I18nProvider.js';
import { LEVELS, type Bucket, type StatsBucket } from '../types.js';
import { formatBucket } from './bucketLabel.js';
import { LEVEL_COLORS } from './levelColors.js';

// Only the parts this chart draws, so the bundle carries no unused chart types. The legend is HTML
// (ChartLegend), readable by screen readers and cheaper than the chart library's own.
use([BarChart, GridComponent, TooltipComponent, SVGRenderer]);

type ChartOption = ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

interface Props {
  buckets: readonly StatsBucket[];
  bucket: Bucket;
}

function prefersReducedMotion(): boolean {
  return window.matchMedia('(prefers-reduced-motion: reduce)').matches;
}

/** Alerts per period, stacked by level. The same numbers are offered as a table beside it. */
export default function AlertsChart({ buckets, bucket }: Props) {
  const t = useT();
  const { locale } = useLocale();
  const element = useRef<HTMLDivElement>(null);
  const chart = useRef<EChartsType | null>(null);

  useEffect(() => {
    if (!element.current) return;
    const instance = init(element.current, undefined, { renderer: 'svg' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(element.current);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const option: ChartOption = {
      animation: !prefersReducedMotion(),
      grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'category', data: buckets.map((b) => formatBucket(b.start, bucket, locale)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: LEVELS.map((level) => ({
        type: 'bar',
        name: t(`detect.level.${level}`),
        stack: 'alerts',
        color: LEVEL_COLORS[level],
        emphasis: { focus: 'series' },
        data: buckets.map((b) => b.byLevel[level] ?? 0),
      })),
    };
    chart.current?.setOption(option, { notMerge: true });
  }, [buckets, bucket, locale, t]);

  const total = buckets.reduce((sum, b) => sum + b.total, 0);
  return (
    <div
      ref={element}
      className="chart"
      role="img"
      aria-label={t('detect.chart.label', { total, periods: buckets.length })}
    />
  );
}
