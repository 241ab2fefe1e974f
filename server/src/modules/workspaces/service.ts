import type { Database, Executor } from '../../db/client.ts';
import { normalizeEmail, type ClientInfo, type RequestContext } from '../../lib/actor.ts';
import type { Clock } from '../../lib/clock.ts';
import { AppError } from '../../lib/errors.ts';
import { newId } from '../../lib/ids.ts';
import { byMember, type ActivityService } from '../activity/service.ts';
import { hashPassword } from '../auth/password-hash.ts';
import type { Keyring } from '../keyring/service.ts';
import type { VaultsService } from '../vault/vaults.ts';
import type { MemberRow } from '../members/repo.ts';
import { insertMember } from '../members/repo.ts';
import { isWorkspaceAdmin } from '../members/policy.ts';
import { toWorkspaceDto, type WorkspaceDto } from './dto.ts';
import { countWorkspaces, findWorkspace, insertWorkspace, lockWorkspacesTable, slugTaken, updateWorkspace, type WorkspaceRow } from './repo.ts';

export interface NewWorkspaceInput {
  workspaceName: string;
  email: string;
  password: string;
  firstName?: string | undefined;
  lastName?: string | undefined;
}

export interface WorkspacesService {
  needsSetup(): Promise<boolean>;
  /** First-run setup: refuses once any workspace exists. */
  setup<S>(input: NewWorkspaceInput, client: ClientInfo, signIn: (tx: Executor, owner: MemberRow) => Promise<S>): Promise<{ workspace: WorkspaceRow; owner: MemberRow; session: S }>;
  /** CLI: another workspace on the same server. */
  create(input: NewWorkspaceInput): Promise<{ workspace: WorkspaceRow; owner: MemberRow }>;
  get(ctx: RequestContext): Promise<WorkspaceDto>;
  rename(ctx: RequestContext, name: string): Promise<WorkspaceDto>;
  nameOf(ex: Executor, workspaceId: string): Promise<string>;
}

function slugify(name: string): string {
  const s = name.normalize('NFKD').replace(/[^\w\s-]/g, '').trim().toLowerCase().replace(/[\s_-]+/g, '-').slice(0, 40).replace(/^-|-$/g, '');
  return s || 'workspace';
}

export function createWorkspacesService(deps: { database: Database; keyring: Pick<Keyring, 'createWorkspaceKey'>; vaults: Pick<VaultsService, 'ensureDefault'>; activity: Pick<ActivityService, 'record'>; clock: Clock }): WorkspacesService {
  const { database, clock } = deps;

  async function createIn(tx: Executor, input: NewWorkspaceInput, client: ClientInfo): Promise<{ workspace: WorkspaceRow; owner: MemberRow }> {
    const now = clock.now();
    const base = slugify(input.workspaceName);
    let slug = base;
    for (let i = 2; await slugTaken(tx, slug); i++) slug = `${base}-${i}`;
    const workspace = await insertWorkspace(tx, { id: newId(now.getTime()), name: input.workspaceName.trim(), slug, createdAt: now, updatedAt: now });
    await deps.keyring.createWorkspaceKey(tx, workspace.id);
    await deps.vaults.ensureDefault(tx, workspace.id);
    const owner = await insertMember(tx, {
      id: newId(now.getTime()),
      workspaceId: workspace.id,
      email: input.email.trim(),
      emailNormalized: normalizeEmail(input.email),
      firstName: input.firstName ?? '',
      lastName: input.lastName ?? '',
      role: 'owner',
      status: 'active',
      passwordHash: await hashPassword(input.password),
      activatedAt: now,
      createdAt: now,
      updatedAt: now,
    });
    await deps.activity.record(tx, {
      workspaceId: workspace.id,
      type: 'workspace.created',
      actor: { kind: 'member', id: owner.id, label: owner.email },
      target: { type: 'workspace', id: workspace.id, label: workspace.name },
      ip: client.ip,
      userAgent: client.userAgent,
    });
    return { workspace, owner };
  }

  return {
    async needsSetup() {
      return (await countWorkspaces(database.db)) === 0;
    },
    async setup(input, client, signIn) {
      return database.tx(async (tx) => {
        await lockWorkspacesTable(tx);
        if ((await countWorkspaces(tx)) > 0) throw new AppError('setup_done', 'This Latchkey server is already set up. Sign in instead.');
        const created = await createIn(tx, input, client);
        return { ...created, session: await signIn(tx, created.owner) };
      });
    },
    async create(input) {
      return database.tx((tx) => createIn(tx, input, { ip: null, userAgent: 'latchkey-cli' }));
    },
    async get(ctx) {
      const w = await findWorkspace(database.db, ctx.actor.workspaceId);
      if (!w) throw new AppError('not_found', 'Workspace not found.');
      return toWorkspaceDto(w);
    },
    async rename(ctx, name) {
      if (!isWorkspaceAdmin(ctx.actor)) throw new AppError('forbidden', 'Only workspace owners and admins can change workspace settings.');
      return database.tx(async (tx) => {
        const before = await findWorkspace(tx, ctx.actor.workspaceId);
        const w = await updateWorkspace(tx, ctx.actor.workspaceId, { name, updatedAt: clock.now() });
        await deps.activity.record(tx, byMember(ctx, 'workspace.renamed', { type: 'workspace', id: w.id, label: w.name }, { from: before?.name ?? null, to: name }));
        return toWorkspaceDto(w);
      });
    },
    async nameOf(ex, workspaceId) {
      return (await findWorkspace(ex, workspaceId))?.name ?? 'Latchkey';
    },
  };
}
