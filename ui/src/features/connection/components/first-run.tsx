import { Badge, Box, Button, Card, Container, Group, List, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';

import { CommandErrorAlert } from '@/components/command-error-alert';

import { useConnectSandbox } from '../hooks/use-connect';
import { ConnectRemoteForm } from './connect-remote-form';

/** The first screen, while no backend is chosen: what the app does, and the two ways to start. */
export function FirstRun() {
  const sandbox = useConnectSandbox();
  const [remoteBusy, setRemoteBusy] = useState(false);
  const busy = sandbox.isPending || remoteBusy;

  const progress = sandbox.isPending
    ? 'Starting the local sandbox and loading its demo data…'
    : remoteBusy
      ? 'Checking the token with the backend…'
      : '';

  return (
    <Box component="main" py={48} px="md">
      <Container size={920}>
        <Stack gap="xl">
          <Stack gap="xs">
            <Text fw={600} c="indigo" size="sm" tt="uppercase" style={{ letterSpacing: '0.06em' }}>
              SSO Desk
            </Text>
            <Title order={1}>Set up enterprise single sign-on</Title>
            <Text size="lg" c="dimmed" maw={720}>
              SSO Desk walks IT admins through enterprise SSO for their organizations, step by step:
            </Text>
            <List size="sm" spacing={4} maw={720}>
              <List.Item>verify your company’s email domains with a DNS TXT record;</List.Item>
              <List.Item>connect your identity provider over SAML and test sign-in;</List.Item>
              <List.Item>enforce SSO per product and choose how users are provisioned;</List.Item>
              <List.Item>rotate your identity provider’s signing certificate before it expires.</List.Item>
            </List>
            <Text size="sm" c="dimmed" maw={720}>
              It keeps a local copy of your organizations, so it opens instantly and works offline. Changes you make
              are queued and sent when the backend is reachable.
            </Text>
          </Stack>

          <Stack gap="sm">
            <Title order={2} size="h3">
              Choose a backend
            </Title>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="lg">
              <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="sandbox-title">
                <Stack gap="sm" h="100%">
                  <Group gap="xs" justify="space-between">
                    <Title order={3} size="h4" id="sandbox-title">
                      Local sandbox
                    </Title>
                    <Badge variant="light">Recommended to start</Badge>
                  </Group>
                  <Text size="sm">
                    Runs the reference backend inside the app with demo data: the parent organization “Acme Corp”
                    with a Team, an Enterprise and a Console organization.
                  </Text>
                  <Text size="sm" c="dimmed">
                    Nothing leaves this computer and no token is needed, so you can try every step safely.
                  </Text>
                  <Box mt="auto">
                    <Button
                      fullWidth
                      onClick={() => sandbox.mutate()}
                      loading={sandbox.isPending}
                      disabled={busy && !sandbox.isPending}
                      data-testid="sandbox-button"
                    >
                      Use the local sandbox
                    </Button>
                  </Box>
                  {sandbox.error && (
                    <CommandErrorAlert
                      error={sandbox.error}
                      title="The local sandbox could not start"
                      onClose={() => sandbox.reset()}
                    />
                  )}
                </Stack>
              </Card>

              <Card withBorder padding="lg" radius="md" component="section" aria-labelledby="remote-title">
                <Stack gap="sm">
                  <Title order={3} size="h4" id="remote-title">
                    Connect to a backend
                  </Title>
                  <Text size="sm" c="dimmed">
                    Use your organization’s backend with an API token. The token is checked before anything is
                    saved.
                  </Text>
                  <ConnectRemoteForm disabled={sandbox.isPending} onBusyChange={setRemoteBusy} />
                </Stack>
              </Card>
            </SimpleGrid>
          </Stack>

          <Text role="status" aria-live="polite" size="sm" c="dimmed" data-testid="connect-progress">
            {progress}
          </Text>
        </Stack>
      </Container>
    </Box>
  );
}
