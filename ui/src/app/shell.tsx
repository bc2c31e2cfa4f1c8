import { Anchor, AppShell, Box, Burger, Group, NavLink, ScrollArea, Skeleton, Stack, Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { lazy, Suspense, useCallback, useEffect, useRef, useState } from 'react';

import { useCertificateEvents } from '@/features/certificates/hooks/use-certificate-events';
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

// The SSO and Certificates pages are loaded when first opened: with the IdP guides, the metadata
// import and the expiry chart they are the largest pages, and the app starts without them.
const SsoRoute = lazy(() => import('./routes/sso').then((module) => ({ default: module.SsoRoute })));
const CertificatesRoute = lazy(() => import('./routes/certificates').then((module) => ({ default: module.CertificatesRoute })));

/** The main window once connected: header, navigation by setup step, and the current page. */
export function Shell({ connection }: { connection: Connection }) {
  useBackendEvents();
  useDomainEvents();
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const { section, navigate } = useNavigation();
  // The certificate whose detail is open on the Certificates page. It lives here, above the
  // pages, because a clicked desktop notification (`certificate://open`) opens one from anywhere.
  const [openCertificate, setOpenCertificate] = useState<string | null>(null);
  const openCertificateFromNotification = useCallback(
    (sha256: string) => {
      setOpenCertificate(sha256);
      navigate('certificates');
    },
    [navigate],
  );
  useCertificateEvents(openCertificateFromNotification);
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
    // Leaving the Certificates page closes its detail, so coming back does not reopen it.
    if (next !== 'certificates') setOpenCertificate(null);
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
          <Suspense fallback={<PageLoading />}>
            <Page section={section} openCertificate={openCertificate} onOpenCertificate={setOpenCertificate} />
          </Suspense>
        </Box>
      </AppShell.Main>
    </AppShell>
  );
}

function PageLoading() {
  return (
    <Stack gap="sm" aria-busy="true" aria-label="Loading the page">
      <Skeleton height={32} width="30%" />
      <Skeleton height={200} />
    </Stack>
  );
}

interface PageProps {
  section: SectionId;
  openCertificate: string | null;
  onOpenCertificate: (sha256: string | null) => void;
}

function Page({ section, openCertificate, onOpenCertificate }: PageProps) {
  switch (section) {
    case 'overview':
      return <OverviewRoute />;
    case 'domains':
      return <DomainsRoute />;
    case 'sso':
      return <SsoRoute />;
    case 'certificates':
      return <CertificatesRoute openSha256={openCertificate} onOpenSha256={onOpenCertificate} />;
    case 'activity':
      return <ActivityRoute />;
    default:
      return <NotBuiltRoute section={section} />;
  }
}
