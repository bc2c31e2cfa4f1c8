import { Alert, Badge, Button, Card, Group, Stack, Text, Textarea, ThemeIcon, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactNode } from 'react';

import { CommandErrorAlert, sentence } from '@/components/command-error-alert';
import type { CommandError } from '@/lib/ipc-types';
import { formatDate } from '@/lib/time';

import { useSaveSsoConnection } from '../hooks/use-sso';
import type { CertificateInput, SsoConnectionView, SsoOfParent } from '../types';
import { idpGuide } from '../utils/idp-guides';
import { errorField } from '../utils/labels';
import {
  activatedCertificates,
  looksLikePem,
  retiredCertificates,
  rotationProgress,
  stagedCertificates,
  type RotationStepId,
  type RotationStepState,
} from '../utils/rotation';
import { saveErrorTitle } from './connect-idp';
import { CertificateItem } from './certificate-item';

const STATE_TONES: Record<RotationStepState, { label: string; color: string }> = {
  done: { label: 'Done', color: 'green' },
  current: { label: 'Current', color: 'blue' },
  pending: { label: 'Pending', color: 'gray' },
  unavailable: { label: 'Not available', color: 'gray' },
};

type RotationAction = 'stage' | 'activate' | 'retire';

/**
 * The vendor guide's "Updating your SSO certificate" as a checklist, in the IdP's words, worked
 * out from the connection and what the IdP publishes. The backend accepts the old and the new
 * certificate side by side while the IdP switches over, so sign-in keeps working throughout.
 */
export function RotationChecklist({ parent, connection }: { parent: SsoOfParent; connection: SsoConnectionView }) {
  const [pastedPem, setPastedPem] = useState('');
  const [pemError, setPemError] = useState<string | null>(null);
  const [error, setError] = useState<CommandError | null>(null);
  const save = useSaveSsoConnection();
  const guide = idpGuide(connection.idp);
  const hasPasted = pastedPem.trim() !== '';
  const progress = rotationProgress(connection, parent.published, hasPasted);
  const candidate = progress.publishedNew[0] ?? null;
  const canManage = parent.canManage;
  const running = save.isPending ? (save.variables?.certificates ? actionOf(save.variables.certificates, connection) : null) : null;
  const headingId = `rotation-${parent.parentId}-title`;

  const submit = (action: RotationAction, certificates: CertificateInput[], done: string) => {
    setError(null);
    save.mutate(
      {
        parentId: parent.parentId,
        idp: connection.idp,
        metadataUrl: connection.metadataUrl,
        entityId: connection.entityId,
        certificates,
      },
      {
        onSuccess: () => {
          if (action === 'stage') setPastedPem('');
          notifications.show({ color: 'green', title: done, message: 'Saved here and sent to the backend in the background.' });
        },
        onError: (failure) => {
          if (action === 'stage' && hasPasted && errorField(failure) === 'certificates') setPemError(sentence(failure.message));
          else setError(failure);
        },
      },
    );
  };

  const stage = () => {
    const pem = hasPasted ? pastedPem.trim() : candidate?.pem;
    if (!pem) return;
    if (hasPasted && !looksLikePem(pem)) {
      setPemError('Paste one certificate in PEM form, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.');
      return;
    }
    setPemError(null);
    submit('stage', stagedCertificates(connection, pem), 'New certificate staged');
  };

  const step = (id: RotationStepId, title: string, children: ReactNode) => (
    <ChecklistStep id={id} state={progress.steps[id]} title={title}>
      {children}
    </ChecklistStep>
  );

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={headingId} data-testid="rotation-checklist" data-phase={progress.phase}>
      <Stack gap="md">
        <div>
          <Title order={3} size="h4" id={headingId}>
            Rotate the signing certificate
          </Title>
          <Text size="sm" c="dimmed">
            When {guide.name === 'Other SAML 2.0' ? 'your identity provider' : guide.name}’s signing certificate expires or is
            rotated, the backend has to accept the new one before the identity provider signs with it.
          </Text>
        </div>

        {progress.publishedNew.length > 0 && (
          <Alert color="orange" variant="light" title="Your IdP publishes a new certificate the backend does not have yet" data-testid="published-new-warning">
            <Stack gap="xs">
              <Text size="sm">Stage it below so that sign-in keeps working when the identity provider switches to it.</Text>
              {progress.publishedNew.map((certificate) => (
                <CertificateItem key={certificate.sha256} certificate={certificate} data-testid="published-new-certificate" />
              ))}
            </Stack>
          </Alert>
        )}

        {!canManage && (
          <Text size="sm" c="dimmed" data-testid="rotation-view-only">
            Your role can follow the rotation but not change the connection.
          </Text>
        )}

        <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {step('create', `Create the new certificate in ${guide.name === 'Other SAML 2.0' ? 'your identity provider' : guide.name}`, (
            <Text size="sm">{guide.rotation.create}</Text>
          ))}
          {step('publish', 'Get the new certificate', (
            <Stack gap="xs">
              <Text size="sm">{guide.rotation.publish}</Text>
              {candidate ? (
                <Text size="sm" data-testid="publish-detected">
                  Detected at the metadata URL: {candidate.subject}.
                </Text>
              ) : (
                progress.phase !== 'activate' &&
                progress.phase !== 'retire' && (
                  <Textarea
                    label="New certificate (PEM)"
                    description="Or wait for the metadata URL to publish it; SSO Desk fetches it regularly."
                    value={pastedPem}
                    onChange={(event) => {
                      setPastedPem(event.currentTarget.value);
                      setPemError(null);
                    }}
                    error={pemError}
                    inputWrapperOrder={['label', 'input', 'description', 'error']}
                    autosize
                    minRows={3}
                    maxRows={10}
                    spellCheck={false}
                    disabled={!canManage}
                    placeholder={'-----BEGIN CERTIFICATE-----\n…\n-----END CERTIFICATE-----'}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 'var(--mantine-font-size-xs)' } }}
                    data-testid="new-certificate-pem"
                  />
                )
              )}
            </Stack>
          ))}
          {step('stage', 'Stage it: the backend accepts it beside the current one', (
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                The backend then accepts assertions signed with either certificate, so nothing breaks when the identity provider
                switches.
              </Text>
              {progress.phase === 'stage' && (
                <Button
                  size="xs"
                  onClick={stage}
                  loading={running === 'stage'}
                  disabled={!canManage || save.isPending}
                  data-testid="stage-certificate"
                >
                  Stage the new certificate
                </Button>
              )}
            </Stack>
          ))}
          {step('test', 'Test sign-in', (
            <Text size="sm" data-testid="test-sign-in-unavailable">
              Test sign-in is not available in this version yet. Until it is, sign in through your identity provider yourself
              after the switch to confirm that SSO still works.
            </Text>
          ))}
          {step('activate', 'Activate it', (
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                Mark the new certificate active here; the old one stays active until you retire it. Then: {guide.rotation.switchOver}
              </Text>
              {progress.phase === 'activate' && progress.incoming && (
                <>
                  <CertificateItem certificate={progress.incoming} data-testid="incoming-certificate" />
                  <Button
                    size="xs"
                    onClick={() => submit('activate', activatedCertificates(connection), 'New certificate active')}
                    loading={running === 'activate'}
                    disabled={!canManage || save.isPending}
                    data-testid="activate-certificate"
                  >
                    Activate the new certificate
                  </Button>
                </>
              )}
            </Stack>
          ))}
          {step('retire', 'Retire the old certificate', (
            <Stack gap="xs" align="flex-start">
              <Text size="sm">
                Once the identity provider signs with the new certificate, remove the old one so that it is no longer accepted.
              </Text>
              {progress.phase === 'retire' && progress.incoming && (
                <>
                  <Text size="sm" data-testid="retire-summary">
                    Keeps {progress.incoming.subject} (expires {formatDate(progress.incoming.notAfter)}) and removes{' '}
                    {progress.outgoing.length === 1 ? 'the old certificate' : `${progress.outgoing.length} old certificates`}.
                  </Text>
                  <Button
                    size="xs"
                    color="red"
                    variant="light"
                    onClick={() => progress.incoming && submit('retire', retiredCertificates(progress.incoming), 'Old certificate retired')}
                    loading={running === 'retire'}
                    disabled={!canManage || save.isPending}
                    data-testid="retire-certificate"
                  >
                    Retire the old certificate
                  </Button>
                </>
              )}
            </Stack>
          ))}
        </Stack>

        {error && (
          <CommandErrorAlert error={error} title={saveErrorTitle(error)} onClose={() => setError(null)} data-testid="rotation-error" />
        )}
      </Stack>
    </Card>
  );
}

function ChecklistStep({ id, state, title, children }: { id: RotationStepId; state: RotationStepState; title: string; children: ReactNode }) {
  const tone = STATE_TONES[state];
  return (
    <li data-testid={`rotation-step-${id}`} data-state={state} aria-current={state === 'current' ? 'step' : undefined}>
      <Group align="flex-start" gap="sm" wrap="nowrap">
        <ThemeIcon color={tone.color} variant={state === 'current' ? 'filled' : 'light'} radius="xl" size="sm" aria-hidden="true" mt={2}>
          <Text size="xs" fw={700} span>
            {state === 'done' ? '✓' : state === 'unavailable' ? '–' : '•'}
          </Text>
        </ThemeIcon>
        <Stack gap={4} style={{ flex: 1, minWidth: 0 }} opacity={state === 'pending' || state === 'unavailable' ? 0.8 : 1}>
          <Group gap="xs">
            <Text size="sm" fw={600}>
              {title}
            </Text>
            <Badge size="sm" color={tone.color} variant="light" tt="none" data-testid="rotation-step-state">
              {tone.label}
            </Badge>
          </Group>
          {children}
        </Stack>
      </Group>
    </li>
  );
}

/** Which rotation step a save in flight belongs to, from the certificates it sends. */
function actionOf(certificates: CertificateInput[], connection: SsoConnectionView): RotationAction {
  if (certificates.some((certificate) => certificate.role === 'staged')) return 'stage';
  return certificates.length < connection.certificates.length ? 'retire' : 'activate';
}
