export type { SyncState, SyncStatus } from '@/lib/ipc-types';
