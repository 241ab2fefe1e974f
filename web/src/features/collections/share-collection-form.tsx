import { Button, Group, Paper, Radio, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type ReactElement } from 'react';
import { useShareCollection, type Collection, type CollectionRole } from '../../api/collections.ts';
import { ProblemAlert } from '../../components/problem-alert.tsx';
import { serverWords } from '../hubs/server-words.ts';
import { parseSubject, SubjectPicker, type Subjects } from '../shares/subject-picker.tsx';

const ROLE_WORDS: Record<CollectionRole, string> = {
  owner: 'Changes and shares the collection. On each hub they may claim a seat, or skip it and keep oversight in Latchkey.',
  collaborator: 'Claims a seat on each hub in the collection, with the app role and assets fixed for it.',
};

/**
 * Share a collection (spec §5.8 step 2) as Owner or Collaborator. Hub access through a collection
 * always waits for a claim: each person gets "Claim your invite" and nothing reaches the app before.
 */
export function ShareCollectionForm({ collection, subjects, chosen, onChosen }: { collection: Collection; subjects: Subjects; chosen: string[]; onChosen: (value: string[]) => void }): ReactElement {
  const share = useShareCollection(collection.id);
  const [role, setRole] = useState<CollectionRole>('collaborator');
  const [touched, setTouched] = useState(false);
  const [busy, setBusy] = useState(false);
  const effectiveRole: CollectionRole = subjects.collaboratorOnly ? 'collaborator' : role;
  const held = new Set(collection.grants.map((grant) => `${grant.subjectType}:${grant.subjectId}`));

  const submit = async (): Promise<void> => {
    setTouched(true);
    if (chosen.length === 0) return;
    setBusy(true);
    share.reset();
    const done: string[] = [];
    try {
      // One grant per person or team: the API shares with one subject at a time.
      for (const value of chosen) {
        const subject = parseSubject(value);
        await share.mutateAsync({ subjectType: subject.type, subjectId: subject.id, role: effectiveRole });
        done.push(value);
      }
      notifications.show({
        color: 'teal',
        title: 'Collection shared',
        message: `${done.map(subjects.nameOf).join(', ')} can now claim their invite to each hub in ${collection.name}.`,
      });
      onChosen([]);
      setTouched(false);
    } catch {
      // The error shows in the form; those already shared leave the picker.
      onChosen(chosen.filter((value) => !done.includes(value)));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper withBorder radius="md" p="md">
      <Stack gap="sm">
        <Title order={3} size="h5">
          Share {collection.name}
        </Title>
        <ProblemAlert error={share.error} title="Couldn’t share the collection" messages={serverWords(share.error)} />
        <SubjectPicker
          subjects={subjects}
          value={chosen}
          onChange={onChosen}
          exclude={held}
          error={touched && chosen.length === 0 ? 'Choose at least one person or team.' : undefined}
        />
        <Radio.Group
          label="Role on the collection"
          description={subjects.collaboratorOnly ? 'Guests and login-only members, and teams that include them, can only be Collaborators.' : undefined}
          value={effectiveRole}
          onChange={(value) => setRole(value as CollectionRole)}
        >
          <Stack gap={8} mt="xs">
            <Radio value="owner" label="Owner" description={ROLE_WORDS.owner} disabled={subjects.collaboratorOnly} />
            <Radio value="collaborator" label="Collaborator" description={ROLE_WORDS.collaborator} />
          </Stack>
        </Radio.Group>
        <Text size="sm" c="dimmed">
          Nothing is sent to the apps now: each person gets “Claim your invite” on their dashboard and an email with a “Go to Latchkey” button.
        </Text>
        <Group justify="flex-end">
          <Button onClick={() => void submit()} loading={busy}>
            Share
          </Button>
        </Group>
      </Stack>
    </Paper>
  );
}
