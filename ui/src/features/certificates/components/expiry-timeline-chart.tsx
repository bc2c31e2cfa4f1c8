import '@mantine/charts/styles.css';

import { ScatterChart, type ChartReferenceLineProps, type ScatterChartSeries } from '@mantine/charts';

import type { Severity } from '../types';
import { SEVERITY_TONES } from '../utils/labels';
import { daysFromNow, TIMELINE_DAYS, type TimelineBands, type TimelineMark } from '../utils/timeline';

const SEVERITY_COLORS: Record<Severity, string> = { ok: 'green.6', warning: 'yellow.6', critical: 'red.6', expired: 'gray.6' };
const SEVERITY_ORDER: readonly Severity[] = ['critical', 'warning', 'ok'];

const monthFormat = new Intl.DateTimeFormat(undefined, { month: 'short' });
const monthYearFormat = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export interface ExpiryTimelineChartProps {
  marks: TimelineMark[];
  bands: TimelineBands | null;
  now: number;
}

/**
 * The next 12 months left to right, one row and one mark per certificate, coloured by severity
 * with the severity named in the legend; a line for today and, when every certificate shares one
 * policy, the edges of its critical and warning bands. Loaded on demand: the chart library is
 * large and only this page needs it. The text summary beside it says the same for screen readers.
 */
export default function ExpiryTimelineChart({ marks, bands, now }: ExpiryTimelineChartProps) {
  const rowOf = new Map(marks.map((mark, index) => [mark.sha256, index]));
  const series: ScatterChartSeries[] = SEVERITY_ORDER.map((severity) => ({
    name: SEVERITY_TONES[severity].label,
    color: SEVERITY_COLORS[severity],
    data: marks
      .filter((mark) => mark.severity === severity)
      .map((mark) => ({ expires: mark.expiresAt, row: rowOf.get(mark.sha256) ?? 0 })),
  })).filter((entry) => entry.data.length > 0);

  const referenceLines: ChartReferenceLineProps[] = [{ x: now, label: 'Today', color: 'indigo.6', labelPosition: 'insideTopLeft' }];
  if (bands) {
    referenceLines.push({ x: daysFromNow(now, bands.criticalDays), label: `Critical ≤ ${bands.criticalDays} d`, color: 'red.6', strokeDasharray: '4 4' });
    if (bands.warningDays > bands.criticalDays) {
      referenceLines.push({ x: daysFromNow(now, bands.warningDays), label: `Warning ≤ ${bands.warningDays} d`, color: 'yellow.7', strokeDasharray: '4 4' });
    }
  }
  const monthTicks = Array.from({ length: 13 }, (_, month) => {
    const date = new Date(now);
    return new Date(date.getFullYear(), date.getMonth() + month, 1).getTime();
  }).filter((tick) => tick >= now && tick <= daysFromNow(now, TIMELINE_DAYS));
  const labelOfRow = (row: number) => marks[Math.round(row)]?.label ?? '';

  return (
    <ScatterChart
      h={Math.max(220, 80 + marks.length * 32)}
      data={series}
      dataKey={{ x: 'expires', y: 'row' }}
      labels={{ x: 'Expires', y: 'Certificate' }}
      valueFormatter={{ x: (value) => dateFormat.format(value), y: labelOfRow }}
      referenceLines={referenceLines}
      withLegend
      gridAxis="xy"
      xAxisProps={{
        domain: [now, daysFromNow(now, TIMELINE_DAYS)],
        ticks: monthTicks,
        // The year on the first month and on each January, so that a month is never ambiguous.
        tickFormatter: (value: number, index: number) =>
          (index === 0 || new Date(value).getMonth() === 0 ? monthYearFormat : monthFormat).format(value),
        allowDataOverflow: true,
      }}
      yAxisProps={{
        domain: [-0.5, Math.max(0.5, marks.length - 0.5)],
        ticks: marks.map((_, index) => index),
        tickFormatter: (value: number) => truncate(labelOfRow(value), 22),
        width: 150,
        reversed: true,
        interval: 0,
      }}
    />
  );
}

function truncate(text: string, length: number): string {
  return text.length > length ? `${text.slice(0, length - 1)}…` : text;
}
