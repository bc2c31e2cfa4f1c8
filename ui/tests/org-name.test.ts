import { describe, expect, it } from 'vitest';

import { checkOrgName } from '@/features/orgs/utils/org-name';

// The same cases as the backend's `OrgName::parse` tests (crates/model/src/validate.rs).
describe('checkOrgName', () => {
  it.each([
    ['  Acme  ', { ok: true, name: 'Acme' }],
    ['   ', { ok: false }],
    ['', { ok: false }],
    ['é'.repeat(80), { ok: true }],
    ['é'.repeat(81), { ok: false }],
    ['a\nb', { ok: false }],
    ['a\tb', { ok: false }],
    ['a\u007fb', { ok: false }],
    ['Acme 🚀 Team', { ok: true }],
  ])('%j', (raw, expected) => {
    expect(checkOrgName(raw)).toMatchObject(expected);
  });

  it('counts characters, not UTF-16 code units', () => {
    expect(checkOrgName('🚀'.repeat(80))).toMatchObject({ ok: true, chars: 80 });
  });
});
