import { Alert, Text } from '@mantine/core';

import { errorAdvice, errorTitle } from '@/lib/errors';
import type { CommandError } from '@/lib/ipc-types';

interface CommandErrorAlertProps {
  error: CommandError;
  /** Overrides the title chosen from the error's code. */
  title?: string;
  /** Overrides the advice chosen from the error's code; null shows none. */
  advice?: string | null;
  onClose?: () => void;
  'data-testid'?: string;
}

/** A command's error in an alert, worded by its code, with the backend's message beneath. */
export function CommandErrorAlert({ error, title, advice: adviceOverride, onClose, 'data-testid': testId }: CommandErrorAlertProps) {
  const advice = adviceOverride === undefined ? errorAdvice(error) : adviceOverride;
  return (
    <Alert
      color={error.code === 'forbidden' || error.code === 'conflict' ? 'orange' : 'red'}
      variant="light"
      title={title ?? errorTitle(error)}
      role="alert"
      withCloseButton={onClose !== undefined}
      closeButtonLabel="Dismiss"
      onClose={onClose}
      data-testid={testId}
      data-error-code={error.code}
    >
      <Text size="sm">{sentence(error.message)}</Text>
      {advice && (
        <Text size="sm" mt={4} c="dimmed">
          {advice}
        </Text>
      )}
    </Alert>
  );
}

/** Backend messages are lower-case fragments ("the name is empty"); show them as sentences. */
export function sentence(message: string): string {
  const trimmed = message.trim();
  if (!trimmed) return trimmed;
  const capitalized = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?…)]$/.test(capitalized) ? capitalized : `${capitalized}.`;
}
