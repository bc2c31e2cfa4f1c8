import { Card, Skeleton, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { lazy, Suspense, useMemo } from 'react';

import { daysLeftWords } from '@/lib/certificate-words';
import { formatDate, useNow } from '@/lib/time';

import type { ExpiryPolicyView, KnownCertificate } from '../types';
import { SEVERITY_TONES } from '../utils/labels';
import { timelineBands, timelineMarks, timelineSummary } from '../utils/timeline';

const ExpiryTimelineChart = lazy(() => import('./expiry-timeline-chart'));

/** How often "today" moves on the chart. */
const TODAY_REFRESH_MS = 60 * 60 * 1000;

/** Upcoming expiries over the next 12 months: a text summary, the chart, and the same as a list for screen readers. */
export function ExpiryTimeline({ certificates, policies }: { certificates: KnownCertificate[]; policies: ExpiryPolicyView[] }) {
  const now = useNow(TODAY_REFRESH_MS);
  const marks = useMemo(() => timelineMarks(certificates), [certificates]);
  const bands = useMemo(() => timelineBands(certificates, policies), [certificates, policies]);
  const summary = timelineSummary(certificates);

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="expiry-timeline-title" data-testid="expiry-timeline">
      <Stack gap="sm">
        <Title order={2} size="h4" id="expiry-timeline-title">
          Upcoming expiries
        </Title>
        <Text size="sm" id="expiry-timeline-summary" data-testid="timeline-summary">
          {summary}
        </Text>
        {bands === null && marks.length > 0 && policies.length > 1 && (
          <Text size="xs" c="dimmed">
            The parent organizations have different expiry policies, so no threshold bands are drawn; each mark’s colour and
            legend follow its own policy.
          </Text>
        )}
        {marks.length > 0 && (
          <figure style={{ margin: 0 }} aria-describedby="expiry-timeline-summary">
            <div aria-hidden="true">
              <Suspense fallback={<Skeleton height={180} />}>
                <ExpiryTimelineChart marks={marks} bands={bands} now={now} />
              </Suspense>
            </div>
            <VisuallyHidden component="figcaption">
              <ul>
                {marks.map((mark) => (
                  <li key={mark.sha256}>
                    {mark.label} ({mark.parentName}): expires {formatDate(new Date(mark.expiresAt).toISOString())},{' '}
                    {daysLeftWords(mark.daysLeft)}, {SEVERITY_TONES[mark.severity].label}.
                  </li>
                ))}
              </ul>
            </VisuallyHidden>
          </figure>
        )}
      </Stack>
    </Card>
  );
}
