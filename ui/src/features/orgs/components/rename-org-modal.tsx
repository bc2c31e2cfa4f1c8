import { Button, Group, Modal, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type FormEvent } from 'react';

import { CommandErrorAlert, sentence } from '@/components/command-error-alert';
import type { CommandError } from '@/lib/ipc-types';

import { useRenameOrg } from '../hooks/use-overview';
import type { OrgView } from '../types';
import { checkOrgName, ORG_NAME_MAX_CHARS } from '../utils/org-name';

interface RenameOrgModalProps {
  org: OrgView | null;
  onClose: () => void;
}

/** Renames one organization. Enter saves; on any error the typed name stays in the field. */
export function RenameOrgModal({ org, onClose }: RenameOrgModalProps) {
  return (
    <Modal opened={org !== null} onClose={onClose} title="Rename organization" centered>
      {org && <RenameOrgForm key={org.id} org={org} onDone={onClose} />}
    </Modal>
  );
}

function RenameOrgForm({ org, onDone }: { org: OrgView; onDone: () => void }) {
  const rename = useRenameOrg();
  const [value, setValue] = useState(org.name);
  const [edited, setEdited] = useState(false);
  const [serverError, setServerError] = useState<CommandError | null>(null);

  const check = checkOrgName(value);
  const nameError =
    serverError?.code === 'invalid_input' && (serverError.field === 'name' || !serverError.field)
      ? sentence(serverError.message)
      : edited && !check.ok
        ? check.error
        : undefined;
  const alertError = serverError && nameError === undefined ? serverError : null;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setEdited(true);
    if (!check.ok || rename.isPending) return;
    if (check.name === org.name) {
      onDone();
      return;
    }
    setServerError(null);
    rename.mutate(
      { orgId: org.id, name: check.name },
      {
        onSuccess: (renamed) => {
          notifications.show({
            color: 'green',
            title: 'Organization renamed',
            message: renamed.pending
              ? `“${renamed.name}” is saved here and will be sent to the backend.`
              : `“${renamed.name}” is saved.`,
          });
          onDone();
        },
        onError: setServerError,
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed">
          The new name is saved here at once and sent to the backend in the background.
        </Text>
        <TextInput
          label="Organization name"
          description={`${check.chars}/${ORG_NAME_MAX_CHARS} characters`}
          value={value}
          onChange={(event) => {
            setValue(event.currentTarget.value);
            setEdited(true);
            if (serverError) setServerError(null);
          }}
          onFocus={(event) => event.currentTarget.select()}
          error={nameError}
          required
          data-autofocus
          autoComplete="off"
          readOnly={rename.isPending}
          data-testid="rename-input"
        />
        {alertError && <CommandErrorAlert error={alertError} title={renameErrorTitle(alertError)} />}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone} disabled={rename.isPending}>
            Cancel
          </Button>
          <Button type="submit" loading={rename.isPending} data-testid="rename-save">
            Save
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function renameErrorTitle(error: CommandError): string | undefined {
  switch (error.code) {
    case 'forbidden':
      return 'Your role cannot rename this organization';
    case 'not_found':
      return 'This organization no longer exists';
    default:
      return undefined;
  }
}
