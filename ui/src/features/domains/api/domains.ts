import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';

import { rethrowAsCommandError } from '@/lib/errors';

import type {
  AddDomainInput,
  DomainNameCheck,
  DomainsOfParent,
  DomainVerifiedEvent,
  DomainView,
  SetDisableNewOrgCreationInput,
} from '../types';

/** Event names, as `src-tauri/src/events.rs` emits them. */
export const DOMAIN_VERIFIED_EVENT = 'domain://verified';

/** Every parent's domains and settings from the local cache; instant, never touches the network. */
export function listDomains(): Promise<DomainsOfParent[]> {
  return invoke<DomainsOfParent[]>('list_domains').catch(rethrowAsCommandError);
}

/** Normalises a typed name locally (no network). Fails with `invalid_input` (field `name`) and the reason. */
export function validateDomainName(name: string): Promise<DomainNameCheck> {
  return invoke<DomainNameCheck>('validate_domain_name', { name }).catch(rethrowAsCommandError);
}

/**
 * Adds a domain on the backend, which issues its verification token. Fails with `invalid_input`
 * (field `name`), `conflict` (verified by another organization), `forbidden`, `unreachable` or
 * `bad_backend`.
 */
export function addDomain(input: AddDomainInput): Promise<DomainView> {
  return invoke<DomainView>('add_domain', { parentId: input.parentId, name: input.name }).catch(rethrowAsCommandError);
}

/** Checks DNS from this machine now: the system resolver, every authoritative nameserver, extra resolvers. */
export function checkDomainNow(domainId: string): Promise<DomainView> {
  return invoke<DomainView>('check_domain_now', { domainId }).catch(rethrowAsCommandError);
}

/** Asks the backend to check DNS itself now (the guide's "Refresh"). */
export function verifyDomain(domainId: string): Promise<DomainView> {
  return invoke<DomainView>('verify_domain', { domainId }).catch(rethrowAsCommandError);
}

export function removeDomain(domainId: string): Promise<void> {
  return invoke<null>('remove_domain', { domainId })
    .then(() => undefined)
    .catch(rethrowAsCommandError);
}

/** Fails with `conflict` while the parent has no verified domain, or `forbidden`. */
export function setDisableNewOrgCreation(input: SetDisableNewOrgCreationInput): Promise<void> {
  return invoke<null>('set_disable_new_org_creation', { parentId: input.parentId, enabled: input.enabled })
    .then(() => undefined)
    .catch(rethrowAsCommandError);
}

/** The backend verified a domain after the app's background check saw its record everywhere. */
export function onDomainVerified(handler: (event: DomainVerifiedEvent) => void): Promise<UnlistenFn> {
  return listen<DomainVerifiedEvent>(DOMAIN_VERIFIED_EVENT, (event) => handler(event.payload));
}
