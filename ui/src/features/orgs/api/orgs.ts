import { invoke } from '@tauri-apps/api/core';

import { rethrowAsCommandError } from '@/lib/errors';

import type { OrgView, Overview, RenameOrgInput } from '../types';

/** Parents and organizations from the local cache; never touches the network. */
export function getOverview(): Promise<Overview> {
  return invoke<Overview>('get_overview').catch(rethrowAsCommandError);
}

/**
 * Renames locally and queues the change for the backend. Fails with `invalid_input` (field
 * `name`), `forbidden` or `not_found`.
 */
export function renameOrg(input: RenameOrgInput): Promise<OrgView> {
  return invoke<OrgView>('rename_org', { orgId: input.orgId, name: input.name }).catch(rethrowAsCommandError);
}
