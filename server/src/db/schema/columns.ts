import { customType, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Binary column; pg returns Buffer. Used for ciphertext and token hashes. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const id = () => uuid('id').primaryKey();
export const workspaceId = () => uuid('workspace_id').notNull();
export const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
export const createdAt = () => ts('created_at').notNull().defaultNow();
export const updatedAt = () => ts('updated_at').notNull().defaultNow();
