import { Alert, Badge, Box, Button, Code, Group, List, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';

import { sentence } from '@/components/command-error-alert';
import type { CommandError } from '@/lib/ipc-types';
import { formatDate } from '@/lib/time';

import type { MetadataPreview } from '../types';
import { CertificateItem } from './certificate-item';

interface MetadataPreviewPanelProps {
  parentId: string;
  preview: MetadataPreview;
  /** Why the preview for a picked entity ID failed, shown under the entity choice. */
  entityError: CommandError | null;
  choosing: boolean;
  onChooseEntity: (entityId: string) => void;
  /** Absent for a role that cannot save; the preview is still shown. */
  onSave?: () => void;
  saving: boolean;
  /** Why Save is not offered (no IdP picked yet), or null. */
  saveBlockedReason: string | null;
}

/**
 * What the metadata holds, before anything is saved: the identity provider, its sign-in endpoint,
 * NameID formats, signing certificates, whether the document is signed, and warnings. With
 * several identity providers in one document the admin picks one first; Save waits for that.
 */
export function MetadataPreviewPanel({
  parentId,
  preview,
  entityError,
  choosing,
  onChooseEntity,
  onSave,
  saving,
  saveBlockedReason,
}: MetadataPreviewPanelProps) {
  const identityProviders = preview.entities.filter((entity) => entity.isIdentityProvider);
  const needsChoice = preview.entityId === null;
  const showChoice = identityProviders.length > 1;
  const entityErrorText = entityError ? sentence(entityError.message) : undefined;

  return (
    <Paper withBorder radius="md" p="md" component="section" aria-labelledby={`preview-title-${parentId}`} data-testid="metadata-preview">
      <Stack gap="sm">
        <Group justify="space-between" gap="xs">
          <Title order={4} size="h5" id={`preview-title-${parentId}`}>
            Preview: nothing is saved yet
          </Title>
          <Badge color={preview.signed ? 'blue' : 'gray'} variant="light" tt="none" data-testid="preview-signed">
            {preview.signed ? 'Signed (signature not verified)' : 'Not signed'}
          </Badge>
        </Group>

        {showChoice && (
          <Radio.Group
            name={`entity-choice-${parentId}`}
            label="Which identity provider?"
            description={`This document describes ${identityProviders.length} identity providers. Pick the one to connect.`}
            value={preview.entityId}
            onChange={onChooseEntity}
            error={entityErrorText}
            data-testid="entity-choice"
          >
            <Stack gap={6} mt={6}>
              {identityProviders.map((entity) => (
                <Radio key={entity.entityId} value={entity.entityId} label={entity.entityId} disabled={choosing} />
              ))}
            </Stack>
          </Radio.Group>
        )}

        {needsChoice ? (
          <Text size="sm" c="dimmed" data-testid="preview-needs-entity">
            Pick an identity provider to see its endpoint and certificates.
          </Text>
        ) : (
          <Box component="dl" m={0} style={{ display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', gap: '6px 16px' }}>
            <Fact label="Entity ID" testId="preview-entity-id">
              <Code style={{ wordBreak: 'break-all' }}>{preview.entityId}</Code>
            </Fact>
            <Fact label="SSO URL" testId="preview-sso-url">
              {preview.ssoUrl ? (
                <>
                  <Code style={{ wordBreak: 'break-all' }}>{preview.ssoUrl}</Code>
                  {preview.ssoBinding && (
                    <Text span size="xs" c="dimmed">
                      {' '}
                      ({bindingName(preview.ssoBinding)})
                    </Text>
                  )}
                </>
              ) : (
                <Text span size="sm" c="red">
                  None: this identity provider has no sign-in endpoint.
                </Text>
              )}
            </Fact>
            <Fact label="NameID formats" testId="preview-name-id-formats">
              {preview.nameIdFormats.length === 0 ? (
                <Text span size="sm" c="dimmed">
                  None listed
                </Text>
              ) : (
                <Stack gap={2}>
                  {preview.nameIdFormats.map((format) => (
                    <Code key={format} style={{ wordBreak: 'break-all' }}>
                      {format}
                    </Code>
                  ))}
                </Stack>
              )}
            </Fact>
            {preview.metadataUrl && (
              <Fact label="Fetched from" testId="preview-metadata-url">
                <Code style={{ wordBreak: 'break-all' }}>{preview.metadataUrl}</Code>
              </Fact>
            )}
            {preview.validUntil && (
              <Fact label="Valid until" testId="preview-valid-until">
                <Text span size="sm">
                  {formatDate(preview.validUntil)}
                </Text>
              </Fact>
            )}
          </Box>
        )}

        {!needsChoice && (
          <Stack gap="xs" component="section" aria-label="Signing certificates">
            <Text size="sm" fw={600}>
              Signing certificates ({preview.signingCertificates.length})
            </Text>
            {preview.signingCertificates.length === 0 ? (
              <Text size="sm" c="red">
                The metadata has no signing certificate for this identity provider.
              </Text>
            ) : (
              preview.signingCertificates.map((certificate, index) => (
                <CertificateItem key={certificate.sha256} certificate={certificate} data-testid={`preview-cert-${index}`} />
              ))
            )}
          </Stack>
        )}

        {preview.warnings.length > 0 && (
          <Alert color="orange" variant="light" title="Worth knowing before saving" data-testid="preview-warnings">
            <List size="sm" spacing={2}>
              {preview.warnings.map((warning) => (
                <List.Item key={warning}>{sentence(warning)}</List.Item>
              ))}
            </List>
          </Alert>
        )}

        {onSave && (
          <Group gap="sm">
            <Button onClick={onSave} loading={saving} disabled={needsChoice || saving || choosing || saveBlockedReason !== null} data-testid="save-connection">
              Save connection
            </Button>
            <Text size="xs" c="dimmed">
              {saveBlockedReason ??
                (needsChoice
                  ? 'Pick an identity provider first.'
                  : 'Saved here at once and sent to the backend in the background. It stays a draft until a test sign-in succeeds.')}
            </Text>
          </Group>
        )}
      </Stack>
    </Paper>
  );
}

function Fact({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <>
      <Text component="dt" size="sm" fw={600}>
        {label}
      </Text>
      <Box component="dd" m={0} data-testid={testId}>
        {children}
      </Box>
    </>
  );
}

/** `urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect` → "HTTP-Redirect". */
export function bindingName(binding: string): string {
  return binding.split(':').pop() ?? binding;
}
