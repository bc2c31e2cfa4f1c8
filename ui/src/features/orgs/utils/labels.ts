import type { OrgKind, Role } from '../types';

const ROLE_LABELS: Record<Role, string> = {
  primary_owner: 'Primary Owner',
  owner: 'Owner',
  admin: 'Admin',
  developer: 'Developer',
  user: 'User',
};

const KIND_LABELS: Record<OrgKind, string> = {
  team: 'Team',
  enterprise: 'Enterprise',
  console: 'Console',
};

export function roleLabel(role: Role | null): string {
  return role ? ROLE_LABELS[role] : 'No role';
}

export function kindLabel(kind: OrgKind): string {
  return KIND_LABELS[kind];
}

/** Who may manage SSO, in the vendor guide's words. */
export const MANAGE_RULE =
  'Owners and Primary Owners of a Team or Enterprise organization, and Admins of a Console organization, can manage SSO.';
