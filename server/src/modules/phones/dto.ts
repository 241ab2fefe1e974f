import { z } from 'zod';
import type { PhoneNumberRow } from './repo.ts';

export const phoneStatuses = ['available', 'assigned', 'quarantined', 'retired'] as const;

export const phoneNumberSchema = z.object({
  id: z.uuid(),
  e164: z.string(),
  provider: z.enum(['local', 'twilio']),
  voip: z.boolean(),
  status: z.enum(phoneStatuses),
  accountId: z.uuid().nullable(),
  assignedAt: z.date().nullable(),
  quarantineUntil: z.date().nullable(),
  createdAt: z.date(),
});
export type PhoneNumberDto = z.infer<typeof phoneNumberSchema>;

export function toPhoneNumberDto(n: PhoneNumberRow): PhoneNumberDto {
  return {
    id: n.id,
    e164: n.e164,
    provider: n.provider as PhoneNumberDto['provider'],
    voip: n.voip,
    status: n.status as PhoneNumberDto['status'],
    accountId: n.accountId,
    assignedAt: n.assignedAt,
    quarantineUntil: n.quarantineUntil,
    createdAt: n.createdAt,
  };
}
