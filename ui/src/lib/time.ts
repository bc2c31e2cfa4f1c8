import { useEffect, useState } from 'react';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How often relative times ("3 min ago") are recomputed. */
export const RELATIVE_TIME_REFRESH_MS = 30_000;

/** The current time, updated every `intervalMs`. */
export function useNow(intervalMs: number = RELATIVE_TIME_REFRESH_MS): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), intervalMs);
    return () => window.clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function parseTimestamp(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const timeFormat = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });
const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A timestamp in full, in the admin's locale and time zone. */
export function formatDateTime(date: Date): string {
  return dateTimeFormat.format(date);
}

/** A day ("Mar 3, 2026") of an RFC 3339 timestamp, in the admin's locale; the text itself if it is not one. */
export function formatDate(value: string): string {
  const date = parseTimestamp(value);
  return date ? dateFormat.format(date) : value;
}

/** A time of day ("14:05") for a moment today, with the date ("Mar 3, 2026, 14:05") otherwise. */
export function formatTimeOfDay(date: Date, now: number = Date.now()): string {
  return date.toDateString() === new Date(now).toDateString() ? timeFormat.format(date) : dateTimeFormat.format(date);
}

/** "just now", "3 min ago", "2 h ago", "yesterday at 14:05", or a date: for the past. */
export function formatRelativePast(date: Date, now: number): string {
  const elapsed = now - date.getTime();
  if (elapsed < 45_000) return 'just now';
  if (elapsed < HOUR) return `${Math.max(1, Math.round(elapsed / MINUTE))} min ago`;
  if (elapsed < DAY) return `${Math.floor(elapsed / HOUR)} h ago`;
  if (elapsed < 2 * DAY) return `yesterday at ${timeFormat.format(date)}`;
  return `on ${formatDateTime(date)}`;
}

/** "now", "in 40 s", "in 3 min", "at 14:05": for a moment that is due. */
export function formatRelativeFuture(date: Date, now: number): string {
  const remaining = date.getTime() - now;
  if (remaining <= 1_000) return 'now';
  if (remaining < MINUTE) return `in ${Math.round(remaining / 1_000)} s`;
  if (remaining < HOUR) return `in ${Math.round(remaining / MINUTE)} min`;
  return `at ${formatDateTime(date)}`;
}
