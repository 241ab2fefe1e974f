import { hash, verify } from '@node-rs/argon2';

/** OWASP's argon2id floor (m=19 MiB, t=2, p=1): about 20 ms here, cheap next to a network round trip. */
/** `algorithm: 2` is Argon2id (the package exports it as a const enum, which isolated modules cannot read). */
const params = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, params);
}

export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    // Spend the same time as a real check so response timing does not reveal which emails exist.
    await hash(password, params);
    return false;
  }
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}
