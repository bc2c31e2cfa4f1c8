// The domains commands' types. They mirror the Rust side (`crates/core` views), camelCase; change
// both together.

export type DomainStatus = 'pending' | 'verified' | 'failed';

/** The overall answer of a native DNS check. */
export type Verdict = 'verified' | 'propagating' | 'not_published' | 'error';

/** What one DNS source answered for the TXT record. A timeout is never reported as not found. */
export type SourceState = 'found' | 'not_found' | 'no_txt' | 'wrong_value' | 'servfail' | 'timeout' | 'refused';

export type SourceKind = 'resolver' | 'authoritative' | 'extra';

export interface SourceAnswer {
  kind: SourceKind;
  /** `IP:PORT` (IPv6 as `[addr]:port`). */
  server: string;
  /** The nameserver's name, for an authoritative source. */
  nsName: string | null;
  state: SourceState;
  /** The TXT values seen (character-strings of one record joined). */
  values: string[];
  ttl: number | null;
}

export type DiagnosticCode =
  | 'record_at_apex'
  | 'record_at_challenge_name'
  | 'doubled_zone_suffix'
  | 'quoted_value'
  | 'whitespace_in_value'
  | 'other_token'
  | 'cname_on_record_name'
  | 'token_split_across_records';

/** A common mistake the check recognised, and how to fix it. `code` may grow; unknown codes still show. */
export interface Diagnostic {
  code: DiagnosticCode | (string & {});
  message: string;
  fix: string;
}

/** The app's own last check of a domain from this machine. Times are RFC 3339. */
export interface NativeCheck {
  checkedAt: string;
  verdict: Verdict;
  sources: SourceAnswer[];
  diagnostics: Diagnostic[];
  /** For `not_published`: until when resolvers may keep answering "no record". */
  negativeCacheExpiresAt: string | null;
  /** When the app checks this pending domain again by itself. */
  nextCheckAt: string | null;
}

export interface TxtRecord {
  name: string;
  value: string;
}

export interface DomainView {
  id: string;
  parentId: string;
  /** Normalised: lower case, punycode, no trailing dot. */
  name: string;
  status: DomainStatus;
  txtRecord: TxtRecord;
  createdAt: string;
  /** When the backend last checked DNS. */
  lastCheckedAt: string | null;
  verifiedAt: string | null;
  failureReason: string | null;
  version: number;
  check: NativeCheck | null;
}

export interface DomainsOfParent {
  parentId: string;
  parentName: string;
  canManage: boolean;
  disableNewOrgCreation: boolean;
  hasVerifiedDomain: boolean;
  domains: DomainView[];
}

/** `validate_domain_name`'s answer: the name as it will be stored and where its record goes. */
export interface DomainNameCheck {
  normalized: string;
  recordName: string;
  isSubdomain: boolean;
}

export interface AddDomainInput {
  parentId: string;
  name: string;
}

export interface SetDisableNewOrgCreationInput {
  parentId: string;
  enabled: boolean;
}

/** The `domain://verified` event's payload. */
export interface DomainVerifiedEvent {
  domainId: string;
  name: string;
}
