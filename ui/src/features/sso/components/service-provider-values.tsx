import { Alert, Box, Code, Group, Text } from '@mantine/core';

import { CopyValueButton } from '@/components/copy-value-button';

import type { ServiceProviderView } from '../types';
import type { SpValueKey } from '../utils/idp-guides';

export const SP_VALUES: readonly { key: SpValueKey; label: string; what: string; testId: string }[] = [
  { key: 'acsUrl', label: 'ACS URL', what: 'the ACS URL', testId: 'acs-url' },
  { key: 'entityId', label: 'Entity ID', what: 'the SP entity ID', testId: 'entity-id' },
  { key: 'metadataUrl', label: 'SP metadata URL', what: 'the SP metadata URL', testId: 'metadata-url' },
  { key: 'nameIdFormat', label: 'NameID format', what: 'the NameID format', testId: 'name-id-format' },
];

/** The values the admin pastes into the IdP, each with its own copy button. */
export function ServiceProviderValues({ serviceProvider }: { serviceProvider: ServiceProviderView | null }) {
  if (!serviceProvider) {
    return (
      <Alert color="gray" variant="light" title="Not known yet" data-testid="sp-values-missing">
        The service provider values come from the backend and appear here after the first sync.
      </Alert>
    );
  }
  return (
    <Box
      component="dl"
      m={0}
      data-testid="sp-values"
      style={{ display: 'grid', gridTemplateColumns: 'max-content minmax(0, 1fr)', gap: '8px 16px', alignItems: 'center' }}
    >
      {SP_VALUES.map(({ key, label, what, testId }) => (
        <SpValueRow key={key} label={label} value={serviceProvider[key]} what={what} testId={testId} />
      ))}
    </Box>
  );
}

function SpValueRow({ label, value, what, testId }: { label: string; value: string; what: string; testId: string }) {
  return (
    <>
      <Text component="dt" size="sm" fw={600}>
        {label}
      </Text>
      <Group component="dd" m={0} gap="xs" wrap="nowrap" align="center">
        <Code block data-testid={`sp-${testId}`} style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', wordBreak: 'break-all', userSelect: 'all' }}>
          {value}
        </Code>
        <CopyValueButton value={value} what={what} data-testid={`copy-sp-${testId}`} />
      </Group>
    </>
  );
}
