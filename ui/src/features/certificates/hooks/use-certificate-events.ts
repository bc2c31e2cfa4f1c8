import { useQueryClient } from '@tanstack/react-query';

import { queryKeys } from '@/lib/query-keys';
import { useEventSubscription } from '@/lib/use-event-subscription';

import { onCertificateOpen, onCertificatesChanged } from '../api/certificates';
import type { OpenCertificateEvent } from '../types';

/**
 * For as long as the main shell is shown: the watch's results make the inventory stale, and a
 * clicked certificate notification is handed to `onOpen` (the app layer navigates to it).
 */
export function useCertificateEvents(onOpen: (sha256: string) => void) {
  const queryClient = useQueryClient();
  const refresh = () => void queryClient.invalidateQueries({ queryKey: queryKeys.certificates });
  // A watch run that finished while the subscription was being set up is caught by the re-read.
  useEventSubscription(onCertificatesChanged, refresh, refresh);
  useEventSubscription(onCertificateOpen, (event: OpenCertificateEvent) => onOpen(event.sha256));
}
