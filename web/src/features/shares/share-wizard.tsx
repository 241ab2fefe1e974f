import { Alert, Anchor, Button, Checkbox, Group, Loader, Radio, Stack, Stepper, Text, TextInput, Textarea } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { Link } from '@tanstack/react-router';
import { useState, type ReactElement, type ReactNode } from 'react';
import { hasCode } from '../../api/api-error.ts';
import type { AppManifest, Hub } from '../../api/hub-types.ts';
import { useHubAppRoles, useHubAssets } from '../../api/hubs.ts';
import { useShareHub, type AssetGrantInput, type Plan, type ShareAccess, type ShareInput, type ShareRole } from '../../api/shares.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { serverWords } from '../hubs/server-words.ts';
import { AppRolePicker, defaultRoleKeys, roleGroups } from './app-role-picker.tsx';
import { AssetPicker, incompleteGrants, offersAssets } from './asset-picker.tsx';
import { PlanPreview, PREVIEW_MODAL_SIZE } from './plan-table.tsx';
import { planCounts, planSummary, SHARE_ROLE_DESCRIPTIONS } from './share-labels.ts';
import { parseSubject, SubjectPicker, useSubjects } from './subject-picker.tsx';

type StepKey = 'people' | 'access' | 'appRole' | 'assets' | 'expires' | 'review';

const STEP_LABELS: Record<StepKey, string> = {
  people: 'People and role',
  access: 'Define Access',
  appRole: 'Define App Role',
  assets: 'Assign assets',
  expires: 'Access expires',
  review: 'Review changes',
};

/** Refusals the share can meet, in words for this wizard (spec §6.2, invariants 6 and 7). */
const SHARE_MESSAGES = {
  hub_only_requires_owner: '“Share only business hub in Latchkey” is for the Owner role: it gives oversight without a seat. Choose Owner, or invite them to the app.',
  preview_stale: 'Access changed since you reviewed it. The changes below are up to date now: review them again, then share.',
};

/** Tomorrow as `YYYY-MM-DD`, the earliest expiry a date input offers. */
function tomorrow(): string {
  const date = new Date(Date.now() + 24 * 3600 * 1000);
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The end of the chosen day in the sharer's time zone, as RFC 3339. */
function endOfDay(day: string): string {
  return new Date(`${day}T23:59:59`).toISOString();
}

export interface ShareWizardProps {
  hub: Hub;
  app: AppManifest | undefined;
  onClose: () => void;
}

/**
 * "Share" (spec §5.7): people and teams with a Latchkey role → "Define Access" → "Define App Role"
 * → "Assign assets" → "Access expires" → "Review changes" (a dry run listing, per person, every
 * invite, role update and removal) → "Share", which applies exactly that preview.
 */
export function ShareWizard({ hub, app, onClose }: ShareWizardProps): ReactElement {
  const appName = hub.appName;
  const canGrantOwner = hub.myRole === 'owner';
  const roles = useHubAppRoles(hub.id);
  const assets = useHubAssets(hub.id);
  const share = useShareHub(hub.id);

  const [chosen, setChosen] = useState<string[]>([]);
  const subjects = useSubjects(chosen);
  const [role, setRole] = useState<ShareRole>('collaborator');
  const [message, setMessage] = useState('');
  const [alsoShareServiceAccount, setAlsoShareServiceAccount] = useState(true);
  const [access, setAccess] = useState<ShareAccess>('seat');
  const [appRoleKeys, setAppRoleKeys] = useState<string[] | null>(null);
  const [assetGrants, setAssetGrants] = useState<AssetGrantInput[]>([]);
  const [expires, setExpires] = useState<'never' | 'date'>('never');
  const [expiryDay, setExpiryDay] = useState('');
  const [touched, setTouched] = useState<Partial<Record<StepKey, boolean>>>({});
  const [step, setStep] = useState<StepKey>('people');
  const [preview, setPreview] = useState<Plan | null>(null);
  const [stale, setStale] = useState(false);
  const [applied, setApplied] = useState<Plan | null>(null);

  // Guests and login-only members (and teams with them) can only be Collaborators.
  const effectiveRole: ShareRole = subjects.collaboratorOnly ? 'collaborator' : role === 'owner' && !canGrantOwner ? 'collaborator' : role;
  const effectiveAccess: ShareAccess = effectiveRole === 'owner' ? access : 'seat';
  const hubOnly = effectiveAccess === 'hub_only';
  const groups = roleGroups(roles.data ?? [], app);
  const chosenRoles = appRoleKeys ?? defaultRoleKeys(roles.data ?? []);
  const hasAssetStep = offersAssets(assets.data ?? [], app);
  const steps: StepKey[] = ['people', 'access', ...(hubOnly ? [] : (['appRole'] as const)), ...(hubOnly || !hasAssetStep ? [] : (['assets'] as const)), 'expires', 'review'];
  const index = steps.indexOf(step);

  const input = (previewHash?: string): ShareInput => {
    const body: ShareInput = {
      subjects: chosen.map(parseSubject),
      role: effectiveRole,
      access: effectiveAccess,
      appRoleKeys: hubOnly ? [] : chosenRoles,
      assetGrants: hubOnly ? [] : assetGrants,
    };
    if (expires === 'date' && expiryDay) body.expiresAt = endOfDay(expiryDay);
    if (message.trim()) body.message = message.trim();
    if (effectiveRole === 'owner') body.alsoShareServiceAccount = alsoShareServiceAccount;
    if (previewHash) body.previewHash = previewHash;
    return body;
  };

  const runPreview = (): void => {
    setPreview(null);
    share.mutate({ input: input(), dryRun: true }, { onSuccess: (plan) => setPreview(plan) });
  };

  const errorsOf = (key: StepKey): string | null => {
    if (key === 'people' && chosen.length === 0) return 'Choose at least one person or team.';
    if (key === 'assets') {
      const missing = incompleteGrants(assetGrants, assets.data ?? []);
      if (missing.length) return `Choose the permissions for ${missing.join(', ')}, or give full access.`;
    }
    if (key === 'expires' && expires === 'date' && (!expiryDay || expiryDay < tomorrow())) return 'Pick a date from tomorrow on, or choose Never.';
    return null;
  };

  const go = (next: StepKey): void => {
    share.reset();
    setStale(false);
    setStep(next);
    if (next === 'review') runPreview();
  };

  const onNext = (): void => {
    setTouched((current) => ({ ...current, [step]: true }));
    if (errorsOf(step)) return;
    const next = steps[index + 1];
    if (next) go(next);
  };

  const onBack = (): void => {
    const previous = steps[index - 1];
    if (previous) go(previous);
  };

  const apply = (): void => {
    if (!preview) return;
    share.mutate(
      { input: input(preview.hash), dryRun: false },
      {
        onSuccess: (plan) => {
          setApplied(plan);
          const summary = planSummary(planCounts(plan, appName, roles.data ?? []));
          notifications.show({ color: 'teal', title: `${hub.label} shared`, message: summary ? `${summary} in ${appName}.` : `No changes were needed in ${appName}.` });
        },
        onError: (error) => {
          // The world moved since the preview: show the fresh one and let the person decide again.
          if (hasCode(error, 'preview_stale')) {
            setStale(true);
            share.mutate({ input: input(), dryRun: true }, { onSuccess: (plan) => setPreview(plan) });
          }
        },
      },
    );
  };

  if (applied) {
    return (
      <AppModal opened onClose={onClose} title={`Share ${hub.label}`} size={PREVIEW_MODAL_SIZE}>
        <ShareDone plan={applied} hub={hub} roles={roles.data ?? []} onClose={onClose} />
      </AppModal>
    );
  }

  const stepError = touched[step] ? errorsOf(step) : null;
  return (
    <AppModal opened onClose={onClose} title={`Share ${hub.label}`} size={PREVIEW_MODAL_SIZE}>
      <Stack gap="md">
        <Stepper active={index} size="xs" iconSize={26} wrap={false} allowNextStepsSelect={false} onStepClick={(target) => target < index && go(steps[target] ?? 'people')}>
          {steps.map((key) => (
            <Stepper.Step key={key} label={STEP_LABELS[key]} />
          ))}
        </Stepper>

        {step === 'people' && (
          <Stack gap="md">
            <SubjectPicker
              subjects={subjects}
              value={chosen}
              onChange={setChosen}
              error={stepError ?? undefined}
              description="Members and teams; a team’s access applies to each of its members, now and as it changes."
            />
            {subjects.error && <ProblemAlert error={subjects.error} title="Couldn’t load members and teams" />}
            <Radio.Group
              label="Latchkey role"
              description={subjects.collaboratorOnly ? 'Guests and login-only members, and teams that include them, can only be Collaborators.' : undefined}
              value={effectiveRole}
              onChange={(value) => setRole(value as ShareRole)}
            >
              <Stack gap={8} mt="xs">
                {canGrantOwner && <Radio value="owner" label="Owner" description={SHARE_ROLE_DESCRIPTIONS.owner} disabled={subjects.collaboratorOnly} />}
                <Radio value="manager" label="Manager" description={SHARE_ROLE_DESCRIPTIONS.manager} disabled={subjects.collaboratorOnly} />
                <Radio value="collaborator" label="Collaborator" description={SHARE_ROLE_DESCRIPTIONS.collaborator} />
              </Stack>
            </Radio.Group>
            {effectiveRole === 'owner' && (
              <Checkbox
                label="Also share the service account"
                description="Off: they become Security Manager. They manage people, but can’t use or change the account Latchkey automates with."
                checked={alsoShareServiceAccount}
                onChange={(event) => setAlsoShareServiceAccount(event.currentTarget.checked)}
              />
            )}
            <Textarea
              label="Message (optional)"
              description="Sent in the email telling them about the share."
              autosize
              minRows={2}
              maxLength={2000}
              value={message}
              onChange={(event) => setMessage(event.currentTarget.value)}
            />
          </Stack>
        )}

        {step === 'access' && (
          <Radio.Group label="Define Access" value={effectiveAccess} onChange={(value) => setAccess(value as ShareAccess)}>
            <Stack gap={8} mt="xs">
              <Radio
                value="seat"
                label={`Invite user to ${appName}`}
                description={`Latchkey invites each person into ${appName} with the role you choose next, and keeps their seat in line with Latchkey.`}
              />
              <Radio
                value="hub_only"
                label="Share only business hub in Latchkey"
                disabled={effectiveRole !== 'owner'}
                description={
                  effectiveRole === 'owner'
                    ? `Oversight in Latchkey without a seat: nothing is sent to ${appName}.`
                    : `Only for the Owner role. Managers and Collaborators always hold a seat in ${appName}.`
                }
              />
            </Stack>
          </Radio.Group>
        )}

        {step === 'appRole' && (
          <StepBody title="Define App Role" loading={roles.isPending} error={roles.error} errorTitle="Couldn’t load the app’s roles">
            <AppRolePicker groups={groups} value={chosenRoles} onChange={setAppRoleKeys} appName={appName} />
          </StepBody>
        )}

        {step === 'assets' && (
          <StepBody title="Assign assets" loading={assets.isPending} error={assets.error} errorTitle="Couldn’t load the hub’s assets">
            <Text size="sm" c="dimmed">
              Optional. Pick the assets they get and how much of each: full access, or partial access with chosen permissions.
            </Text>
            <AssetPicker assets={assets.data ?? []} app={app} appName={appName} value={assetGrants} onChange={setAssetGrants} showErrors={Boolean(touched.assets)} />
            {stepError && (
              <Text size="sm" c="red" role="alert">
                {stepError}
              </Text>
            )}
          </StepBody>
        )}

        {step === 'expires' && (
          <Stack gap="sm">
            <Radio.Group
              label="Access expires"
              description="On that day Latchkey removes this access. If no other path remains the seat goes too; otherwise they keep the best remaining role. Owners are reminded 3 days before."
              value={expires}
              onChange={(value) => setExpires(value as 'never' | 'date')}
            >
              <Stack gap={8} mt="xs">
                <Radio value="never" label="Never" />
                <Radio value="date" label="On a date" />
              </Stack>
            </Radio.Group>
            {expires === 'date' && (
              <TextInput
                type="date"
                label="Expiry date"
                min={tomorrow()}
                value={expiryDay}
                onChange={(event) => setExpiryDay(event.currentTarget.value)}
                error={stepError ?? undefined}
                maw={220}
                data-autofocus
              />
            )}
          </Stack>
        )}

        {step === 'review' && (
          <Stack gap="sm">
            {stale && (
              <Alert color="yellow" variant="light" title="Access changed since you reviewed it" role="alert">
                Someone changed access to {hub.label} meanwhile. The list below is fresh: check it, then share again.
              </Alert>
            )}
            {share.isError && !hasCode(share.error, 'preview_stale') && (
              <ProblemAlert error={share.error} title="Latchkey can’t share this" messages={serverWords(share.error, SHARE_MESSAGES)} />
            )}
            {share.isPending && !preview && (
              <Group gap="sm" aria-busy="true">
                <Loader size="sm" />
                <Text size="sm">Working out what changes for each person…</Text>
              </Group>
            )}
            {preview && <PlanPreview plan={preview} appName={appName} roles={roles.data ?? []} assets={assets.data ?? []} kind="share" applyLabel="Share" />}
          </Stack>
        )}

        <Group justify="space-between" mt="xs">
          <Button variant="subtle" color="gray" onClick={onClose} disabled={share.isPending}>
            Cancel
          </Button>
          <Group gap="sm">
            {index > 0 && (
              <Button variant="default" onClick={onBack} disabled={share.isPending}>
                Back
              </Button>
            )}
            {step === 'review' ? (
              <Button onClick={apply} loading={share.isPending && Boolean(preview)} disabled={!preview || share.isPending}>
                Share
              </Button>
            ) : (
              <Button onClick={onNext} disabled={step === 'people' && subjects.loading}>
                Next
              </Button>
            )}
          </Group>
        </Group>
      </Stack>
    </AppModal>
  );
}

function StepBody({ title, loading, error, errorTitle, children }: { title: string; loading: boolean; error: Error | null; errorTitle: string; children: ReactNode }): ReactElement {
  return (
    <Stack gap="sm">
      <Text fw={600}>{title}</Text>
      {error && <ProblemAlert error={error} title={errorTitle} />}
      {loading ? <Loader size="sm" aria-label="Loading" /> : children}
    </Stack>
  );
}

/** After "Share": what was done, and where to follow it. */
function ShareDone({ plan, hub, roles, onClose }: { plan: Plan; hub: Hub; roles: Parameters<typeof planCounts>[2]; onClose: () => void }): ReactElement {
  const summary = planSummary(planCounts(plan, hub.appName, roles));
  const people = plan.rows.length;
  return (
    <Stack gap="md">
      <Alert color="teal" variant="light" title={`Shared with ${people === 1 ? '1 person' : `${people} people`}`} role="status">
        <Text size="sm">
          {summary ? `${summary} in ${hub.appName}, as previewed.` : `No changes were needed in ${hub.appName}.`} Their cards are on their dashboards now;
          the Users tab follows each person’s progress live.
        </Text>
      </Alert>
      {plan.jobId && (
        <Text size="sm">
          <Anchor renderRoot={(props) => <Link to="/automation" search={{ job: plan.jobId ?? undefined }} {...props} />} onClick={onClose}>
            Follow progress in Automation
          </Anchor>{' '}
          — one job per person who needs a change in {hub.appName}.
        </Text>
      )}
      <Group justify="flex-end">
        <Button onClick={onClose} data-autofocus>
          Done
        </Button>
      </Group>
    </Stack>
  );
}
