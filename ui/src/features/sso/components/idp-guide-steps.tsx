import { Code, Group, List, Stack, Table, Text } from '@mantine/core';

import { CopyValueButton } from '@/components/copy-value-button';

import type { ServiceProviderView } from '../types';
import { acsUrlPattern, type GuideField, type IdpGuide } from '../utils/idp-guides';
import { SP_VALUES } from './service-provider-values';

interface IdpGuideStepsProps {
  guide: IdpGuide;
  serviceProvider: ServiceProviderView | null;
}

/** The IdP's setup steps, with each field to fill in under the IdP's own name and the value to enter. */
export function IdpGuideSteps({ guide, serviceProvider }: IdpGuideStepsProps) {
  return (
    <Stack gap="sm" data-testid="idp-guide" data-idp={guide.kind}>
      <Text size="sm">
        In {guide.name === 'Other SAML 2.0' ? 'your identity provider' : guide.name}, create{' '}
        <Text span inherit fw={600} data-testid="idp-guide-create">
          {guide.create}
        </Text>
        .
      </Text>
      <List type="ordered" spacing="sm" size="sm">
        {guide.steps.map((step) => (
          <List.Item key={step.title}>
            <Stack gap={6}>
              <Text size="sm" fw={600}>
                {step.title}
              </Text>
              <Text size="sm">{step.body}</Text>
              {step.fields && <GuideFields idpName={guide.name} fields={step.fields} serviceProvider={serviceProvider} />}
            </Stack>
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

function GuideFields({ idpName, fields, serviceProvider }: { idpName: string; fields: GuideField[]; serviceProvider: ServiceProviderView | null }) {
  return (
    <Table.ScrollContainer minWidth={480}>
      <Table withTableBorder verticalSpacing={6} layout="fixed">
        <caption style={{ captionSide: 'top', textAlign: 'left' }}>
          <Text size="xs" c="dimmed" span>
            What to enter in {idpName}
          </Text>
        </caption>
        <colgroup>
          <col style={{ width: '34%' }} />
          <col />
        </colgroup>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Field in {idpName}</Table.Th>
            <Table.Th scope="col">Enter</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {fields.map((field) => (
            <Table.Tr key={field.idpField} data-testid="guide-field">
              <Table.Th scope="row" fw={500}>
                <Text size="sm" fw={600} data-testid="guide-field-name">
                  {field.idpField}
                </Text>
              </Table.Th>
              <Table.Td>
                <FieldValue field={field} serviceProvider={serviceProvider} />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function FieldValue({ field, serviceProvider }: { field: GuideField; serviceProvider: ServiceProviderView | null }) {
  const note = field.note && (
    <Text size="xs" c="dimmed">
      ({field.note})
    </Text>
  );
  if ('text' in field.value) {
    return (
      <Stack gap={2}>
        <Text size="sm">{field.value.text}</Text>
        {note}
      </Stack>
    );
  }
  const spKey = 'sp' in field.value ? field.value.sp : 'acsUrl';
  const spLabel = SP_VALUES.find((value) => value.key === spKey)?.label ?? spKey;
  if (!serviceProvider) {
    return (
      <Text size="sm" c="dimmed">
        The {spLabel} (known after the first sync)
      </Text>
    );
  }
  const value = 'acsUrlPattern' in field.value ? acsUrlPattern(serviceProvider.acsUrl) : serviceProvider[spKey];
  return (
    <Stack gap={2}>
      <Group gap="xs" wrap="nowrap">
        <Code style={{ flex: 1, minWidth: 0, wordBreak: 'break-all' }} data-testid="guide-field-value">
          {value}
        </Code>
        <CopyValueButton value={value} what={`the value for ${field.idpField}`} />
      </Group>
      {note}
    </Stack>
  );
}
