import { Group, NativeSelect, TextInput } from '@mantine/core';
import type { ReactElement } from 'react';
import { useMemberOptions } from '../../api/members.ts';
import { EVENT_TYPE_LABELS, KNOWN_EVENT_TYPES } from '../../lib/event-types.ts';
import { memberName } from '../../lib/labels.ts';

export interface ActivityFilterValues {
  type: string;
  actorId: string | null;
  from: string;
  to: string;
  search: string;
}

export const EMPTY_FILTERS: ActivityFilterValues = { type: '', actorId: null, from: '', to: '', search: '' };

export interface ActivityFiltersProps {
  value: ActivityFilterValues;
  onChange: (next: ActivityFilterValues) => void;
  /** Only admins see everyone's activity, so only they get the actor filter. */
  showActor: boolean;
}

const TYPE_LIST_ID = 'activity-event-types';

export function ActivityFilters({ value, onChange, showActor }: ActivityFiltersProps): ReactElement {
  const members = useMemberOptions(showActor);
  const set = <K extends keyof ActivityFilterValues>(key: K, next: ActivityFilterValues[K]): void =>
    onChange({ ...value, [key]: next });
  const actorOptions = (members.data ?? []).map((member) => ({ value: member.id, label: `${memberName(member)} (${member.email})` }));

  return (
    <Group align="flex-end" gap="sm" wrap="wrap">
      <TextInput
        label="Search"
        placeholder="Email, target, IP…"
        value={value.search}
        onChange={(event) => set('search', event.currentTarget.value)}
        w={200}
      />
      <TextInput
        label="Event type"
        placeholder="Any type"
        value={value.type}
        onChange={(event) => set('type', event.currentTarget.value)}
        list={TYPE_LIST_ID}
        w={200}
      />
      <datalist id={TYPE_LIST_ID}>
        {KNOWN_EVENT_TYPES.map((type) => (
          <option key={type} value={type}>
            {EVENT_TYPE_LABELS[type]}
          </option>
        ))}
      </datalist>
      {showActor && (
        <NativeSelect
          label="Actor"
          data={[{ value: '', label: 'Anyone' }, ...actorOptions]}
          value={value.actorId ?? ''}
          onChange={(event) => set('actorId', event.currentTarget.value || null)}
          w={220}
        />
      )}
      <TextInput label="From" type="date" value={value.from} onChange={(event) => set('from', event.currentTarget.value)} w={150} />
      <TextInput
        label="To"
        type="date"
        value={value.to}
        min={value.from || undefined}
        onChange={(event) => set('to', event.currentTarget.value)}
        w={150}
      />
    </Group>
  );
}
