import { formatDateTime, formatRelativeFuture, formatRelativePast, parseTimestamp, useNow } from '@/lib/time';

interface RelativeTimeProps {
  /** RFC 3339. */
  value: string;
  /** Past moments read "3 min ago", future ones "in 3 min". */
  direction?: 'past' | 'future';
}

/** A timestamp as relative words that refresh every 30 s; the exact time is in `title`. */
export function RelativeTime({ value, direction = 'past' }: RelativeTimeProps) {
  const now = useNow();
  const date = parseTimestamp(value);
  if (!date) return <span>{value}</span>;
  const words = direction === 'past' ? formatRelativePast(date, now) : formatRelativeFuture(date, now);
  return (
    <time dateTime={value} title={formatDateTime(date)}>
      {words}
    </time>
  );
}
