import { Alert, Button, Code, Group, Stack, Text, TextInput, VisuallyHidden } from '@mantine/core';
import { useState, type FormEvent, type ReactNode } from 'react';

import { CommandErrorAlert, sentence } from '@/components/command-error-alert';
import type { CommandError } from '@/lib/ipc-types';

import { useDomainNameCheck, type DomainNameState } from '../hooks/use-domain-name-check';
import { useAddDomain } from '../hooks/use-domains';
import type { DomainNameCheck, DomainView } from '../types';

interface AddDomainFormProps {
  parentId: string;
  parentName: string;
  /** Opens the new domain's detail (what to publish). */
  onOpen: (domainId: string) => void;
}

/**
 * A domain name, checked as it is typed (normalised name and where the TXT record goes, or why the
 * name is not valid), and Add. Add asks the backend, which issues the verification token; on any
 * error what was typed stays in the field.
 */
export function AddDomainForm({ parentId, parentName, onOpen }: AddDomainFormProps) {
  const [value, setValue] = useState('');
  const [serverError, setServerError] = useState<CommandError | null>(null);
  const [added, setAdded] = useState<DomainView | null>(null);
  const check = useDomainNameCheck(value);
  const add = useAddDomain();

  const serverFieldError =
    serverError?.code === 'invalid_input' && (!serverError.field || serverError.field === 'name') ? serverError : null;
  const alertError = serverError && !serverFieldError ? serverError : null;
  const fieldError = serverFieldError ?? (check.status === 'invalid' ? check.error : null);
  const canAdd = check.status === 'valid' && !add.isPending;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (check.status !== 'valid' || add.isPending) return;
    setServerError(null);
    setAdded(null);
    add.mutate(
      { parentId, name: check.result.normalized },
      {
        onSuccess: (domain) => {
          setValue('');
          setAdded(domain);
        },
        onError: setServerError,
      },
    );
  };

  const inputId = `domain-input-${parentId}`;
  return (
    <form onSubmit={submit} noValidate aria-label={`Add a domain to ${parentName}`}>
      <Stack gap="sm">
        <Group align="flex-start" gap="sm" wrap="nowrap">
          <TextInput
            id={inputId}
            label="Domain"
            placeholder="acme.com"
            value={value}
            onChange={(event) => {
              setValue(event.currentTarget.value);
              if (serverError) setServerError(null);
              if (added) setAdded(null);
            }}
            description={fieldError ? undefined : <NameHint state={check} />}
            error={fieldError ? <span data-testid="domain-hint">{sentence(fieldError.message)}</span> : undefined}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            readOnly={add.isPending}
            autoComplete="off"
            autoCapitalize="off"
            spellCheck={false}
            inputMode="url"
            style={{ flex: 1, minWidth: 0 }}
            styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            data-testid="domain-input"
          />
          <Button type="submit" mt={25} disabled={!canAdd} loading={add.isPending} data-testid="add-domain">
            Add
          </Button>
        </Group>
        <VisuallyHidden role="status" aria-live="polite">
          {added ? `${added.name} added. Next, publish its TXT record.` : announcement(check, fieldError, add.isPending)}
        </VisuallyHidden>
        {alertError && (
          <CommandErrorAlert
            error={alertError}
            title={addErrorTitle(alertError, parentName)}
            advice={addErrorAdvice(alertError)}
            onClose={() => setServerError(null)}
            data-testid="add-domain-error"
          />
        )}
        {added && (
          <Alert color="green" variant="light" role="note" title={`${added.name} added`} data-testid="domain-added">
            <Stack gap="xs" align="flex-start">
              <Text size="sm">Next, publish its TXT record at your DNS provider.</Text>
              <Button size="xs" variant="light" onClick={() => onOpen(added.id)}>
                Show the TXT record
              </Button>
            </Stack>
          </Alert>
        )}
      </Stack>
    </form>
  );
}

function NameHint({ state }: { state: DomainNameState }): ReactNode {
  switch (state.status) {
    case 'empty':
      return 'For example acme.com, or eu.acme.com for a subdomain.';
    case 'checking':
      return state.previous ? (
        <span data-testid="domain-hint" aria-busy="true" style={{ opacity: 0.6 }}>
          <ValidHint result={state.previous} />
        </span>
      ) : (
        <span data-testid="domain-hint" aria-busy="true">
          Checking the name…
        </span>
      );
    case 'valid':
      return (
        <span data-testid="domain-hint">
          <ValidHint result={state.result} />
        </span>
      );
    case 'invalid':
      return null;
  }
}

function ValidHint({ result }: { result: DomainNameCheck }) {
  return (
    <>
      Will be added as <Code>{result.normalized}</Code>
      {result.isSubdomain ? ', a subdomain' : ''}. Publish the TXT record at <Code>{result.recordName}</Code>.
    </>
  );
}

/** What screen readers hear once a check settles; nothing while typing. */
function announcement(state: DomainNameState, fieldError: CommandError | null, adding: boolean): string {
  if (adding) return 'Adding the domain.';
  if (fieldError) return sentence(fieldError.message);
  if (state.status === 'valid') {
    return `Valid: ${state.result.normalized}. Publish the TXT record at ${state.result.recordName}.`;
  }
  return '';
}

function addErrorTitle(error: CommandError, parentName: string): string | undefined {
  switch (error.code) {
    case 'conflict':
      return 'This domain is already verified by another organization';
    case 'forbidden':
      return `Your role cannot add domains to ${parentName}`;
    case 'unreachable':
      return 'The backend cannot be reached';
    default:
      return undefined;
  }
}

function addErrorAdvice(error: CommandError): string | null | undefined {
  switch (error.code) {
    case 'conflict':
      return 'A domain can be verified by one organization only. If it should be yours, ask the admins of the organization that verified it to remove it.';
    case 'unreachable':
      return 'Adding a domain needs the backend: it issues the verification token. Check your network, then try again.';
    default:
      return undefined;
  }
}
