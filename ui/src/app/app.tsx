import { Button, Center, Loader, Stack, Text } from '@mantine/core';

import { CommandErrorAlert } from '@/components/command-error-alert';
import { FirstRun } from '@/features/connection/components/first-run';
import { useAppState } from '@/features/connection/hooks/use-app-state';

import { NavigationProvider } from './navigation';
import { Shell } from './shell';

/** First run until a backend is chosen; the main shell after. */
export function App() {
  const appState = useAppState();

  if (appState.isPending) {
    return (
      <Center mih="100vh">
        <Stack align="center" gap="xs" role="status">
          <Loader aria-hidden="true" />
          <Text size="sm" c="dimmed">
            Opening SSO Desk…
          </Text>
        </Stack>
      </Center>
    );
  }
  if (appState.isError) {
    return (
      <Center mih="100vh" p="xl">
        <Stack maw={520}>
          <CommandErrorAlert error={appState.error} title="SSO Desk could not read its local state" />
          <Button variant="default" onClick={() => void appState.refetch()}>
            Try again
          </Button>
        </Stack>
      </Center>
    );
  }
  const connection = appState.data.connection;
  if (!connection) return <FirstRun />;
  return (
    <NavigationProvider>
      <Shell connection={connection} />
    </NavigationProvider>
  );
}
