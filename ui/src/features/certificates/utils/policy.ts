// The expiry policy editor's rules, checked as the admin edits so that Save only sends a policy
// the backend can take. The backend checks again and its `invalid_input` is shown where it points.

import type { ExpiryPolicyView, Threshold } from '../types';

export const DEFAULT_THRESHOLDS: readonly Threshold[] = [60, 30, 14, 7, 3, 1].map((value) => ({ unit: 'days', value }));
export const DEFAULT_CRITICAL_DAYS = 7;

export function defaultPolicy(parentId: string): ExpiryPolicyView {
  return { parentId, thresholds: DEFAULT_THRESHOLDS.map((threshold) => ({ ...threshold })), criticalDays: DEFAULT_CRITICAL_DAYS };
}

/** A threshold as edited: the number input gives '' while empty. `key` keeps rows stable while editing. */
export interface ThresholdDraft {
  key: number;
  unit: Threshold['unit'];
  value: number | string;
}

export interface PolicyValidation {
  /** One message (or null) per threshold row, in order. */
  thresholds: (string | null)[];
  /** About the list as a whole (empty). */
  list: string | null;
  criticalDays: string | null;
  /** The policy to send, when there is nothing to fix. */
  valid: { thresholds: Threshold[]; criticalDays: number } | null;
}

function wholeNumber(value: number | string): number | null {
  if (value === '' || value === null) return null;
  const number = typeof value === 'number' ? value : Number(value);
  return Number.isInteger(number) ? number : Number.NaN;
}

export function thresholdLabel(threshold: Threshold): string {
  if (threshold.unit === 'percent') return `${threshold.value}% of the lifetime left`;
  return threshold.value === 1 ? '1 day left' : `${threshold.value} days left`;
}

/**
 * Days are whole numbers from 1 up; percentages of the certificate's lifetime are whole numbers
 * from 1 to 99 (0 would be the expiry itself and 100 its first day); the same threshold twice
 * would notify twice; critical days are a whole number from 0 up.
 */
export function validatePolicy(drafts: ThresholdDraft[], criticalDays: number | string): PolicyValidation {
  const keyOf = (draft: ThresholdDraft) => `${draft.unit}:${Number(draft.value)}`;
  const counts = new Map<string, number>();
  for (const draft of drafts) counts.set(keyOf(draft), (counts.get(keyOf(draft)) ?? 0) + 1);
  const thresholds = drafts.map((draft) => {
    const value = wholeNumber(draft.value);
    if (value === null) return draft.unit === 'days' ? 'Enter a number of days.' : 'Enter a percentage.';
    if (draft.unit === 'days' && (Number.isNaN(value) || value < 1)) return 'Use a whole number of days, 1 or more.';
    if (draft.unit === 'percent' && (Number.isNaN(value) || value < 1 || value > 99)) return 'Use a whole percentage from 1 to 99.';
    // Every copy is marked, so the one just typed shows the problem too.
    if ((counts.get(keyOf(draft)) ?? 0) > 1) return `${thresholdLabel({ unit: draft.unit, value })} is in the list more than once.`;
    return null;
  });
  const list = drafts.length === 0 ? 'Add at least one threshold, or no notification warns before a certificate expires.' : null;
  const critical = wholeNumber(criticalDays);
  const criticalError =
    critical === null ? 'Enter a number of days.' : Number.isNaN(critical) || critical < 0 ? 'Use a whole number of days, 0 or more.' : null;
  const valid =
    list === null && criticalError === null && thresholds.every((message) => message === null)
      ? { thresholds: drafts.map((draft) => ({ unit: draft.unit, value: Number(draft.value) })), criticalDays: Number(critical) }
      : null;
  return { thresholds, list, criticalDays: criticalError, valid };
}
