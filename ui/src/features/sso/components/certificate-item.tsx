import { Badge, Code, Group, Paper, Stack, Text } from '@mantine/core';

import { CopyValueButton } from '@/components/copy-value-button';
import { CERTIFICATE_FLAG_LABELS, daysLeftWords } from '@/lib/certificate-words';
import { formatDate } from '@/lib/time';

import type { CertificateSummary, ConfiguredCertificate } from '../types';
import { daysLeftColor, ROLE_TONES } from '../utils/labels';

interface CertificateItemProps {
  certificate: CertificateSummary | ConfiguredCertificate;
  'data-testid'?: string;
}

/** One signing certificate: subject, SHA-256 (copyable), expiry in days, flags and role when it has one. */
export function CertificateItem({ certificate, 'data-testid': testId }: CertificateItemProps) {
  const role = 'role' in certificate ? certificate.role : null;
  return (
    <Paper withBorder radius="sm" p="sm" data-testid={testId} data-role={role ?? undefined} data-sha256={certificate.sha256}>
      <Stack gap={6}>
        <Group gap="xs" justify="space-between" wrap="wrap">
          <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
            {certificate.subject}
          </Text>
          <Group gap={6}>
            {role && (
              <Badge color={ROLE_TONES[role].color} variant="light" tt="none" data-testid="certificate-role">
                {ROLE_TONES[role].label}
              </Badge>
            )}
            {certificate.flags.map((flag) => (
              <Badge key={flag} color={flag === 'self_signed' ? 'gray' : 'red'} variant="outline" tt="none">
                {CERTIFICATE_FLAG_LABELS[flag]}
              </Badge>
            ))}
          </Group>
        </Group>
        <Text size="sm">
          Expires {formatDate(certificate.notAfter)} ·{' '}
          <Text span inherit fw={600} c={daysLeftColor(certificate.daysLeft)} data-testid="certificate-days-left">
            {daysLeftWords(certificate.daysLeft)}
          </Text>
        </Text>
        <Group gap="xs" wrap="nowrap" align="center">
          <Text size="xs" c="dimmed" style={{ flexShrink: 0 }}>
            SHA-256
          </Text>
          <Code style={{ flex: 1, minWidth: 0, wordBreak: 'break-all' }} data-testid="certificate-sha256">
            {certificate.sha256}
          </Code>
          <CopyValueButton value={certificate.sha256} what="the SHA-256 fingerprint" />
        </Group>
      </Stack>
    </Paper>
  );
}
