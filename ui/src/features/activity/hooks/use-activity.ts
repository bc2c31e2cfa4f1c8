import { useQuery } from '@tanstack/react-query';

import type { CommandError } from '@/lib/ipc-types';
import { queryKeys } from '@/lib/query-keys';

import { listActivity } from '../api/activity';
import type { Activity } from '../types';

/** Newest first, whatever order the cache kept. */
function newestFirst(activity: Activity): Activity {
  const time = (at: string) => {
    const value = Date.parse(at);
    return Number.isNaN(value) ? 0 : value;
  };
  return { ...activity, items: [...activity.items].sort((a, b) => time(b.at) - time(a.at)) };
}

export function useActivity(parentId: string | null) {
  return useQuery<Activity, CommandError>({
    queryKey: queryKeys.activity(parentId ?? ''),
    queryFn: () => listActivity(parentId ?? ''),
    enabled: parentId !== null,
    select: newestFirst,
  });
}
