/**
 * Sign-in, sign-out and accounts. Passwords are hashed with argon2id, at most
 * PASSWORD_HASH_CONCURRENCY at once (semaphore.ts); every password set passes the one policy
 * (password-policy.ts), and changing one ends the account's sessions. Sign-in attempts are
 * limited per address and per account across instances (login-limiter.ts).
 */
import argon2 from 'argon2';
import type { SessionsRepository } from '../repositories/sessions.ts';
import type { Role, User, UsersRepository } from '../repositories/users.ts';
import { EfirError } from '../errors.ts';
import { passwordProblem } from '../../config/password-policy.ts';
import { Semaphore } from './semaphore.ts';
import type { LoginLimiter } from './login-limiter.ts';

export type RoleRequirement = 'public' | 'signed-in' | Role;

/** Admins may do everything; producers and moderators only their own part. */
export function hasRole(user: User | null, required: RoleRequirement): boolean {
  if (required === 'public') return true;
  if (!user) return false;
  if (required === 'signed-in' || user.role === 'admin') return true;
  return user.role === required;
}

export interface AuthOptions {
  /** Shared attempt counters; scripts that never sign anyone in go without. */
  limiter?: LoginLimiter | null;
  /** How many argon2 hashes may run at once (PASSWORD_HASH_CONCURRENCY). */
  hashConcurrency?: number;
}

/** What upsertUser did, for `npm run user:add` to print. */
export interface UpsertResult {
  user: User;
  created: boolean;
  passwordChanged: boolean;
  /** The role before, when the given role replaced it. */
  roleChangedFrom: Role | null;
  /** Sessions ended because the password changed. */
  sessionsEnded: number;
}

export class AuthService {
  readonly hashing: Semaphore;
  private readonly limiter: LoginLimiter | null;

  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    opts: AuthOptions = {}
  ) {
    this.hashing = new Semaphore(opts.hashConcurrency ?? 2);
    this.limiter = opts.limiter ?? null;
  }

  private hash(password: string): Promise<string> {
    return this.hashing.run(() => argon2.hash(password, { type: argon2.argon2id }));
  }

  private verify(hash: string, password: string): Promise<boolean> {
    return this.hashing.run(() => argon2.verify(hash, password).catch(() => false));
  }

  async createUser(input: { email: string; displayName: string; role: Role; password: string }): Promise<User> {
    if (!/^[^@\s]+@[^@\s]+$/.test(input.email)) throw new EfirError('invalid_email', `email: "${input.email}" is not an email address`, { field: 'email' });
    assertPassword(input.password, input.email);
    if (await this.users.findByEmailWithHash(input.email)) {
      throw new EfirError('email_taken', `email: ${input.email} already has an account`, { field: 'email' });
    }
    const passwordHash = await this.hash(input.password);
    return this.users.create({ email: input.email, displayName: input.displayName, role: input.role, passwordHash });
  }

  /**
   * Creates or updates an account (npm run user:add, ADMIN_EMAIL, seed): idempotent. An existing
   * account takes the role given (and the caller reports the change); a new password passes the
   * policy and ends the account's sessions.
   */
  async upsertUser(input: { email: string; displayName: string; role: Role; password: string }): Promise<UpsertResult> {
    const existing = await this.users.findByEmailWithHash(input.email);
    if (!existing) return { user: await this.createUser(input), created: true, passwordChanged: false, roleChangedFrom: null, sessionsEnded: 0 };
    const { passwordHash, ...user } = existing;
    let passwordChanged = false;
    let sessionsEnded = 0;
    if (!(await this.verify(passwordHash, input.password))) {
      sessionsEnded = await this.setPassword(existing.id, input.password, existing.email);
      passwordChanged = true;
    }
    let roleChangedFrom: Role | null = null;
    if (existing.role !== input.role) {
      await this.users.setRole(existing.id, input.role);
      roleChangedFrom = existing.role;
      user.role = input.role;
    }
    return { user, created: false, passwordChanged, roleChangedFrom, sessionsEnded };
  }

  /** The one way to change a password: the policy, a new hash, and every session of the account ended. */
  async setPassword(userId: string, password: string, email?: string): Promise<number> {
    assertPassword(password, email);
    await this.users.setPassword(userId, await this.hash(password));
    return this.sessions.deleteForUser(userId);
  }

  /**
   * Returns a new session, or null for a wrong email or password (never saying which). Throws 429
   * `login_throttled` (with retryAfter) once this address or this account has used its attempts;
   * the password is then not even checked, so a right one after a storm of wrong ones fails too.
   */
  async login(email: string, password: string, ip: string) {
    const ticket = this.limiter ? await this.limiter.take(ip, email) : null;
    if (ticket && !ticket.ok) {
      throw new EfirError('login_throttled', `Too many sign-in attempts; try again in ${ticket.retryAfterSeconds} s`, {
        retryAfter: ticket.retryAfterSeconds
      });
    }
    const user = await this.users.findByEmailWithHash(email);
    // Verify against a hash even for an unknown email, so timing does not tell which emails exist.
    const hash = user?.passwordHash ?? (await this.dummyHash());
    const ok = await this.verify(hash, password);
    if (!user || !ok || user.disabledAt) return null;
    if (ticket?.ok) await this.limiter!.giveBack(ticket.keys);
    const session = await this.sessions.create(user.id);
    const { passwordHash: _, ...publicUser } = user;
    return { ...session, user: publicUser as User };
  }

  logout(sessionId: string) {
    return this.sessions.delete(sessionId);
  }

  findSession(sessionId: string) {
    return this.sessions.find(sessionId);
  }

  private dummy: Promise<string> | null = null;
  private dummyHash(): Promise<string> {
    return (this.dummy ??= this.hash('not a password of anyone'));
  }
}

/** 400 `weak_password` naming the rule the password breaks. */
export function assertPassword(password: string, email?: string | null): void {
  const problem = passwordProblem(password, email);
  if (problem) throw new EfirError('weak_password', problem, { field: 'password' });
}
