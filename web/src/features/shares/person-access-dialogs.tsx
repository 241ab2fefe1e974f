import { Alert, Button, Group, Loader, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactElement, type ReactNode } from 'react';
import { hasCode } from '../../api/api-error.ts';
import type { Hub, HubMember } from '../../api/hub-types.ts';
import { useApps, useHubAppRoles, useHubAssets } from '../../api/hubs.ts';
import { useRemovePerson, useUpdatePerson, type AssetGrantInput, type Plan, type RemoveUserMode } from '../../api/shares.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { serverWords } from '../hubs/server-words.ts';
import { AppRolePicker, defaultRoleKeys, roleGroups } from './app-role-picker.tsx';
import { AssetPicker, incompleteGrants, offersAssets } from './asset-picker.tsx';
import { PlanPreview, PREVIEW_MODAL_SIZE } from './plan-table.tsx';
import { RemovalDialog } from './removal-dialog.tsx';
import { planCounts, planSummary } from './share-labels.ts';

/** States in which the person has joined the app: only they can be removed from the dashboard alone (invariant 14). */
const JOINED: ReadonlySet<string> = new Set(['awaiting_user_login', 'onboarded', 'sso', 'managed_outside', 'hub_only', 'awaiting_update', 'update_failed', 'sync_failed']);

export function personName(person: HubMember): string {
  return person.memberName || person.memberEmail || person.externalEmail;
}

interface PersonDialogProps {
  hub: Hub;
  person: HubMember;
  onClose: () => void;
  /** Opens the hub's Teams tab, for people whose access comes through a team. */
  onOpenTeams?: (() => void) | undefined;
}

const PATH_MESSAGES = {
  path_not_individually_removable: 'This person has access only through a team or a collection. Change the team instead.',
};

function teamHelp(error: unknown, onOpenTeams: (() => void) | undefined): ReactNode {
  if (!hasCode(error, 'path_not_individually_removable') || !onOpenTeams) return null;
  return (
    <Group>
      <Button size="xs" variant="light" onClick={onOpenTeams}>
        Open the Teams tab
      </Button>
    </Group>
  );
}

/**
 * "Remove user" (spec §5.15): the seat and permissions in the app, or only the card in Latchkey;
 * a preview names what remains ("Access through <team> remains"), then "Remove access" → "Confirm".
 */
export function RemoveUserModal({ hub, person, onClose, onOpenTeams }: PersonDialogProps): ReactElement {
  const remove = useRemovePerson(hub.id);
  const roles = useHubAppRoles(hub.id);
  const assets = useHubAssets(hub.id);
  const name = personName(person);
  const joined = JOINED.has(person.state);
  const app = hub.appName;
  return (
    <RemovalDialog<RemoveUserMode>
      title="Remove user"
      intro={
        <Text size="sm">
          Remove <b>{name}</b>’s individual access to {hub.label}. Access they hold through a team or a collection stays; the preview
          shows what that leaves them.
        </Text>
      }
      options={[
        {
          value: 'seat_and_hub',
          label: `Remove the user's seat and permissions in ${app}`,
          description: `Latchkey removes them from ${app} (or cancels their pending invite) unless another path keeps them there, and their card disappears.`,
        },
        {
          value: 'hub_only',
          label: "Remove the business hub from the user's Latchkey dashboard",
          description: joined
            ? `They keep their seat in ${app}, unmanaged: Latchkey marks them Exempted so the next sync doesn’t match them back.`
            : `Only for people who have joined ${app}. ${name} hasn’t yet.`,
          disabled: !joined,
        },
      ]}
      initialMode="seat_and_hub"
      appName={app}
      roles={roles.data ?? []}
      assets={assets.data ?? []}
      run={(mode, dryRun, previewHash) => remove.mutateAsync({ input: { hubMemberId: person.id, mode, ...(previewHash ? { previewHash } : {}) }, dryRun })}
      emptyNote={(mode) =>
        mode === 'hub_only' ? (
          <Alert color="gray" variant="light" title={`Nothing changes in ${app}`} role="status">
            {name} keeps their seat and role in {app}. Their grants in Latchkey are deleted, the card leaves their dashboard, and the Users
            tab shows them as Exempted (“Removed from Latchkey only”).
          </Alert>
        ) : undefined
      }
      confirmText={(mode, plan) =>
        mode === 'hub_only'
          ? `${name} loses the hub in Latchkey and keeps the seat in ${app}.`
          : `${planSummary(planCounts(plan, app, roles.data ?? [])) ?? 'No change in the app'} for ${name}, as previewed above. This can’t be undone from here; share again to give access back.`
      }
      messages={PATH_MESSAGES}
      errorExtra={(error) => teamHelp(error, onOpenTeams)}
      onDone={(plan, mode) => {
        notifications.show({
          color: 'teal',
          title: 'Access removed',
          message:
            mode === 'hub_only'
              ? `${name} no longer sees ${hub.label} in Latchkey; their seat in ${app} stays.`
              : `${planSummary(planCounts(plan, app, roles.data ?? [])) ?? 'Nothing changed in the app'} for ${name}. Follow it on the Automation tab.`,
        });
        onClose();
      }}
      onClose={onClose}
    />
  );
}

/**
 * "Update role" (spec §5.16): the app role and assets of the person's individual grant, previewed
 * as the effective role they end with across all their paths, then "Update".
 */
export function UpdateRoleModal({ hub, person, onClose, onOpenTeams }: PersonDialogProps): ReactElement {
  const apps = useApps();
  const app = apps.data?.find((candidate) => candidate.key === hub.appKey);
  const roles = useHubAppRoles(hub.id);
  const assets = useHubAssets(hub.id);
  const update = useUpdatePerson(hub.id);
  const name = personName(person);
  const [keys, setKeys] = useState<string[] | null>(null);
  const [grants, setGrants] = useState<AssetGrantInput[]>([]);
  const [preview, setPreview] = useState<Plan | null>(null);
  const [stale, setStale] = useState(false);
  const [touched, setTouched] = useState(false);

  const assignable = new Set((roles.data ?? []).filter((role) => role.assignable).map((role) => role.key));
  const current = person.appRoles.filter((key) => assignable.has(key));
  const chosen = keys ?? (current.length ? current : defaultRoleKeys(roles.data ?? []));
  const missing = incompleteGrants(grants, assets.data ?? []);
  const input = (previewHash?: string) => ({ hubMemberId: person.id, appRoleKeys: chosen, assetGrants: grants, ...(previewHash ? { previewHash } : {}) });

  const review = (): void => {
    setTouched(true);
    if (missing.length) return;
    setStale(false);
    update.mutate({ input: input(), dryRun: true }, { onSuccess: setPreview });
  };

  const apply = (): void => {
    if (!preview) return;
    update.mutate(
      { input: input(preview.hash), dryRun: false },
      {
        onSuccess: (plan) => {
          notifications.show({
            color: 'teal',
            title: 'Role updated',
            message: `${planSummary(planCounts(plan, hub.appName, roles.data ?? [])) ?? `No change needed in ${hub.appName}`} for ${name}.`,
          });
          onClose();
        },
        onError: (error) => {
          if (!hasCode(error, 'preview_stale')) return;
          setStale(true);
          update.mutate({ input: input(), dryRun: true }, { onSuccess: setPreview });
        },
      },
    );
  };

  const loading = roles.isPending || assets.isPending;
  return (
    <AppModal opened onClose={onClose} title="Update role" size={PREVIEW_MODAL_SIZE}>
      <Stack gap="md">
        <Text size="sm">
          Change what <b>{name}</b>’s individual access gives in {hub.appName}. If a team or collection gives them more, they keep the
          higher role; the preview shows the role they end with.
        </Text>
        {update.isError && !hasCode(update.error, 'preview_stale') && (
          <Stack gap={6}>
            <ProblemAlert
              error={update.error}
              title="Latchkey can’t update this"
              messages={serverWords(update.error, { path_not_individually_removable: 'This person has access only through a team or a collection. Change the team instead.' })}
            />
            {teamHelp(update.error, onOpenTeams)}
          </Stack>
        )}
        {stale && (
          <Alert color="yellow" variant="light" title="Access changed since you reviewed it" role="alert">
            The preview below is fresh. Check it, then update again.
          </Alert>
        )}
        {loading && <Loader size="sm" aria-label="Loading roles and assets" />}
        {!loading && !preview && (
          <>
            <Text fw={600}>Define App Role</Text>
            <AppRolePicker groups={roleGroups(roles.data ?? [], app)} value={chosen} onChange={setKeys} appName={hub.appName} />
            {offersAssets(assets.data ?? [], app) && (
              <>
                <Text fw={600}>Assign assets</Text>
                <Text size="sm" c="dimmed">
                  The assets chosen here replace those their individual access gave; assets from a team or collection stay.
                </Text>
                <AssetPicker assets={assets.data ?? []} app={app} appName={hub.appName} value={grants} onChange={setGrants} showErrors={touched} />
              </>
            )}
          </>
        )}
        {preview && <PlanPreview plan={preview} appName={hub.appName} roles={roles.data ?? []} assets={assets.data ?? []} kind="update" applyLabel="Update" />}
        <Group justify="flex-end" mt="xs">
          {preview ? (
            <>
              <Button variant="default" onClick={() => setPreview(null)} disabled={update.isPending}>
                Back
              </Button>
              <Button onClick={apply} loading={update.isPending} disabled={update.isPending}>
                Update
              </Button>
            </>
          ) : (
            <>
              <Button variant="default" onClick={onClose} disabled={update.isPending}>
                Cancel
              </Button>
              <Button onClick={review} loading={update.isPending} disabled={loading || update.isPending}>
                Review changes
              </Button>
            </>
          )}
        </Group>
      </Stack>
    </AppModal>
  );
}
