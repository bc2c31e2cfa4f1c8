import { useCallback, useMemo } from 'react';

import { PageHeader } from '@/components/page-header';
import type { CertificateDetails } from '@/features/certificates/components/certificate-drawer';
import { CertificatesOverview, type CertificateParent } from '@/features/certificates/components/certificates-overview';
import { useOverview } from '@/features/orgs/hooks/use-overview';
import { useSso } from '@/features/sso/hooks/use-sso';

interface CertificatesRouteProps {
  /** The certificate whose detail is open; the shell owns it so that a clicked notification can open one. */
  openSha256: string | null;
  onOpenSha256: (sha256: string | null) => void;
}

/**
 * The certificate watch. Parent names and roles come from the overview, and the serial and SHA-1
 * the inventory does not carry come from the SSO connections and published metadata, which hold
 * the full certificates.
 */
export function CertificatesRoute({ openSha256, onOpenSha256 }: CertificatesRouteProps) {
  const overview = useOverview();
  const sso = useSso();
  const parents = useMemo<CertificateParent[]>(
    () => (overview.data?.parents ?? []).map((parent) => ({ id: parent.id, name: parent.name, canManage: parent.canManage })),
    [overview.data],
  );
  const detailsOf = useCallback(
    (sha256: string): CertificateDetails | null => {
      for (const parent of sso.data ?? []) {
        const found = [...(parent.connection?.certificates ?? []), ...(parent.published?.certificates ?? [])].find(
          (certificate) => certificate.sha256 === sha256,
        );
        if (found) {
          const { serial, sha1, keyType, keyBits, signatureAlgorithm } = found;
          return { serial, sha1, keyType, keyBits, signatureAlgorithm };
        }
      }
      return null;
    },
    [sso.data],
  );
  const open = useCallback((sha256: string) => onOpenSha256(sha256), [onOpenSha256]);
  const close = useCallback(() => onOpenSha256(null), [onOpenSha256]);

  return (
    <>
      <PageHeader
        title="Certificates"
        description="Keep SSO working when your identity provider’s X.509 signing certificate expires or is rotated. SSO Desk watches every certificate the backend accepts and every one your identity provider publishes, and notifies you before they expire."
      />
      <CertificatesOverview parents={parents} openSha256={openSha256} onOpen={open} onClose={close} detailsOf={detailsOf} />
    </>
  );
}
