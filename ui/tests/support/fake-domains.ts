// The fake backend's domain commands: a stand-in for `crates/model`'s domain name rules (a few
// public suffixes instead of the Public Suffix List) and for the desk's domain store.

import type { DomainNameCheck, DomainsOfParent, DomainView, NativeCheck } from '@/features/domains/types';
import type { CommandError } from '@/lib/ipc-types';

const MULTI_LABEL_SUFFIXES = new Set(['co.uk', 'org.uk', 'com.au', 'co.jp', 'com.br']);

function invalid(message: string): CommandError {
  return { code: 'invalid_input', message, field: 'name' };
}

export function validateDomainName(raw: string): DomainNameCheck {
  const trimmed = raw.trim();
  if (trimmed === '') throw invalid('enter a domain name');
  if (/^[a-z]+:\/\//i.test(trimmed) || trimmed.includes('/')) throw invalid('enter the domain name only, without https:// or a path');
  if (trimmed.includes('@')) throw invalid('enter the domain only, not an email address');
  if (/\s/.test(trimmed)) throw invalid('a domain name cannot contain spaces');
  if (trimmed.startsWith('*')) throw invalid('wildcard domains cannot be verified; enter the domain itself');
  let name: string;
  try {
    name = new URL(`http://${trimmed.replace(/\.$/, '')}`).hostname;
  } catch {
    throw invalid(`“${trimmed}” is not a valid domain name`);
  }
  const labels = name.split('.');
  if (labels.length < 2) throw invalid('a domain needs at least two labels, such as acme.com');
  for (const label of labels) {
    if (label.length === 0) throw invalid('a domain name cannot contain empty labels (two dots in a row)');
    if (label.length > 63) throw invalid(`the label “${label.slice(0, 12)}…” is longer than 63 characters`);
    if (!/^[a-z0-9-]+$/.test(label)) throw invalid(`the label “${label}” contains characters a domain name cannot have`);
    if (label.startsWith('-') || label.endsWith('-')) throw invalid(`the label “${label}” starts or ends with a hyphen`);
  }
  if (/^\d+$/.test(labels[labels.length - 1]!)) throw invalid('an IP address is not a domain name');
  const suffixLabels = MULTI_LABEL_SUFFIXES.has(labels.slice(-2).join('.')) ? 2 : 1;
  if (labels.length <= suffixLabels) throw invalid(`${name} is a public suffix, not a domain you can own`);
  const isSubdomain = labels.length > suffixLabels + 1;
  return { normalized: name, recordName: isSubdomain ? `_acme-challenge.${name}` : name, isSubdomain };
}

let tokenCounter = 0;

export function newDomain(parentId: string, check: DomainNameCheck, existing: DomainView[]): DomainView {
  tokenCounter += 1;
  const id = `dom_${check.normalized.replace(/[^a-z0-9]/g, '_')}`;
  return {
    id: existing.some((domain) => domain.id === id) ? `${id}_${tokenCounter}` : id,
    parentId,
    name: check.normalized,
    status: 'pending',
    txtRecord: { name: check.recordName, value: `ssodesk-verification=${String(tokenCounter).padStart(32, 'f')}` },
    createdAt: new Date().toISOString(),
    lastCheckedAt: null,
    verifiedAt: null,
    failureReason: null,
    version: 1,
    check: null,
  };
}

/** What the fake's DNS answers when a domain has never been checked: nothing published anywhere. */
export function notPublishedCheck(): NativeCheck {
  return {
    checkedAt: new Date().toISOString(),
    verdict: 'not_published',
    sources: [
      { kind: 'resolver', server: '192.168.1.1:53', nsName: null, state: 'not_found', values: [], ttl: 900 },
      { kind: 'authoritative', server: '198.51.100.1:53', nsName: 'ns1.dnsprovider.example', state: 'not_found', values: [], ttl: 900 },
    ],
    diagnostics: [],
    negativeCacheExpiresAt: new Date(Date.now() + 15 * 60_000).toISOString(),
    nextCheckAt: new Date(Date.now() + 60_000).toISOString(),
  };
}

export function findDomain(parents: DomainsOfParent[], domainId: string): { parent: DomainsOfParent; domain: DomainView } | null {
  for (const parent of parents) {
    const domain = parent.domains.find((candidate) => candidate.id === domainId);
    if (domain) return { parent, domain };
  }
  return null;
}

export function refreshHasVerified(parent: DomainsOfParent) {
  parent.hasVerifiedDomain = parent.domains.some((domain) => domain.status === 'verified');
}
