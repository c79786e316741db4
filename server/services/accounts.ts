/**
 * Accounts as admins manage them (the /admin page and /api/admin/users): list, add, change a role,
 * reset a password, disable. Every method takes the acting user and checks it is an admin itself,
 * whatever the route or page in front of it checked already.
 * A changed password or role, and disabling, end the account's sessions: whoever held one signs in
 * again under the new terms (or not at all).
 */
import { EfirError } from '../errors.ts';
import type { SessionsRepository } from '../repositories/sessions.ts';
import { ROLES, type Role, type User, type UsersRepository } from '../repositories/users.ts';
import { assertPassword, type AuthService } from './auth.ts';

export interface AccountChange {
  role?: Role;
  disabled?: boolean;
  password?: string;
}

export class AccountsService {
  constructor(
    private readonly users: UsersRepository,
    private readonly sessions: SessionsRepository,
    private readonly auth: AuthService
  ) {}

  async list(actor: User | null): Promise<User[]> {
    requireAdmin(actor);
    return this.users.list();
  }

  async create(actor: User | null, input: { email: string; displayName: string; role: Role; password: string }): Promise<User> {
    requireAdmin(actor);
    checkRole(input.role);
    // createUser applies the one password policy (config/password-policy.ts).
    return this.auth.createUser(input);
  }

  async change(actor: User | null, id: string, change: AccountChange): Promise<User> {
    const admin = requireAdmin(actor);
    const user = await this.users.get(id);
    if (!user) throw new EfirError('not_found', `No account ${id}`, { field: 'id' });
    if (change.role === undefined && change.disabled === undefined && change.password === undefined) {
      throw new EfirError('invalid_request', 'body: name at least one of role, disabled, password');
    }
    // An admin who demoted or disabled themselves could leave Efir with no admin at all.
    if (user.id === admin.id && ((change.role !== undefined && change.role !== 'admin') || change.disabled === true)) {
      throw new EfirError('own_account', 'You cannot demote or disable your own account; ask another admin', {
        field: change.disabled === true ? 'disabled' : 'role'
      });
    }
    if (change.role !== undefined) checkRole(change.role);
    if (change.password !== undefined) assertPassword(change.password, user.email);

    let endSessions = false;
    if (change.role !== undefined && change.role !== user.role) {
      await this.users.setRole(user.id, change.role);
      endSessions = true;
    }
    if (change.password !== undefined) {
      // setPassword hashes (within the hashing cap) and ends the account's sessions.
      await this.auth.setPassword(user.id, change.password, user.email);
    }
    if (change.disabled !== undefined && change.disabled !== !!user.disabledAt) {
      await this.users.setDisabled(user.id, change.disabled);
      endSessions ||= change.disabled;
    }
    if (endSessions) await this.sessions.deleteForUser(user.id);
    return (await this.users.get(user.id))!;
  }
}

function requireAdmin(actor: User | null): User {
  if (!actor) throw new EfirError('forbidden', 'Sign in first');
  if (actor.role !== 'admin') throw new EfirError('forbidden', 'Forbidden: needs the admin role');
  return actor;
}

function checkRole(role: string): asserts role is Role {
  if (!ROLES.includes(role as Role)) throw new EfirError('invalid_request', `role: expected one of ${ROLES.join(', ')}`, { field: 'role' });
}
