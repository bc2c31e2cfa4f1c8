export type Role = 'primary_owner' | 'owner' | 'admin' | 'developer' | 'user';
export type OrgKind = 'team' | 'enterprise' | 'console';

export interface OrgView {
  id: string;
  parentId: string;
  name: string;
  kind: OrgKind;
  /** The signed-in user's role here; null when they have none. */
  role: Role | null;
  /** Whether that role may rename this organization and manage its parent's SSO settings. */
  canManage: boolean;
  version: number;
  /** A local change to this organization has not been confirmed by the backend yet. */
  pending: boolean;
}

export interface ParentView {
  id: string;
  name: string;
  canManage: boolean;
  version: number;
  orgs: OrgView[];
}

export interface Overview {
  user: { email: string; name: string } | null;
  parents: ParentView[];
}

export interface RenameOrgInput {
  orgId: string;
  name: string;
}
