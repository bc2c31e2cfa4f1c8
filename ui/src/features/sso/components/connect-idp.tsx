import { Alert, Card, Radio, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';

import { CommandErrorAlert } from '@/components/command-error-alert';
import type { CommandError } from '@/lib/ipc-types';

import { usePreviewMetadata, useSaveSsoConnection } from '../hooks/use-sso';
import type { IdpKind, MetadataPreview, MetadataSource, SsoOfParent } from '../types';
import { IDP_GUIDES, idpGuide } from '../utils/idp-guides';
import { errorField, VIEW_ONLY_NOTE } from '../utils/labels';
import { IdpGuideSteps } from './idp-guide-steps';
import { MetadataImport, type ImportOrigin } from './metadata-import';
import { MetadataPreviewPanel } from './metadata-preview';
import { ServiceProviderValues } from './service-provider-values';

/**
 * The guide's step 3 for one parent: pick the IdP, follow its steps with the SP values to copy,
 * then import the IdP's metadata, look at the preview, and save exactly what was previewed.
 */
export function ConnectIdp({ parent }: { parent: SsoOfParent }) {
  const [idp, setIdp] = useState<IdpKind | null>(parent.connection?.idp ?? null);
  const [preview, setPreview] = useState<MetadataPreview | null>(null);
  // The source of the shown preview, so picking an entity previews the same document again.
  const [source, setSource] = useState<MetadataSource | null>(null);
  const [importError, setImportError] = useState<{ error: CommandError; origin: ImportOrigin } | null>(null);
  const [entityError, setEntityError] = useState<CommandError | null>(null);
  const [saveError, setSaveError] = useState<CommandError | null>(null);
  const [saved, setSaved] = useState(false);
  const previewing = usePreviewMetadata();
  const save = useSaveSsoConnection();
  const guide = idp ? idpGuide(idp) : null;
  // One mutation serves both: a first preview of a document, and a preview again with a picked entity.
  const importing = previewing.isPending && previewing.variables?.entityId === undefined;
  const choosing = previewing.isPending && previewing.variables?.entityId !== undefined;
  const headingId = `connect-idp-${parent.parentId}-title`;

  const runPreview = (nextSource: MetadataSource, origin: ImportOrigin) => {
    setImportError(null);
    setEntityError(null);
    setSaveError(null);
    setSaved(false);
    previewing.mutate(
      { source: nextSource },
      {
        onSuccess: (result) => {
          setPreview(result);
          setSource(nextSource);
        },
        onError: (error) => {
          setPreview(null);
          setImportError({ error, origin });
        },
      },
    );
  };

  const chooseEntity = (entityId: string) => {
    if (!source) return;
    setEntityError(null);
    setSaveError(null);
    previewing.mutate(
      { source, entityId },
      {
        onSuccess: setPreview,
        onError: (error) => {
          if (errorField(error) === 'entityId') setEntityError(error);
          else setSaveError(error);
        },
      },
    );
  };

  const runSave = () => {
    if (!preview || !idp || preview.entityId === null) return;
    setSaveError(null);
    save.mutate(
      {
        parentId: parent.parentId,
        idp,
        metadataUrl: preview.metadataUrl,
        metadataXml: preview.metadataXml,
        entityId: preview.entityId,
      },
      {
        onSuccess: () => {
          setSaved(true);
          setPreview(null);
          setSource(null);
        },
        onError: setSaveError,
      },
    );
  };

  // An import error not tied to one of the inputs (the app could not reach the URL, …) is an alert.
  const importAlert =
    importError && !['url', 'metadataUrl', 'xml', 'metadataXml'].includes(errorField(importError.error) ?? '') ? importError.error : null;

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={headingId} data-testid="connect-idp">
      <Stack gap="lg">
        <div>
          <Title order={3} size="h4" id={headingId}>
            {parent.connection ? 'Connect again or update the metadata' : 'Connect your identity provider'}
          </Title>
          <Text size="sm" c="dimmed">
            Create an application for SSO in your identity provider, give it the values below, then import its metadata here.
          </Text>
        </div>

        <Stack gap="xs" component="section" aria-label="1. Identity provider">
          <Radio.Group
            name={`idp-${parent.parentId}`}
            label="1. Your identity provider"
            value={idp}
            onChange={(value) => setIdp(value as IdpKind)}
            data-testid="idp-picker"
          >
            <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="xs" mt="xs">
              {IDP_GUIDES.map((candidate) => (
                <Radio key={candidate.kind} value={candidate.kind} label={candidate.name} data-testid={`idp-${candidate.kind}`} />
              ))}
            </SimpleGrid>
          </Radio.Group>
        </Stack>

        <Stack gap="xs" component="section" aria-labelledby={`${headingId}-guide`}>
          <Text fw={600} size="sm" id={`${headingId}-guide`}>
            2. {guide ? `Set up ${guide.name === 'Other SAML 2.0' ? 'your identity provider' : guide.name}` : 'Set up your identity provider'}
          </Text>
          {guide ? (
            <IdpGuideSteps guide={guide} serviceProvider={parent.serviceProvider} />
          ) : (
            <Text size="sm" c="dimmed" data-testid="idp-guide-empty">
              Pick your identity provider above to see its steps, with its own names for each field.
            </Text>
          )}
        </Stack>

        <Stack gap="xs" component="section" aria-labelledby={`${headingId}-sp`}>
          <Text fw={600} size="sm" id={`${headingId}-sp`}>
            3. Service provider values to copy into your identity provider
          </Text>
          <ServiceProviderValues serviceProvider={parent.serviceProvider} />
          <Text size="xs" c="dimmed">
            Users sign in with their email address as the NameID. Users who are not assigned to the application in your
            identity provider will not be able to sign in once SSO is enforced.
          </Text>
        </Stack>

        <Stack gap="sm" component="section" aria-labelledby={`${headingId}-import`}>
          <Text fw={600} size="sm" id={`${headingId}-import`}>
            4. Import the identity provider’s metadata
          </Text>
          {parent.canManage ? (
            <>
              <MetadataImport
                parentId={parent.parentId}
                defaultOrigin={guide?.metadataUrl === false ? 'file' : 'url'}
                previewing={importing}
                error={importError}
                onPreview={runPreview}
                onLocalError={(error) => {
                  setPreview(null);
                  setImportError({ error, origin: 'file' });
                }}
              />
              {importAlert && (
                <CommandErrorAlert
                  error={importAlert}
                  title={importAlert.code === 'unreachable' ? 'The metadata URL could not be fetched' : 'The metadata could not be read'}
                  advice={importAlert.code === 'unreachable' ? 'Check the URL and your network. You can also download the metadata file and import it instead.' : undefined}
                  onClose={() => setImportError(null)}
                  data-testid="import-error"
                />
              )}
              {preview && (
                <MetadataPreviewPanel
                  parentId={parent.parentId}
                  preview={preview}
                  entityError={entityError}
                  choosing={choosing}
                  onChooseEntity={chooseEntity}
                  onSave={runSave}
                  saving={save.isPending}
                  saveBlockedReason={idp ? null : 'Pick your identity provider in step 1 first.'}
                />
              )}
              {saveError && (
                <CommandErrorAlert
                  error={saveError}
                  title={saveErrorTitle(saveError)}
                  onClose={() => setSaveError(null)}
                  data-testid="save-connection-error"
                />
              )}
              {saved && (
                <Alert color="green" variant="light" title="Connection saved" role="status" data-testid="connection-saved" withCloseButton closeButtonLabel="Dismiss" onClose={() => setSaved(false)}>
                  It is sent to the backend in the background and stays a draft until a test sign-in succeeds. Test sign-in is
                  not available in this version yet.
                </Alert>
              )}
            </>
          ) : (
            <Text size="sm" c="dimmed" data-testid="sso-view-only">
              {VIEW_ONLY_NOTE}
            </Text>
          )}
        </Stack>
      </Stack>
    </Card>
  );
}

export function saveErrorTitle(error: CommandError): string | undefined {
  switch (error.code) {
    case 'invalid_input':
      switch (errorField(error)) {
        case 'metadataXml':
          return 'The backend refused the metadata';
        case 'metadataUrl':
          return 'The backend refused the metadata URL';
        case 'certificates':
          return 'The backend refused a certificate';
        case 'entityId':
          return 'The backend refused the identity provider';
        default:
          return undefined;
      }
    case 'forbidden':
      return 'Your role cannot change this SSO connection';
    case 'conflict':
      return 'The SSO connection changed in the meantime';
    default:
      return undefined;
  }
}
