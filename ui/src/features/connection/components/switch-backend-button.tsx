import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';

import { CommandErrorAlert } from '@/components/command-error-alert';

import { useDisconnect } from '../hooks/use-connect';

/** Forgets the connection after a confirmation, and returns to the first-run screen. */
export function SwitchBackendButton() {
  const [opened, { open, close }] = useDisclosure(false);
  const disconnect = useDisconnect();

  const dismiss = () => {
    if (disconnect.isPending) return;
    disconnect.reset();
    close();
  };

  return (
    <>
      <Button variant="default" size="xs" mt={6} onClick={open} data-testid="switch-backend-button">
        Switch backend…
      </Button>
      <Modal opened={opened} onClose={dismiss} title="Switch backend?" centered>
        <Stack gap="md">
          <Text size="sm">
            SSO Desk will forget this connection and its stored token, and return to the start screen, where you can
            choose the local sandbox or another backend.
          </Text>
          <Text size="sm" c="dimmed">
            Changes that have not reached the backend yet must sync or be discarded first.
          </Text>
          {disconnect.error && (
            <CommandErrorAlert
              error={disconnect.error}
              title={disconnect.error.code === 'conflict' ? 'Some changes have not been sent yet' : undefined}
            />
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={dismiss} disabled={disconnect.isPending}>
              Stay connected
            </Button>
            <Button
              color="red"
              onClick={() => disconnect.mutate()}
              loading={disconnect.isPending}
              data-testid="confirm-switch-backend"
            >
              Switch backend
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}
