import { Anchor, AppShell, Box, Burger, Group, NavLink, ScrollArea, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect, useRef } from 'react';

import { ConnectionPanel } from '@/features/connection/components/connection-panel';
import { ConnectionSummary } from '@/features/connection/components/connection-summary';
import { TokenStorageWarning } from '@/features/connection/components/token-storage-warning';
import type { Connection } from '@/features/connection/types';
import { useDomainEvents } from '@/features/domains/hooks/use-domain-events';
import { SyncBanner } from '@/features/sync/components/sync-banner';
import { SyncStatusIndicator } from '@/features/sync/components/sync-status-indicator';
import { useBackendEvents } from '@/features/sync/hooks/use-sync-status';

import { useNavigation } from './navigation';
import { ActivityRoute } from './routes/activity';
import { DomainsRoute } from './routes/domains';
import { NotBuiltRoute } from './routes/not-built';
import { OverviewRoute } from './routes/overview';
import { SECTIONS, type SectionId } from './sections';

/** The main window once connected: header, navigation by setup step, and the current page. */
export function Shell({ connection }: { connection: Connection }) {
  useBackendEvents();
  useDomainEvents();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const { section, navigate } = useNavigation();
  const mainRef = useRef<HTMLElement>(null);
  const firstRender = useRef(true);

  // After navigating, move focus to the new page so keyboard and screen reader users land on it.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    mainRef.current?.focus();
  }, [section]);

  const go = (next: SectionId) => {
    navigate(next);
    closeNav();
  };

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
      padding="lg"
    >
      <Anchor
        href="#main"
        className="skip-link"
        onClick={(event) => {
          event.preventDefault();
          mainRef.current?.focus();
        }}
      >
        Skip to content
      </Anchor>
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="md">
          <Group gap="md" wrap="nowrap" miw={0}>
            <Burger opened={navOpened} onClick={toggleNav} hiddenFrom="sm" size="sm" aria-label="Show navigation" />
            <Text fw={700} size="md" style={{ whiteSpace: 'nowrap' }}>
              SSO Desk
            </Text>
            <ConnectionSummary connection={connection} />
            <TokenStorageWarning connection={connection} />
          </Group>
          <SyncStatusIndicator />
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="sm" aria-label="Sections">
        <AppShell.Section grow component={ScrollArea}>
          <Stack gap={2} component="nav" aria-label="Setup steps">
            {SECTIONS.map((item) => (
              <NavLink
                key={item.id}
                component="button"
                type="button"
                label={item.label}
                description={item.hint}
                active={section === item.id}
                aria-current={section === item.id ? 'page' : undefined}
                onClick={() => go(item.id)}
                data-testid={`nav-${item.id}`}
                style={{ borderRadius: 'var(--mantine-radius-md)' }}
              />
            ))}
          </Stack>
        </AppShell.Section>
        <AppShell.Section pt="sm" style={{ borderTop: '1px solid var(--mantine-color-default-border)' }}>
          <ConnectionPanel connection={connection} />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main id="main" ref={mainRef} tabIndex={-1} style={{ outline: 'none' }}>
        <Box maw={1200}>
          <SyncBanner />
          <Page section={section} />
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}

function Page({ section }: { section: SectionId }) {
  switch (section) {
    case 'overview':
      return <OverviewRoute />;
    case 'domains':
      return <DomainsRoute />;
    case 'activity':
      return <ActivityRoute />;
    default:
      return <NotBuiltRoute section={section} />;
  }
}
