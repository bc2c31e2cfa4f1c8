import { Alert } from '@mantine/core';

import type { ActivityAccess } from '../types';

/** What to say instead of a list: the log cannot be read, was not fetched yet, or is empty. */
export function ActivityNotice({ access, parentName }: { access: ActivityAccess; parentName: string }) {
  switch (access) {
    case 'forbidden':
      return (
        <Alert color="gray" variant="light" title="Your role cannot read this audit log" data-testid="activity-forbidden">
          Only people who can manage the SSO settings of {parentName} can read its audit log: Owners and Primary
          Owners of its Team or Enterprise organizations, and Admins of its Console organizations.
        </Alert>
      );
    case 'not_synced':
      return (
        <Alert color="gray" variant="light" title="Not synced yet" data-testid="activity-not-synced">
          The audit log of {parentName} has not been fetched from the backend yet. It appears after the next sync.
        </Alert>
      );
    case 'ok':
      return (
        <Alert color="gray" variant="light" title="No activity yet" data-testid="activity-empty">
          Nothing has been recorded in the audit log of {parentName} yet. Changes made by anyone, here or elsewhere,
          will be listed here.
        </Alert>
      );
  }
}
