// The app's sections, in the order of the vendor's SSO setup guide, and what the ones not built yet
// will do.

export type SectionId = 'overview' | 'domains' | 'sso' | 'enforcement' | 'provisioning' | 'certificates' | 'activity';

export interface Section {
  id: SectionId;
  label: string;
  /** A few words under the label in the navigation. */
  hint: string;
}

export const SECTIONS: readonly Section[] = [
  { id: 'overview', label: 'Overview', hint: 'Organizations and roles' },
  { id: 'domains', label: 'Domains', hint: 'Verify with a DNS TXT record' },
  { id: 'sso', label: 'SSO connection', hint: 'SAML identity provider' },
  { id: 'enforcement', label: 'Enforcement', hint: 'Require SSO per product' },
  { id: 'provisioning', label: 'Provisioning', hint: 'Manual, JIT or SCIM' },
  { id: 'certificates', label: 'Certificates', hint: 'Rotate the IdP certificate' },
  { id: 'activity', label: 'Activity', hint: 'Audit log' },
];

export function isSectionId(value: string): value is SectionId {
  return SECTIONS.some((section) => section.id === value);
}

export function sectionById(id: SectionId): Section {
  return SECTIONS.find((section) => section.id === id) ?? SECTIONS[0]!;
}

/** What a section not built yet will do, from the vendor guide. */
export interface PlannedSection {
  summary: string;
  steps: string[];
  note?: string;
}

export const PLANNED_SECTIONS: Partial<Record<SectionId, PlannedSection>> = {
  enforcement: {
    summary:
      'Choose, per product, whether SSO is required: enforce SSO for the app (Team and Enterprise organizations) and, separately, for the Console.',
    steps: [
      'Turn on enforcement for a product: its users must then use “Continue with SSO” to sign in.',
      'Leave it off to let users choose between “Continue with SSO” and “Continue with email”.',
      'Turn enforcement off again at any time to make SSO optional for everyone.',
    ],
    note: 'Review what happens to existing users before enforcing, and make sure everyone who needs access is assigned to the app in your identity provider.',
  },
  provisioning: {
    summary: 'Decide how users are added to your organizations once SSO is enabled.',
    steps: [
      'Manual (the default): add and remove members in each organization’s settings.',
      'JIT (just-in-time): users assigned to the app in your identity provider are added the first time they sign in, with the User role.',
      'SCIM directory sync: your identity provider adds and removes users automatically.',
      'Group mappings: assign roles or seat tiers from identity provider groups, and control which users reach which organization when several share one parent.',
    ],
  },
};
