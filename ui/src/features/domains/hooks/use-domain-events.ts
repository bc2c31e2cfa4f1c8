import { notifications } from '@mantine/notifications';
import { useQueryClient } from '@tanstack/react-query';

import { queryKeys } from '@/lib/query-keys';
import { useEventSubscription } from '@/lib/use-event-subscription';

import { onDomainVerified } from '../api/domains';
import type { DomainVerifiedEvent } from '../types';

/**
 * For as long as the main shell is shown, whatever the page: a domain the background check got
 * verified is announced ("acme.com verified") and the domains are re-read.
 */
export function useDomainEvents() {
  const queryClient = useQueryClient();
  useEventSubscription(onDomainVerified, (event: DomainVerifiedEvent) => {
    notifications.show({
      // One notification per domain, however often the event arrives.
      id: `domain-verified-${event.domainId}`,
      color: 'green',
      title: `${event.name} verified`,
      message: 'The backend confirmed the DNS TXT record. SSO can now be set up for accounts on this domain.',
      autoClose: 10_000,
    });
    void queryClient.invalidateQueries({ queryKey: queryKeys.domains });
  });
}
