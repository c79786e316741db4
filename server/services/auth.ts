/** Sign-in, sign-out and account creation. Passwords are hashed with argon2id. */
import argon2 from 'argon2';
import type { SessionsRepository } from '../repositories/sessions.ts';
import type { Role, User, UsersRepository } from '../repositories/users.ts';
import { HttpError } from '../errors.ts';

export type RoleRequirement = 'public' | 'signed-in' | Role;

/** Admins may do everything; producers and moderators only their own part. */
export function hasRole(user: User | null, required: RoleRequirement): boolean {
  if (required === 'public') return true;
  if (!user) return false;
  if (required === 'signed-in' || user.role === 'admin') return true;
  return user.role === required;
}

export class AuthService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository
  ) {}

  async createUser(input: { email: string; displayName: string; role: Role; password: string }): Promise<User> {
    if (!/^[^@\s]+@[^@\s]+$/.test(input.email)) throw new HttpError(400, 'invalid_email', `email: "${input.email}" is not an email address`);
    if (input.password.length < 8) throw new HttpError(400, 'weak_password', 'password: must be at least 8 characters');
    if (await this.users.findByEmailWithHash(input.email)) {
      throw new HttpError(409, 'email_taken', `email: ${input.email} already has an account`);
    }
    const passwordHash = await argon2.hash(input.password, { type: argon2.argon2id });
    return this.users.create({ email: input.email, displayName: input.displayName, role: input.role, passwordHash });
  }

  /** Creates or updates an account (npm run user:add, ADMIN_EMAIL, seed): idempotent. */
  async upsertUser(input: { email: string; displayName: string; role: Role; password: string }): Promise<User> {
    const existing = await this.users.findByEmailWithHash(input.email);
    if (!existing) return this.createUser(input);
    if (!(await argon2.verify(existing.passwordHash, input.password))) {
      await this.users.setPassword(existing.id, await argon2.hash(input.password, { type: argon2.argon2id }));
    }
    return existing;
  }

  /** Returns a new session, or null for a wrong email or password (never saying which). */
  async login(email: string, password: string) {
    const user = await this.users.findByEmailWithHash(email);
    // Verify against a hash even for an unknown email, so timing does not tell which emails exist.
    const hash = user?.passwordHash ?? (await dummyHash());
    const ok = await argon2.verify(hash, password).catch(() => false);
    if (!user || !ok || user.disabledAt) return null;
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
}

let dummy: Promise<string> | null = null;
const dummyHash = () => (dummy ??= argon2.hash('not a password of anyone', { type: argon2.argon2id }));
