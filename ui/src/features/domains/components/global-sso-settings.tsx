import { Card, Stack, Switch, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';

import { CommandErrorAlert } from '@/components/command-error-alert';
import type { CommandError } from '@/lib/ipc-types';

import { useSetDisableNewOrgCreation } from '../hooks/use-domains';
import type { DomainsOfParent } from '../types';

/**
 * The parent's Global SSO Configuration. "Disable new organization creation" appears once a domain
 * is verified, as in the guide; only managers may change it.
 */
export function GlobalSsoSettings({ parent }: { parent: DomainsOfParent }) {
  const setting = useSetDisableNewOrgCreation();
  const [error, setError] = useState<CommandError | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const headingId = `global-sso-${parent.parentId}-title`;
  const descriptionId = `disable-org-creation-${parent.parentId}-description`;
  // While saving, show the value asked for; the cache's value otherwise.
  const checked = setting.isPending && setting.variables ? setting.variables.enabled : parent.disableNewOrgCreation;

  const change = (enabled: boolean) => {
    setError(null);
    setAnnouncement('');
    setting.mutate(
      { parentId: parent.parentId, enabled },
      {
        onSuccess: () =>
          setAnnouncement(enabled ? 'New organization creation is disabled.' : 'New organization creation is allowed again.'),
        onError: setError,
      },
    );
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={headingId} data-testid={`global-sso-${parent.parentId}`}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={headingId}>
          Global SSO Configuration
        </Title>
        {parent.hasVerifiedDomain ? (
          <>
            <Switch
              label="Disable new organization creation"
              description={
                <span id={descriptionId}>
                  Prevents users with email addresses on your verified domains from creating new organizations, including
                  personal accounts.
                </span>
              }
              // The label element wraps the description too; name the switch by its label alone.
              aria-label="Disable new organization creation"
              aria-describedby={descriptionId}
              checked={checked}
              onChange={(event) => change(event.currentTarget.checked)}
              disabled={!parent.canManage || setting.isPending}
              data-testid="disable-org-creation"
            />
            {!parent.canManage && (
              <Text size="xs" c="dimmed">
                Your role can see this setting but not change it.
              </Text>
            )}
          </>
        ) : (
          <Text size="sm" c="dimmed" data-testid="org-creation-needs-verified-domain">
            Once a domain is verified, you can disable new organization creation here: users with email addresses on your
            verified domains will then not be able to create new organizations, including personal accounts.
          </Text>
        )}
        <VisuallyHidden role="status" aria-live="polite">
          {setting.isPending ? 'Saving…' : announcement}
        </VisuallyHidden>
        {error && (
          <CommandErrorAlert
            error={error}
            title={settingErrorTitle(error)}
            onClose={() => setError(null)}
            data-testid="org-creation-error"
          />
        )}
      </Stack>
    </Card>
  );
}

function settingErrorTitle(error: CommandError): string | undefined {
  switch (error.code) {
    case 'conflict':
      return 'This needs a verified domain';
    case 'forbidden':
      return 'Your role cannot change this setting';
    default:
      return undefined;
  }
}
