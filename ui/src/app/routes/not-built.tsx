import { Alert, Card, List, Stack, Text, Title } from '@mantine/core';

import { PageHeader } from '@/components/page-header';

import { PLANNED_SECTIONS, sectionById, type SectionId } from '../sections';

/** An honest page for a section this version does not have yet: what it will do, and that it is not built. */
export function NotBuiltRoute({ section }: { section: SectionId }) {
  const { label } = sectionById(section);
  const planned = PLANNED_SECTIONS[section];
  return (
    <>
      <PageHeader title={label} description={planned?.summary} />
      <Stack gap="md" maw={760} data-testid={`not-built-${section}`}>
        <Alert color="gray" variant="light" title="Not available in this version">
          This section is not built yet in this version.
        </Alert>
        {planned && (
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={`${section}-plan-title`}>
            <Stack gap="sm">
              <Title order={2} size="h4" id={`${section}-plan-title`}>
                What this section will do
              </Title>
              <List spacing="xs" size="sm">
                {planned.steps.map((step) => (
                  <List.Item key={step}>{step}</List.Item>
                ))}
              </List>
              {planned.note && (
                <Text size="sm" c="dimmed">
                  {planned.note}
                </Text>
              )}
            </Stack>
          </Card>
        )}
      </Stack>
    </>
  );
}
