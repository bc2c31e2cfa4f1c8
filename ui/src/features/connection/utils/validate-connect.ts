import type { ConnectField, ConnectRemoteInput } from '../types';

export type ConnectErrors = Partial<Record<ConnectField, string>>;

/** The form's own checks, run as the admin types; the backend checks again on connect. */
export function validateConnect(input: ConnectRemoteInput): ConnectErrors {
  const errors: ConnectErrors = {};
  const baseUrl = input.baseUrl.trim();
  if (!baseUrl) {
    errors.baseUrl = 'Enter the backend’s base URL, such as https://sso.example.com.';
  } else if (!/^https?:\/\//i.test(baseUrl)) {
    errors.baseUrl = 'The base URL must start with https:// (or http:// for a backend on this computer).';
  } else if (!hasHost(baseUrl)) {
    errors.baseUrl = 'The base URL needs a host name after the scheme, such as https://sso.example.com.';
  }
  if (!input.token.trim()) {
    errors.token = 'Enter the API token the backend issued to you.';
  }
  return errors;
}

function hasHost(url: string): boolean {
  try {
    return new URL(url).hostname.length > 0;
  } catch {
    return false;
  }
}
