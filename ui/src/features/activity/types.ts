export interface ActivityItem {
  id: string;
  /** RFC 3339. */
  at: string;
  actorEmail: string;
  action: string;
  resourceType: string;
  resourceId: string;
  /** A sentence such as “Renamed organization “A” to “B””. */
  summary: string;
}

/**
 * `forbidden`: the user's role cannot read this parent's audit log. `not_synced`: the log was not
 * fetched yet.
 */
export type ActivityAccess = 'ok' | 'forbidden' | 'not_synced';

export interface Activity {
  access: ActivityAccess;
  items: ActivityItem[];
}
