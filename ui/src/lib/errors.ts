import type { CommandError, ErrorCode } from './ipc-types';

const ERROR_CODES: ReadonlySet<string> = new Set<ErrorCode>([
  'invalid_input',
  'not_connected',
  'unreachable',
  'tls',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'bad_backend',
  'storage',
  'internal',
]);

export function isCommandError(value: unknown): value is CommandError {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.code === 'string' && ERROR_CODES.has(candidate.code) && typeof candidate.message === 'string';
}

/**
 * Turns whatever a command rejected with into a `CommandError`. Commands reject with one already;
 * anything else (a string from the IPC layer, a thrown Error) becomes `internal`.
 */
export function toCommandError(error: unknown): CommandError {
  if (isCommandError(error)) return error;
  if (typeof error === 'string') return { code: 'internal', message: error };
  if (error instanceof Error) return { code: 'internal', message: error.message };
  return { code: 'internal', message: 'Something went wrong inside the app.' };
}

/** A title for an error, worded for an admin, chosen by its code. */
export function errorTitle(error: CommandError): string {
  switch (error.code) {
    case 'invalid_input':
      return 'Check what you entered';
    case 'not_connected':
      return 'Not connected to a backend';
    case 'unreachable':
      return 'The backend cannot be reached';
    case 'tls':
      return 'Secure connection failed';
    case 'unauthorized':
      return 'The backend rejected the token';
    case 'forbidden':
      return 'Your role does not allow this';
    case 'not_found':
      return 'No longer exists on the backend';
    case 'conflict':
      return 'Changed in the meantime';
    case 'bad_backend':
      return 'The backend answered unexpectedly';
    case 'storage':
      return 'The local cache or keychain failed';
    case 'internal':
      return 'Something went wrong inside the app';
  }
}

/** A sentence saying what the admin can do about an error, when there is something to say. */
export function errorAdvice(error: CommandError): string | null {
  switch (error.code) {
    case 'unreachable':
      return 'You may be offline, or the address may be wrong. Check the base URL and your network, then try again.';
    case 'tls':
      return 'The backend’s certificate was not accepted, or it does not speak HTTPS at this address. Check the URL’s scheme and the certificate.';
    case 'unauthorized':
      return 'Check that the API token is complete, has not expired and was issued by this backend.';
    case 'bad_backend':
      return 'Check that the base URL points at an SSO Desk API (v1), not at a web page or another service.';
    case 'not_connected':
      return 'Choose the local sandbox or connect to a backend first.';
    default:
      return null;
  }
}

/** For `.catch` on an `invoke`: rejects with a `CommandError` whatever the IPC layer threw. */
export function rethrowAsCommandError(error: unknown): never {
  throw toCommandError(error);
}
