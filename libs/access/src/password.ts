import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

/** OWASP's argon2id baseline (19 MiB, 2 passes): ~20 ms a hash, costly enough for a stolen table. */
export const ARGON2_OPTIONS = { type: argon2.argon2id, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;

export const PASSWORD_MIN_LENGTH = 8;
/** argon2 takes any length; the bound keeps request bodies and hashing time sane */
export const PASSWORD_MAX_LENGTH = 128;

/** Cost knobs only; tests pass cheap ones to create many users quickly. */
export type HashCost = Pick<argon2.HashOptions, 'memoryCost' | 'timeCost' | 'parallelism'>;

export function hashPassword(password: string, cost: HashCost = {}): Promise<string> {
  return argon2.hash(password, { ...ARGON2_OPTIONS, ...cost, raw: false });
}

/** False for a wrong password and for a malformed hash alike: neither may sign anyone in. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * A hash of nothing anyone knows, verified when the username does not exist, so an unknown
 * account costs the same time as a wrong password and response times do not list usernames.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`no-such-user-${Math.random()}`);
  return dummy;
}

/** 16 characters from an alphabet without look-alikes (0/O, 1/l/I), ~90 bits: temporary passwords. */
export function generatePassword(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789';
  return [...randomBytes(16)].map((b) => alphabet[b % alphabet.length]).join('');
}
