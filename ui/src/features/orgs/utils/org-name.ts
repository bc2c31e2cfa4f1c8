/** The longest organization name accepted, in Unicode scalar values (as the backend counts). */
export const ORG_NAME_MAX_CHARS = 80;

export type OrgNameCheck = { ok: true; name: string; chars: number } | { ok: false; error: string; chars: number };

/**
 * The backend's rule (`OrgName::parse`), checked as the admin types: trimmed, 1 to 80 characters,
 * no control characters. The backend checks again.
 */
export function checkOrgName(raw: string): OrgNameCheck {
  const name = raw.trim();
  const chars = [...name].length;
  if (chars === 0) return { ok: false, error: 'Enter a name.', chars };
  if (chars > ORG_NAME_MAX_CHARS) {
    return { ok: false, error: `The name is ${chars} characters long; the limit is ${ORG_NAME_MAX_CHARS}.`, chars };
  }
  if (/\p{Cc}/u.test(name)) {
    return { ok: false, error: 'The name contains a control character (such as a line break or tab).', chars };
  }
  return { ok: true, name, chars };
}
