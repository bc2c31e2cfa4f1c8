// Query keys shared between features: the sync feature invalidates what the others cache when the
// backend's data changes, without importing them.

export const queryKeys = {
  appState: ['app-state'] as const,
  syncStatus: ['sync-status'] as const,
  overview: ['overview'] as const,
  activityAll: ['activity'] as const,
  activity: (parentId: string) => ['activity', parentId] as const,
  changes: ['changes'] as const,
  domains: ['domains'] as const,
  /** A local check of a typed domain name; pure, so never made stale by the cache. */
  domainNameCheck: (name: string) => ['domain-name-check', name] as const,
  /** Every parent's SSO connection, SP values and published metadata, from the local cache. */
  sso: ['sso'] as const,
  /** Every known IdP certificate, the findings and the expiry policies, from the local cache. */
  certificates: ['certificates'] as const,
  /** Whether the OS starts the app at login; a setting of this machine, not of the cache. */
  autostart: ['autostart'] as const,
};

/** The queries that read the local cache; `cache://changed` makes them stale. */
export const cacheQueryKeys = [
  queryKeys.overview,
  queryKeys.activityAll,
  queryKeys.changes,
  queryKeys.domains,
  queryKeys.sso,
  queryKeys.certificates,
] as const;
