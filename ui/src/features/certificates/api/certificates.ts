import { invoke } from '@tauri-apps/api/core';
import { listen, type UnlistenFn } from '@tauri-apps/api/event';

import { rethrowAsCommandError } from '@/lib/errors';

import type {
  CertificateInventory,
  ExpiryPolicyView,
  OpenCertificateEvent,
  SetExpiryPolicyInput,
  SnoozeCertificateInput,
} from '../types';

/** Event names, as `src-tauri/src/events.rs` emits them. */
export const CERTIFICATE_OPEN_EVENT = 'certificate://open';
export const CERTIFICATES_CHANGED_EVENT = 'certificates://changed';

/** Every certificate the app knows, with findings and expiry policies; read from the local cache. */
export function listCertificates(): Promise<CertificateInventory> {
  return invoke<CertificateInventory>('list_certificates').catch(rethrowAsCommandError);
}

/** Fails with `invalid_input` naming the field at fault (`thresholds…` or `criticalDays`), or `forbidden`. */
export function setExpiryPolicy(input: SetExpiryPolicyInput): Promise<ExpiryPolicyView> {
  return invoke<ExpiryPolicyView>('set_expiry_policy', { input }).catch(rethrowAsCommandError);
}

/** Silences a certificate's expiry notifications for `days` days; 0 ends the snooze. */
export function snoozeCertificate(input: SnoozeCertificateInput): Promise<void> {
  return invoke<null>('snooze_certificate', { input })
    .then(() => undefined)
    .catch(rethrowAsCommandError);
}

export function getAutostart(): Promise<boolean> {
  return invoke<boolean>('get_autostart').catch(rethrowAsCommandError);
}

export function setAutostart(enabled: boolean): Promise<void> {
  return invoke<null>('set_autostart', { enabled })
    .then(() => undefined)
    .catch(rethrowAsCommandError);
}

/** A desktop notification about a certificate was clicked: the window should show it. */
export function onCertificateOpen(handler: (event: OpenCertificateEvent) => void): Promise<UnlistenFn> {
  return listen<OpenCertificateEvent>(CERTIFICATE_OPEN_EVENT, (event) => handler(event.payload));
}

/** The background certificate watch ran; what it found is in the cache. */
export function onCertificatesChanged(handler: () => void): Promise<UnlistenFn> {
  return listen<null>(CERTIFICATES_CHANGED_EVENT, () => handler());
}
