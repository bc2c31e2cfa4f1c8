import { Badge, Code, Stack, Table, Text } from '@mantine/core';
import { Fragment } from 'react';

import type { SourceAnswer } from '../types';
import { SOURCE_STATES, sourceLabel } from '../utils/labels';

interface PropagationTableProps {
  sources: SourceAnswer[];
  expected: string;
}

/** What each DNS source answered: your resolver, every authoritative nameserver, extra resolvers. */
export function PropagationTable({ sources, expected }: PropagationTableProps) {
  if (sources.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No DNS source answered this check.
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table verticalSpacing="xs" striped layout="fixed" data-testid="propagation-table">
        <caption style={{ captionSide: 'top', textAlign: 'left' }}>
          <Text size="sm" c="dimmed" span>
            What each DNS source answered
          </Text>
        </caption>
        <colgroup>
          <col style={{ width: '22%' }} />
          <col style={{ width: '18%' }} />
          <col style={{ width: '21%' }} />
          <col />
          <col style={{ width: 64 }} />
        </colgroup>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Source</Table.Th>
            <Table.Th scope="col">Server</Table.Th>
            <Table.Th scope="col">Answer</Table.Th>
            <Table.Th scope="col">Values seen</Table.Th>
            <Table.Th scope="col">TTL</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sources.map((source, index) => {
            const state = SOURCE_STATES[source.state];
            return (
              <Table.Tr key={`${source.kind}-${source.server}-${index}`} data-testid={`source-row-${index}`} data-state={source.state}>
                <Table.Td>
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    <BreakAtDots text={sourceLabel(source)} />
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
                    {source.server}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Stack gap={2} align="flex-start">
                    <Badge color={state.color} variant="light" tt="none" miw="max-content" data-testid={`source-state-${index}`}>
                      {state.label}
                    </Badge>
                    <Text size="xs" c="dimmed">
                      {state.detail}
                    </Text>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Values source={source} expected={expected} />
                </Table.Td>
                <Table.Td>
                  <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                    {source.ttl === null ? '—' : `${source.ttl} s`}
                  </Text>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function Values({ source, expected }: { source: SourceAnswer; expected: string }) {
  if (source.values.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        —
      </Text>
    );
  }
  return (
    <Stack gap={4}>
      {source.state === 'wrong_value' && (
        <Text size="xs" c="dimmed">
          Seen instead:
        </Text>
      )}
      {source.values.map((value, index) =>
        value === expected ? (
          <Text key={index} size="sm" title={value}>
            The expected value
          </Text>
        ) : (
          <Code key={index} style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>
            {value}
          </Code>
        ),
      )}
    </Stack>
  );
}

/** Lets a long host name wrap after its dots rather than mid-label. */
function BreakAtDots({ text }: { text: string }) {
  const parts = text.split('.');
  return (
    <>
      {parts.map((part, index) => (
        <Fragment key={index}>
          {part}
          {index < parts.length - 1 && (
            <>
              .<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  );
}
