import { Alert, Button, Group, Loader, Radio, Stack, Text } from '@mantine/core';
import { useEffect, useState, type ReactElement, type ReactNode } from 'react';
import { hasCode } from '../../api/api-error.ts';
import type { HubAppRole, HubAsset } from '../../api/hub-types.ts';
import type { ProblemMessages } from '../../api/problem-messages.ts';
import type { Plan } from '../../api/shares.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { serverWords } from '../hubs/server-words.ts';
import { PlanPreview, PREVIEW_MODAL_SIZE } from './plan-table.tsx';

export interface RemovalOption<M extends string> {
  value: M;
  label: string;
  description: string;
  disabled?: boolean;
}

export interface RemovalDialogProps<M extends string> {
  title: string;
  intro: ReactNode;
  options: RemovalOption<M>[];
  initialMode: M;
  appName: string;
  roles: HubAppRole[];
  assets: HubAsset[];
  /** A dry run (no hash) or the apply of a reviewed preview (its hash). */
  run: (mode: M, dryRun: boolean, previewHash?: string) => Promise<Plan>;
  /** What to say when a mode's preview has no rows (e.g. dashboard-only removal changes nothing in the app). */
  emptyNote?: (mode: M) => ReactNode;
  /** The confirmation sentence for the chosen mode. */
  confirmText: (mode: M, plan: Plan) => ReactNode;
  messages?: ProblemMessages;
  /** Extra help under a refusal, e.g. a link to the Teams tab. */
  errorExtra?: (error: unknown) => ReactNode;
  onDone: (plan: Plan, mode: M) => void;
  onClose: () => void;
}

/**
 * Removal with a preview (spec §5.15, §10.4): choose what to remove, see per person what happens
 * in the app and which paths remain, "Remove access", then "Confirm". Confirming sends the
 * preview's hash, so the server applies exactly what was shown or says it went stale.
 */
export function RemovalDialog<M extends string>(props: RemovalDialogProps<M>): ReactElement {
  const { title, intro, options, initialMode, appName, roles, assets, run, emptyNote, confirmText, messages, errorExtra, onDone, onClose } = props;
  const [mode, setMode] = useState<M>(initialMode);
  const [preview, setPreview] = useState<Plan | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [applying, setApplying] = useState(false);
  const [stale, setStale] = useState(false);

  // Every mode change asks the server afresh what it would do.
  useEffect(() => {
    let current = true;
    setPreview(null);
    setError(null);
    setConfirming(false);
    setLoading(true);
    run(mode, true)
      .then((plan) => current && setPreview(plan))
      .catch((cause: unknown) => current && setError(cause))
      .finally(() => current && setLoading(false));
    return () => {
      current = false;
    };
    // `run` is recreated on each render by the caller; the mode alone decides what to preview.
  }, [mode]);

  const confirm = (): void => {
    if (!preview) return;
    setApplying(true);
    setError(null);
    run(mode, false, preview.hash)
      .then((plan) => onDone(plan, mode))
      .catch(async (cause: unknown) => {
        if (!hasCode(cause, 'preview_stale')) {
          setError(cause);
          return;
        }
        // The world moved on: show the fresh preview and ask again.
        setStale(true);
        setConfirming(false);
        try {
          setPreview(await run(mode, true));
        } catch (again) {
          setError(again);
        }
      })
      .finally(() => setApplying(false));
  };

  return (
    <AppModal opened onClose={onClose} title={title} size={PREVIEW_MODAL_SIZE}>
      <Stack gap="md">
        {intro}
        <Radio.Group label="What should go?" value={mode} onChange={(value) => setMode(value as M)}>
          <Stack gap={8} mt="xs">
            {options.map((option) => (
              <Radio key={option.value} value={option.value} label={option.label} description={option.description} disabled={Boolean(option.disabled) || confirming || applying} />
            ))}
          </Stack>
        </Radio.Group>
        {stale && (
          <Alert color="yellow" variant="light" title="Access changed since you reviewed it" role="alert">
            The preview below is fresh. Check it, then remove access again.
          </Alert>
        )}
        {Boolean(error) && (
          <Stack gap={6}>
            <ProblemAlert error={error} title="Latchkey can’t remove this" messages={serverWords(error, messages)} />
            {errorExtra?.(error)}
          </Stack>
        )}
        {loading && (
          <Group gap="sm" aria-busy="true">
            <Loader size="sm" />
            <Text size="sm">Working out what changes…</Text>
          </Group>
        )}
        {preview && (
          <PlanPreview plan={preview} appName={appName} roles={roles} assets={assets} kind="remove" applyLabel="Confirm" emptyNote={emptyNote?.(mode)} />
        )}
        {confirming && preview && (
          <Alert color="red" variant="light" title="Remove access?" role="alert">
            <Text size="sm">{confirmText(mode, preview)}</Text>
          </Alert>
        )}
        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={confirming ? () => setConfirming(false) : onClose} disabled={applying}>
            {confirming ? 'Back' : 'Cancel'}
          </Button>
          {confirming ? (
            <Button color="red" onClick={confirm} loading={applying} disabled={applying} data-autofocus>
              Confirm
            </Button>
          ) : (
            <Button color="red" onClick={() => setConfirming(true)} disabled={!preview || loading}>
              Remove access
            </Button>
          )}
        </Group>
      </Stack>
    </AppModal>
  );
}
