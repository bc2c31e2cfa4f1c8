import { Badge, Button, Card, Group, Paper, Stack, Text, Title } from '@mantine/core';

import { sentence } from '@/components/command-error-alert';

import type { Finding } from '../types';
import { LEVEL_TONES } from '../utils/labels';

const LEVEL_ORDER: Record<Finding['level'], number> = { critical: 0, warning: 1, info: 2 };

interface FindingsListProps {
  findings: Finding[];
  parentName: (parentId: string) => string;
  onOpen: (sha256: string) => void;
}

/** What the watch found that the admin should act on, most urgent first; unknown codes still show. */
export function FindingsList({ findings, parentName, onOpen }: FindingsListProps) {
  const sorted = [...findings].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="findings-title" data-testid="findings">
      <Stack gap="sm">
        <Title order={2} size="h4" id="findings-title">
          Findings
        </Title>
        {sorted.length === 0 ? (
          <Text size="sm" c="dimmed" data-testid="findings-empty">
            Nothing to act on: no certificate is expiring soon, and the backend and your identity providers agree.
          </Text>
        ) : (
          <Stack gap="xs" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
            {sorted.map((finding, index) => {
              const tone = LEVEL_TONES[finding.level];
              return (
                <li key={`${finding.parentId}-${finding.code}-${finding.sha256 ?? index}`}>
                  <Paper withBorder radius="sm" p="sm" data-testid={`finding-${finding.code}`} data-level={finding.level}>
                    <Group justify="space-between" align="flex-start" gap="sm" wrap="nowrap">
                      <Group gap="sm" align="flex-start" wrap="nowrap" style={{ minWidth: 0 }}>
                        <Badge color={tone.color} variant={finding.level === 'info' ? 'light' : 'filled'} tt="none" miw="max-content">
                          {tone.label}
                        </Badge>
                        <Stack gap={2} style={{ minWidth: 0 }}>
                          <Text size="sm">{sentence(finding.message)}</Text>
                          <Text size="xs" c="dimmed">
                            {parentName(finding.parentId)}
                          </Text>
                        </Stack>
                      </Group>
                      {finding.sha256 && (
                        <Button
                          size="xs"
                          variant="subtle"
                          onClick={() => finding.sha256 && onOpen(finding.sha256)}
                          aria-haspopup="dialog"
                          style={{ flexShrink: 0 }}
                        >
                          Show certificate
                        </Button>
                      )}
                    </Group>
                  </Paper>
                </li>
              );
            })}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
