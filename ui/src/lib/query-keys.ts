// Query keys shared between features: the sync feature invalidates what the others cache when the
// backend's data changes, without importing them.

export const queryKeys = {
  appState: ['app-state'] as const,
  syncStatus: ['sync-status'] as const,
  overview: ['overview'] as const,
  activityAll: ['activity'] as const,
  activity: (parentId: string) => ['activity', parentId] as const,
  changes: ['changes'] as const,
};

/** The queries that read the local cache; `cache://changed` makes them stale. */
export const cacheQueryKeys = [queryKeys.overview, queryKeys.activityAll, queryKeys.changes] as const;
