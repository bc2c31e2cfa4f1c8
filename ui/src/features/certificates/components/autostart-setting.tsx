import { Card, Skeleton, Stack, Switch, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';

import { CommandErrorAlert } from '@/components/command-error-alert';

import { useAutostart, useSetAutostart } from '../hooks/use-certificates';

/** Whether the OS starts SSO Desk at login, so the certificate watch runs without anyone opening it. */
export function AutostartSetting() {
  const autostart = useAutostart();
  const setting = useSetAutostart();
  const [announcement, setAnnouncement] = useState('');
  // While saving, show the value asked for; the OS's value otherwise.
  const checked = setting.isPending && setting.variables !== undefined ? setting.variables : (autostart.data ?? false);

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="autostart-title" data-testid="autostart">
      <Stack gap="sm">
        <Title order={2} size="h4" id="autostart-title">
          Background watch
        </Title>
        {autostart.isPending ? (
          <Skeleton height={40} aria-label="Loading the login setting" />
        ) : autostart.isError ? (
          <CommandErrorAlert error={autostart.error} title="Whether SSO Desk starts at login could not be read" />
        ) : (
          <Switch
            label="Start SSO Desk at login"
            description={
              <span id="autostart-description">
                SSO Desk checks your certificates in the background and notifies you before they expire. When you close the
                window it keeps running in the tray; starting at login keeps the watch running after a restart too.
              </span>
            }
            aria-label="Start SSO Desk at login"
            aria-describedby="autostart-description"
            checked={checked}
            disabled={setting.isPending}
            onChange={(event) => {
              const enabled = event.currentTarget.checked;
              setAnnouncement('');
              setting.mutate(enabled, {
                onSuccess: () => setAnnouncement(enabled ? 'SSO Desk will start at login.' : 'SSO Desk will not start at login.'),
              });
            }}
            data-testid="autostart-switch"
          />
        )}
        <VisuallyHidden role="status" aria-live="polite">
          {announcement}
        </VisuallyHidden>
        {setting.error && (
          <CommandErrorAlert error={setting.error} title="The login setting was not changed" onClose={() => setting.reset()} data-testid="autostart-error" />
        )}
      </Stack>
    </Card>
  );
}
