import { Box, Code, Group, Stack, Text } from '@mantine/core';

import { CopyValueButton } from '@/components/copy-value-button';

import type { TxtRecord } from '../types';

/** The record to publish: type, name and value, each copyable, in monospace. */
export function TxtRecordFields({ record }: { record: TxtRecord }) {
  return (
    <Stack gap="xs">
      <Text size="sm" c="dimmed">
        Add this record at your DNS provider:
      </Text>
      <Box component="dl" m={0} style={{ display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', gap: '8px 16px', alignItems: 'center' }}>
        <Text component="dt" size="sm" fw={600}>
          Type
        </Text>
        <Box component="dd" m={0}>
          <Code>TXT</Code>
        </Box>
        <Field label="Name" value={record.name} testId="txt-name" copyTestId="copy-txt-name" />
        <Field label="Value" value={record.value} testId="txt-value" copyTestId="copy-txt-value" />
      </Box>
      <Text size="xs" c="dimmed">
        If your DNS provider adds your domain to the names you enter, enter only the part of the name before it;
        otherwise the record ends up at a doubled name, with your domain twice at the end. Paste the value as it is,
        without adding quotes.
      </Text>
    </Stack>
  );
}

function Field({ label, value, testId, copyTestId }: { label: string; value: string; testId: string; copyTestId: string }) {
  return (
    <>
      <Text component="dt" size="sm" fw={600}>
        {label}
      </Text>
      <Group component="dd" m={0} gap="xs" wrap="nowrap" align="center">
        <Code
          block
          data-testid={testId}
          style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', userSelect: 'all' }}
        >
          {value}
        </Code>
        <CopyValueButton value={value} what={`the record ${label.toLowerCase()}`} data-testid={copyTestId} />
      </Group>
    </>
  );
}
