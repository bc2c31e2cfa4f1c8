import { PageHeader } from '@/components/page-header';
import { SsoOverview } from '@/features/sso/components/sso-overview';

import { useNavigation } from '../navigation';

export function SsoRoute() {
  const { navigate } = useNavigation();
  return (
    <>
      <PageHeader
        title="SSO connection"
        description="Connect your identity provider to each parent organization over SAML: create an application in your identity provider with the values below, then import its metadata here. Keep the signing certificate current before it expires."
      />
      {/* Queued changes and their conflicts are resolved in the Pending changes panel of the Overview page. */}
      <SsoOverview onShowChanges={() => navigate('overview')} />
    </>
  );
}
