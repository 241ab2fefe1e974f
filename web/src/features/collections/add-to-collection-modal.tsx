import { Alert, Button, Group, Loader, NativeSelect, Stack, Stepper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactElement } from 'react';
import { useAddHubToCollection, useCollections, type Collection } from '../../api/collections.ts';
import type { Hub } from '../../api/hub-types.ts';
import { useApps, useHubAppRoles, useHubAssets, useHubs } from '../../api/hubs.ts';
import type { AssetGrantInput } from '../../api/shares.ts';
import { AppModal } from '../../components/app-modal.tsx';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { serverWords } from '../hubs/server-words.ts';
import { AppRolePicker, defaultRoleKeys, roleGroups } from '../shares/app-role-picker.tsx';
import { AssetPicker, incompleteGrants, offersAssets } from '../shares/asset-picker.tsx';

type Step = 'choose' | 'appRole' | 'assets';

const MESSAGES = {
  hub_in_collection: 'This hub is already in a collection. A hub sits in at most one collection; remove it there first or pick another hub.',
};

export interface AddToCollectionModalProps {
  /** Opened from a collection: choose the hub. */
  collection?: Collection;
  /** Opened from a hub: choose the collection. */
  hub?: Hub;
  onClose: () => void;
}

/**
 * "Add to Collection" (spec §5.8 step 1): the hub → "Define App Role" → "Assign assets" → "Add".
 * The role and assets are fixed now: everyone holding the collection gets exactly these once they
 * claim their invite. Only the hub's Owners may add it; a hub sits in at most one collection.
 */
export function AddToCollectionModal({ collection, hub, onClose }: AddToCollectionModalProps): ReactElement {
  const hubs = useHubs(!hub);
  const collections = useCollections(!collection);
  const apps = useApps();
  const add = useAddHubToCollection();
  const [hubId, setHubId] = useState(hub?.id ?? '');
  const [collectionId, setCollectionId] = useState(collection?.id ?? '');
  const [step, setStep] = useState<Step>('choose');
  const [keys, setKeys] = useState<string[] | null>(null);
  const [grants, setGrants] = useState<AssetGrantInput[]>([]);
  const [touched, setTouched] = useState(false);

  const ownHubs = (hubs.data ?? []).filter((candidate) => candidate.myRole === 'owner' && !collection?.hubs.some((item) => item.hubId === candidate.id));
  const ownCollections = (collections.data ?? []).filter((candidate) => candidate.myRole === 'owner');
  const chosenHub = hub ?? ownHubs.find((candidate) => candidate.id === hubId);
  const target = collection ?? ownCollections.find((candidate) => candidate.id === collectionId);
  const roles = useHubAppRoles(chosenHub?.id ?? '', Boolean(chosenHub));
  const assets = useHubAssets(chosenHub?.id ?? '', Boolean(chosenHub));
  const app = apps.data?.find((candidate) => candidate.key === chosenHub?.appKey);
  const chosenRoles = keys ?? defaultRoleKeys(roles.data ?? []);
  const withAssets = offersAssets(assets.data ?? [], app);
  const steps: Step[] = ['choose', 'appRole', ...(withAssets ? (['assets'] as const) : [])];
  const index = steps.indexOf(step);
  const last = index === steps.length - 1;
  const missing = incompleteGrants(grants, assets.data ?? []);

  const submit = (): void => {
    setTouched(true);
    if (!chosenHub || !target || missing.length) return;
    add.mutate(
      { collectionId: target.id, input: { hubId: chosenHub.id, appRoleKeys: chosenRoles, assetGrants: grants } },
      {
        onSuccess: (result) => {
          const holders = result.grants.length;
          notifications.show({
            color: 'teal',
            title: 'Added to the collection',
            message: `${chosenHub.label} is in ${result.name}.${holders > 1 ? ' Everyone holding the collection gets “Claim your invite” on their dashboard.' : ''}`,
          });
          onClose();
        },
      },
    );
  };

  const next = (): void => {
    setTouched(true);
    if (step === 'choose' && (!chosenHub || !target)) return;
    if (last) {
      submit();
      return;
    }
    setTouched(false);
    add.reset();
    setStep(steps[index + 1] ?? 'choose');
  };

  return (
    <AppModal opened onClose={onClose} title="Add to Collection" size="lg">
      <Stack gap="md">
        <Stepper active={index} size="xs" allowNextStepsSelect={false} onStepClick={(target) => target < index && setStep(steps[target] ?? 'choose')}>
          <Stepper.Step label={hub ? 'Collection' : 'Business hub'} />
          <Stepper.Step label="Define App Role" />
          {withAssets && <Stepper.Step label="Assign assets" />}
        </Stepper>
        <ProblemAlert error={add.error} title="Couldn’t add the hub" messages={serverWords(add.error, MESSAGES)} />

        {step === 'choose' && hub && (
          <NativeSelect
            label="Collection"
            description={`Everyone holding the collection can claim a seat in ${hub.label}.`}
            data={[
              { value: '', label: collections.isPending ? 'Loading collections…' : 'Choose a collection' },
              ...ownCollections.map((candidate) => ({ value: candidate.id, label: candidate.name })),
            ]}
            value={collectionId}
            onChange={(event) => setCollectionId(event.currentTarget.value)}
            error={touched && !target ? (ownCollections.length ? 'Choose the collection.' : 'You own no collection yet. Create one on the Collections page.') : undefined}
            data-autofocus
          />
        )}
        {step === 'choose' && !hub && (
          <NativeSelect
            label="Business hub"
            description="Hubs you own. A hub sits in at most one collection."
            data={[
              { value: '', label: hubs.isPending ? 'Loading hubs…' : 'Choose a business hub' },
              ...ownHubs.map((candidate) => ({ value: candidate.id, label: `${candidate.label} (${candidate.appName})` })),
            ]}
            value={hubId}
            onChange={(event) => {
              setHubId(event.currentTarget.value);
              setKeys(null);
              setGrants([]);
            }}
            error={touched && !chosenHub ? (ownHubs.length ? 'Choose the hub.' : 'You own no hub that could be added.') : undefined}
            data-autofocus
          />
        )}

        {step === 'appRole' && chosenHub && (
          <Stack gap="sm">
            <Text fw={600}>Define App Role</Text>
            <Text size="sm" c="dimmed">
              What everyone who claims {chosenHub.label} through {target?.name ?? 'the collection'} gets in {chosenHub.appName}.
            </Text>
            {roles.isPending ? <Loader size="sm" /> : <AppRolePicker groups={roleGroups(roles.data ?? [], app)} value={chosenRoles} onChange={setKeys} appName={chosenHub.appName} />}
            {roles.error && <ProblemAlert error={roles.error} title="Couldn’t load the app’s roles" />}
          </Stack>
        )}

        {step === 'assets' && chosenHub && (
          <Stack gap="sm">
            <Text fw={600}>Assign assets</Text>
            <AssetPicker assets={assets.data ?? []} app={app} appName={chosenHub.appName} value={grants} onChange={setGrants} showErrors={touched} />
            {touched && missing.length > 0 && (
              <Text size="sm" c="red" role="alert">
                Choose the permissions for {missing.join(', ')}, or give full access.
              </Text>
            )}
          </Stack>
        )}

        {step !== 'choose' && (
          <Alert color="gray" variant="light">
            <Text size="sm">Nothing is sent to the app now. People holding the collection see “Claim your invite” and choose when to join.</Text>
          </Alert>
        )}

        <Group justify="flex-end" mt="xs">
          <Button variant="default" onClick={index === 0 ? onClose : () => setStep(steps[index - 1] ?? 'choose')} disabled={add.isPending}>
            {index === 0 ? 'Cancel' : 'Back'}
          </Button>
          <Button onClick={next} loading={add.isPending} disabled={add.isPending || (step !== 'choose' && roles.isPending)}>
            {last && step !== 'choose' ? 'Add' : 'Next'}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
