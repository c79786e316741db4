import type { Queryable } from '../db/index.ts';
import { newId } from '../ids.ts';

export type Role = 'admin' | 'producer' | 'moderator';
export const ROLES: Role[] = ['admin', 'producer', 'moderator'];

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  createdAt: Date;
  /** Set while an admin has disabled the account: no sign-in, no session. */
  disabledAt: Date | null;
}
interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  created_at: Date;
  disabled_at: Date | null;
  password_hash: string;
}

const toUser = (r: UserRow): User => ({ id: r.id, email: r.email, displayName: r.display_name, role: r.role, createdAt: r.created_at, disabledAt: r.disabled_at ?? null });

export class UsersRepository {
  constructor(private readonly db: Queryable) {}

  async create(u: { email: string; displayName: string; role: Role; passwordHash: string }): Promise<User> {
    const [row] = await this.db.query<UserRow>(
      `insert into users (id, email, display_name, role, password_hash) values ($1, lower($2), $3, $4, $5) returning *`,
      [newId(16), u.email, u.displayName, u.role, u.passwordHash]
    );
    return toUser(row);
  }

  async findByEmailWithHash(email: string): Promise<(User & { passwordHash: string }) | null> {
    const [row] = await this.db.query<UserRow>('select * from users where email = lower($1)', [email]);
    return row ? { ...toUser(row), passwordHash: row.password_hash } : null;
  }

  async get(id: string): Promise<User | null> {
    const [row] = await this.db.query<UserRow>('select * from users where id = $1', [id]);
    return row ? toUser(row) : null;
  }

  async list(): Promise<User[]> {
    return (await this.db.query<UserRow>('select * from users order by created_at')).map(toUser);
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db.query('update users set password_hash = $2 where id = $1', [id, passwordHash]);
  }

  async setRole(id: string, role: Role): Promise<void> {
    await this.db.query('update users set role = $2 where id = $1', [id, role]);
  }

  async setDisabled(id: string, disabled: boolean): Promise<void> {
    await this.db.query('update users set disabled_at = case when $2 then coalesce(disabled_at, now()) end where id = $1', [id, disabled]);
  }

  async count(): Promise<number> {
    const [r] = await this.db.query<{ n: number }>('select count(*) as n from users');
    return r.n;
  }
}
