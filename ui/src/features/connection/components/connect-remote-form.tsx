import { Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';

import { CommandErrorAlert, sentence } from '@/components/command-error-alert';
import type { CommandError } from '@/lib/ipc-types';

import { useConnectRemote } from '../hooks/use-connect';
import type { ConnectField, ConnectRemoteInput } from '../types';
import { validateConnect } from '../utils/validate-connect';

interface ConnectRemoteFormProps {
  /** Another way of connecting is in progress: the form waits. */
  disabled?: boolean;
  onBusyChange?: (busy: boolean) => void;
}

/**
 * Base URL and API token. What the admin typed stays in the form whatever the backend answers; a
 * field error from the backend shows under that field until the field is edited.
 */
export function ConnectRemoteForm({ disabled = false, onBusyChange }: ConnectRemoteFormProps) {
  const connect = useConnectRemote();
  const [values, setValues] = useState<ConnectRemoteInput>({ baseUrl: '', token: '' });
  const [touched, setTouched] = useState<Record<ConnectField, boolean>>({ baseUrl: false, token: false });
  const [serverError, setServerError] = useState<CommandError | null>(null);

  const clientErrors = validateConnect(values);
  const fieldError = (field: ConnectField): string | undefined => {
    if (serverError?.code === 'invalid_input' && serverError.field === field) return sentence(serverError.message);
    return touched[field] ? clientErrors[field] : undefined;
  };
  const alertError = serverError && !(serverError.code === 'invalid_input' && isField(serverError.field)) ? serverError : null;

  const change = (field: ConnectField, value: string) => {
    setValues((current) => ({ ...current, [field]: value }));
    if (serverError && (serverError.field === field || !isField(serverError.field))) setServerError(null);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setTouched({ baseUrl: true, token: true });
    if (Object.keys(clientErrors).length > 0) return;
    setServerError(null);
    onBusyChange?.(true);
    connect.mutate(
      { baseUrl: values.baseUrl.trim(), token: values.token.trim() },
      {
        onError: (error) => setServerError(error),
        onSettled: () => onBusyChange?.(false),
      },
    );
  };

  const busy = connect.isPending;
  return (
    <form onSubmit={submit} noValidate aria-label="Connect to a backend" data-testid="connect-form">
      <Stack gap="sm">
        <TextInput
          label="Backend base URL"
          description="The address of your SSO Desk API, without /v1."
          placeholder="https://sso.example.com"
          autoComplete="url"
          inputMode="url"
          spellCheck={false}
          required
          value={values.baseUrl}
          onChange={(event) => change('baseUrl', event.currentTarget.value)}
          onBlur={() => setTouched((current) => ({ ...current, baseUrl: true }))}
          error={fieldError('baseUrl')}
          disabled={disabled}
          readOnly={busy}
          data-testid="base-url-input"
        />
        <PasswordInput
          label="API token"
          description="Stored in your operating system’s keychain when one is available; never in the app’s files or logs."
          autoComplete="off"
          spellCheck={false}
          required
          value={values.token}
          onChange={(event) => change('token', event.currentTarget.value)}
          onBlur={() => setTouched((current) => ({ ...current, token: true }))}
          error={fieldError('token')}
          // PasswordInput does not mark its input invalid by itself.
          aria-invalid={fieldError('token') !== undefined}
          disabled={disabled}
          readOnly={busy}
          visibilityToggleButtonProps={{ 'aria-label': 'Show or hide the token' }}
          data-testid="token-input"
        />
        {alertError && (
          <CommandErrorAlert error={alertError} onClose={() => setServerError(null)} data-testid="connect-error" />
        )}
        <Button type="submit" variant="default" loading={busy} disabled={disabled} data-testid="connect-button">
          Connect
        </Button>
      </Stack>
    </form>
  );
}

function isField(field: string | null | undefined): field is ConnectField {
  return field === 'baseUrl' || field === 'token';
}
