import { PageHeader } from '@/components/page-header';
import { DomainsOverview } from '@/features/domains/components/domains-overview';

export function DomainsRoute() {
  return (
    <>
      <PageHeader
        title="Domains"
        description="Prove that your company owns its email domains with a DNS TXT record. Once a domain is verified, SSO can be set up for accounts on it. Verifying a domain does not by itself change how anyone signs in."
      />
      <DomainsOverview />
    </>
  );
}
