import { Alert, Badge, Box, Button, Code, Drawer, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useState, type ReactNode } from 'react';

import { CommandErrorAlert } from '@/components/command-error-alert';
import { CopyValueButton } from '@/components/copy-value-button';
import { CERTIFICATE_FLAG_LABELS, daysLeftWords } from '@/lib/certificate-words';
import { formatDate, formatDateTime, parseTimestamp, useNow } from '@/lib/time';

import { useSnoozeCertificate } from '../hooks/use-certificates';
import type { KnownCertificate } from '../types';
import {
  lastAssertionLabel,
  publishedLabel,
  roleLabel,
  SEVERITY_TONES,
  yesNo,
} from '../utils/labels';
import { commonName } from '../utils/timeline';

/**
 * What `KnownCertificate` does not carry but the connection's or the published metadata's copy of
 * the certificate does; the app layer supplies it when it has one.
 */
export interface CertificateDetails {
  serial: string;
  sha1: string;
  keyType: string;
  keyBits: number | null;
  signatureAlgorithm: string;
}

const SNOOZE_DAYS = [1, 7, 30] as const;

interface CertificateDrawerProps {
  /** The certificate asked for; null closes the drawer. */
  sha256: string | null;
  /** Every known entry for that SHA-256 (one per parent that has it). */
  certificates: KnownCertificate[];
  loading: boolean;
  details: CertificateDetails | null;
  onClose: () => void;
}

/** One certificate in a side panel: identity, validity, flags, notifications sent, and its snooze. */
export function CertificateDrawer({ sha256, certificates, loading, details, onClose }: CertificateDrawerProps) {
  const certificate = certificates[0] ?? null;
  return (
    <Drawer
      opened={sha256 !== null}
      onClose={onClose}
      position="right"
      size={640}
      padding="lg"
      title={certificate ? <DrawerTitle certificate={certificate} /> : 'Certificate'}
      closeButtonProps={{ 'aria-label': 'Close the certificate details' }}
      data-testid="certificate-detail"
    >
      {sha256 !== null &&
        (certificate ? (
          <CertificateDetail key={sha256} certificate={certificate} parents={certificates.map((entry) => entry.parentName)} details={details} />
        ) : loading ? (
          <Skeleton height={240} aria-label="Loading the certificate" />
        ) : (
          <Alert color="gray" variant="light" title="This certificate is no longer known" data-testid="certificate-unknown">
            SSO Desk has no certificate with the SHA-256 fingerprint <Code style={{ wordBreak: 'break-all' }}>{sha256}</Code> any
            more: it was removed from the connection and is no longer published.
          </Alert>
        ))}
    </Drawer>
  );
}

function DrawerTitle({ certificate }: { certificate: KnownCertificate }) {
  const tone = SEVERITY_TONES[certificate.severity];
  return (
    <Group gap="sm" component="span">
      <Text span fw={650} size="lg">
        {commonName(certificate.subject)}
      </Text>
      <Badge component="span" color={tone.color} variant={certificate.severity === 'ok' ? 'light' : 'filled'} tt="none" data-testid="detail-severity">
        {tone.label}
      </Badge>
    </Group>
  );
}

function CertificateDetail({ certificate, parents, details }: { certificate: KnownCertificate; parents: string[]; details: CertificateDetails | null }) {
  const snooze = useSnoozeCertificate();
  const [announcement, setAnnouncement] = useState('');
  const now = useNow();
  const snoozedUntil = parseTimestamp(certificate.snoozedUntil);
  const snoozed = snoozedUntil !== null && snoozedUntil.getTime() > now;

  const run = (days: number) => {
    setAnnouncement('');
    snooze.mutate(
      { sha256: certificate.sha256, days },
      { onSuccess: () => setAnnouncement(days === 0 ? 'Snooze ended.' : `Snoozed for ${days === 1 ? '1 day' : `${days} days`}.`) },
    );
  };

  return (
    <Stack gap="lg">
      <Box component="dl" m={0} style={{ display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', gap: '8px 16px' }}>
        <Fact label={parents.length > 1 ? 'Parent organizations' : 'Parent organization'}>{parents.join(', ')}</Fact>
        <Fact label="Subject">
          <Text span size="sm" style={{ overflowWrap: 'anywhere' }} data-testid="detail-subject">
            {certificate.subject}
          </Text>
        </Fact>
        <Fact label="Issuer">
          <Text span size="sm" style={{ overflowWrap: 'anywhere' }}>
            {certificate.issuer}
          </Text>
        </Fact>
        <Fact label="Serial">
          {details ? <Code style={{ wordBreak: 'break-all' }}>{details.serial}</Code> : <Unknown />}
        </Fact>
        <Fact label="SHA-256">
          <Group gap="xs" wrap="nowrap">
            <Code style={{ flex: 1, minWidth: 0, wordBreak: 'break-all' }} data-testid="detail-sha256">
              {certificate.sha256}
            </Code>
            <CopyValueButton value={certificate.sha256} what="the SHA-256 fingerprint" />
          </Group>
        </Fact>
        <Fact label="SHA-1">
          {details ? (
            <Group gap="xs" wrap="nowrap">
              <Code style={{ flex: 1, minWidth: 0, wordBreak: 'break-all' }}>{details.sha1}</Code>
              <CopyValueButton value={details.sha1} what="the SHA-1 fingerprint" />
            </Group>
          ) : (
            <Unknown />
          )}
        </Fact>
        {details && (
          <Fact label="Key">
            {details.keyType.toUpperCase()}
            {details.keyBits ? ` ${details.keyBits} bits` : ''}, signed with {details.signatureAlgorithm}
          </Fact>
        )}
        <Fact label="Valid">
          {formatDate(certificate.notBefore)} to {formatDate(certificate.notAfter)} ({daysLeftWords(certificate.daysLeft)},{' '}
          {certificate.lifetimeLeftPercent}% of its lifetime left)
        </Fact>
        <Fact label="Flags">
          {certificate.flags.length === 0 ? (
            'None'
          ) : (
            <Group gap={6}>
              {certificate.flags.map((flag) => (
                <Badge key={flag} color={flag === 'self_signed' ? 'gray' : 'red'} variant="outline" tt="none">
                  {CERTIFICATE_FLAG_LABELS[flag]}
                </Badge>
              ))}
            </Group>
          )}
        </Fact>
        <Fact label="Role">{roleLabel(certificate.role)}</Fact>
        <Fact label="On the backend">{yesNo(certificate.configured)}</Fact>
        <Fact label="Published by IdP">{publishedLabel(certificate.published)}</Fact>
        <Fact label="Last test assertion">{lastAssertionLabel(certificate.usedByLastAssertion)}</Fact>
      </Box>

      <Stack gap="xs" component="section" aria-labelledby="notifications-title">
        <Title order={3} size="h5" id="notifications-title">
          Expiry notifications
        </Title>
        <Text size="sm" data-testid="detail-notified">
          {certificate.notifiedThresholds.length === 0
            ? 'No expiry notification has been shown for this certificate yet.'
            : `Already notified at: ${certificate.notifiedThresholds.join(', ')}.`}
        </Text>
        <Text size="sm" data-testid="detail-snooze">
          {snoozed && snoozedUntil && certificate.snoozedUntil ? (
            <>
              Snoozed until <time dateTime={certificate.snoozedUntil}>{formatDateTime(snoozedUntil)}</time>: no notification
              about it until then.
            </>
          ) : (
            'Not snoozed.'
          )}
        </Text>
        <Group gap="xs">
          {SNOOZE_DAYS.map((days) => (
            <Button
              key={days}
              size="xs"
              variant="default"
              onClick={() => run(days)}
              loading={snooze.isPending && snooze.variables?.days === days}
              disabled={snooze.isPending}
              data-testid={`snooze-${days}`}
            >
              Snooze {days === 1 ? '1 day' : `${days} days`}
            </Button>
          ))}
          {snoozed && (
            <Button
              size="xs"
              variant="subtle"
              onClick={() => run(0)}
              loading={snooze.isPending && snooze.variables?.days === 0}
              disabled={snooze.isPending}
              data-testid="end-snooze"
            >
              End snooze
            </Button>
          )}
        </Group>
        <Text size="xs" c="dimmed">
          Snoozing only silences this machine’s desktop notifications; the certificate still expires.
        </Text>
        <div role="status" aria-live="polite">
          {announcement && (
            <Text size="sm" c="green" data-testid="snooze-outcome">
              {announcement}
            </Text>
          )}
        </div>
        {snooze.error && <CommandErrorAlert error={snooze.error} title="The snooze was not changed" onClose={() => snooze.reset()} />}
      </Stack>
    </Stack>
  );
}

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <>
      <Text component="dt" size="sm" fw={600}>
        {label}
      </Text>
      <Box component="dd" m={0} fz="sm">
        {children}
      </Box>
    </>
  );
}

function Unknown() {
  return (
    <Text span size="sm" c="dimmed">
      Not known here
    </Text>
  );
}
