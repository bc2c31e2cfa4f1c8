import { Button, CopyButton } from '@mantine/core';

interface CopyValueButtonProps {
  value: string;
  /** What is copied, for the accessible name: "the ACS URL" gives "Copy the ACS URL". */
  what: string;
  'data-testid'?: string;
}

/** Copies a value to the clipboard and says so for two seconds, in words as well as colour. */
export function CopyValueButton({ value, what, 'data-testid': testId }: CopyValueButtonProps) {
  return (
    <CopyButton value={value} timeout={2000}>
      {({ copied, copy }) => (
        <Button
          size="xs"
          variant={copied ? 'filled' : 'light'}
          color={copied ? 'teal' : undefined}
          onClick={copy}
          aria-label={copied ? `Copied ${what}` : `Copy ${what}`}
          data-testid={testId}
          data-copied={copied || undefined}
          miw={72}
          style={{ flexShrink: 0 }}
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
      )}
    </CopyButton>
  );
}
