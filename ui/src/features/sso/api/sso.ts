import { invoke } from '@tauri-apps/api/core';

import { rethrowAsCommandError } from '@/lib/errors';

import type { MetadataPreview, PreviewMetadataInput, SaveSsoConnectionInput, SsoOfParent } from '../types';

/** Every parent's SSO connection, SP values and published metadata from the local cache; instant. */
export function listSso(): Promise<SsoOfParent[]> {
  return invoke<SsoOfParent[]>('list_sso').catch(rethrowAsCommandError);
}

/**
 * Reads IdP metadata without saving anything. The app fetches a URL natively. Fails with
 * `invalid_input` (field `url`, `xml` or `entityId`, with a precise message) or `unreachable`.
 */
export function previewMetadata(input: PreviewMetadataInput): Promise<MetadataPreview> {
  return invoke<MetadataPreview>('preview_metadata', { input }).catch(rethrowAsCommandError);
}

/**
 * Saves the connection locally and queues it for the backend; resolves once a push was tried.
 * Fails with `invalid_input` (field such as `metadataXml` or `certificates`), `forbidden` or
 * `conflict`.
 */
export function saveSsoConnection(input: SaveSsoConnectionInput): Promise<SsoOfParent> {
  return invoke<SsoOfParent>('save_sso_connection', { input }).catch(rethrowAsCommandError);
}

export function removeSsoConnection(parentId: string): Promise<void> {
  return invoke<null>('remove_sso_connection', { parentId })
    .then(() => undefined)
    .catch(rethrowAsCommandError);
}

/** Fetches the connection's metadata URL now, to see which certificates the IdP publishes. */
export function refreshPublishedMetadata(parentId: string): Promise<SsoOfParent> {
  return invoke<SsoOfParent>('refresh_published_metadata', { parentId }).catch(rethrowAsCommandError);
}
