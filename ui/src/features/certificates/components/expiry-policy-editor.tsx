import { ActionIcon, Button, Card, Group, NativeSelect, NumberInput, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useRef, useState } from 'react';

import { CommandErrorAlert, sentence } from '@/components/command-error-alert';
import type { CommandError } from '@/lib/ipc-types';

import { useSetExpiryPolicy } from '../hooks/use-certificates';
import type { ExpiryPolicyView, Threshold } from '../types';
import { DEFAULT_CRITICAL_DAYS, DEFAULT_THRESHOLDS, validatePolicy, type ThresholdDraft } from '../utils/policy';

const UNIT_OPTIONS = [
  { value: 'days', label: 'days left' },
  { value: 'percent', label: '% of lifetime left' },
];

interface ExpiryPolicyEditorProps {
  policy: ExpiryPolicyView;
  parentName: string;
  canManage: boolean;
}

/** Where the backend's `invalid_input` points: a threshold row (`thresholds[2].value`), the list, or critical days. */
function serverErrorAt(error: CommandError | null): { row: number | null; list: boolean; criticalDays: boolean } {
  const field = error?.code === 'invalid_input' ? (error.field ?? '') : '';
  const row = /^thresholds?(?:\[|\.)(\d+)/.exec(field);
  return {
    row: row ? Number(row[1]) : null,
    list: /^thresholds?$/.test(field),
    criticalDays: /^critical_?[dD]ays$/.test(field),
  };
}

/**
 * One parent's expiry policy: when to notify before a certificate expires (days left, or percent
 * of its lifetime left) and from when it counts as critical. Checked as it is edited; the
 * backend's refusal, if any, is shown at the input it names, and what was typed stays.
 */
export function ExpiryPolicyEditor({ policy, parentName, canManage }: ExpiryPolicyEditorProps) {
  const nextKey = useRef(0);
  const toDrafts = (thresholds: readonly Threshold[]) =>
    thresholds.map((threshold) => ({ key: nextKey.current++, unit: threshold.unit, value: threshold.value }) satisfies ThresholdDraft);
  const [drafts, setDrafts] = useState<ThresholdDraft[]>(() => toDrafts(policy.thresholds));
  const [criticalDays, setCriticalDays] = useState<number | string>(policy.criticalDays);
  const [serverError, setServerError] = useState<CommandError | null>(null);
  const save = useSetExpiryPolicy();
  const validation = validatePolicy(drafts, criticalDays);
  const at = serverErrorAt(serverError);
  const serverMessage = serverError ? sentence(serverError.message) : null;
  const alertError = serverError && at.row === null && !at.list && !at.criticalDays ? serverError : null;
  const headingId = `policy-${policy.parentId}-title`;

  const edited = () => setServerError(null);
  const updateDraft = (key: number, change: Partial<ThresholdDraft>) => {
    edited();
    setDrafts((current) => current.map((draft) => (draft.key === key ? { ...draft, ...change } : draft)));
  };

  const submit = () => {
    if (!validation.valid || !canManage) return;
    edited();
    save.mutate(
      { parentId: policy.parentId, ...validation.valid },
      {
        // A toast rather than text in the card: the saved policy replaces the card (see its key).
        onSuccess: () =>
          notifications.show({ color: 'green', title: 'Expiry policy saved', message: `The expiry policy of ${parentName} is saved.` }),
        onError: setServerError,
      },
    );
  };

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby={headingId} data-testid={`policy-${policy.parentId}`}>
      <form
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <Stack gap="sm">
          <div>
            <Title order={3} size="h5" id={headingId}>
              Expiry policy: {parentName}
            </Title>
            <Text size="xs" c="dimmed">
              SSO Desk notifies once at each threshold. Percent thresholds follow each certificate’s own lifetime.
            </Text>
          </div>

          <Stack gap={6} role="group" aria-label={`Notification thresholds of ${parentName}`}>
            {drafts.length > 0 && (
              // A visible heading for the columns; each input is also named on its own ("Threshold 2").
              <Group gap="xs" wrap="nowrap" aria-hidden="true">
                <Text size="sm" fw={500} w={150}>
                  Notify at
                </Text>
                <Text size="sm" fw={500} w={190}>
                  Unit
                </Text>
              </Group>
            )}
            {drafts.map((draft, index) => {
              const message = validation.thresholds[index] ?? (at.row === index ? serverMessage : null);
              return (
                <Group key={draft.key} gap="xs" align="flex-start" wrap="nowrap" data-testid={`threshold-${index}`}>
                  <NumberInput
                    aria-label={`Threshold ${index + 1}`}
                    value={draft.value}
                    onChange={(value) => updateDraft(draft.key, { value })}
                    allowDecimal={false}
                    allowNegative={false}
                    error={message}
                    disabled={!canManage}
                    w={150}
                    data-testid={`threshold-value-${index}`}
                  />
                  <NativeSelect
                    aria-label={`Unit of threshold ${index + 1}`}
                    data={UNIT_OPTIONS}
                    value={draft.unit}
                    onChange={(event) => updateDraft(draft.key, { unit: event.currentTarget.value as Threshold['unit'] })}
                    disabled={!canManage}
                    w={190}
                    data-testid={`threshold-unit-${index}`}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="gray"
                    size="lg"
                    onClick={() => {
                      edited();
                      setDrafts((current) => current.filter((candidate) => candidate.key !== draft.key));
                    }}
                    disabled={!canManage}
                    aria-label={`Remove threshold ${index + 1}`}
                    data-testid={`threshold-remove-${index}`}
                  >
                    <span aria-hidden="true">×</span>
                  </ActionIcon>
                </Group>
              );
            })}
            {(validation.list ?? (at.list ? serverMessage : null)) && (
              <Text size="sm" c="red" data-testid="thresholds-error">
                {validation.list ?? serverMessage}
              </Text>
            )}
            <Group gap="xs">
              <Button
                size="xs"
                variant="light"
                onClick={() => {
                  edited();
                  setDrafts((current) => [...current, { key: nextKey.current++, unit: 'days', value: '' }]);
                }}
                disabled={!canManage}
                data-testid="add-threshold"
              >
                Add threshold
              </Button>
              <Button
                size="xs"
                variant="subtle"
                onClick={() => {
                  edited();
                  setDrafts(toDrafts(DEFAULT_THRESHOLDS));
                  setCriticalDays(DEFAULT_CRITICAL_DAYS);
                }}
                disabled={!canManage}
              >
                Reset to defaults
              </Button>
            </Group>
          </Stack>

          <NumberInput
            label="Critical at or under (days left)"
            description="Below this, a certificate is critical rather than a warning."
            value={criticalDays}
            onChange={(value) => {
              edited();
              setCriticalDays(value);
            }}
            allowDecimal={false}
            allowNegative={false}
            error={validation.criticalDays ?? (at.criticalDays ? serverMessage : null)}
            inputWrapperOrder={['label', 'input', 'description', 'error']}
            disabled={!canManage}
            w={260}
            data-testid="critical-days"
          />

          <Group gap="sm">
            <Button type="submit" disabled={!canManage || !validation.valid} loading={save.isPending} data-testid="save-policy">
              Save policy
            </Button>
            {!canManage && (
              <Text size="xs" c="dimmed">
                Your role can see this policy but not change it.
              </Text>
            )}
          </Group>
          <VisuallyHidden role="status" aria-live="polite">
            {save.isPending ? 'Saving the policy…' : ''}
          </VisuallyHidden>
          {alertError && (
            <CommandErrorAlert error={alertError} title="The policy was not saved" onClose={() => setServerError(null)} data-testid="policy-error" />
          )}
        </Stack>
      </form>
    </Card>
  );
}
