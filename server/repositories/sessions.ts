import type { Queryable } from '../db/index.ts';
import { newToken } from '../ids.ts';
import type { User } from './users.ts';

export interface Session {
  id: string;
  csrfToken: string;
  expiresAt: Date;
  user: User;
}

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

export class SessionsRepository {
  constructor(private readonly db: Queryable) {}

  async create(userId: string): Promise<{ id: string; csrfToken: string; expiresAt: Date }> {
    const s = { id: newToken(), csrfToken: newToken(), expiresAt: new Date(Date.now() + SESSION_TTL_MS) };
    await this.db.query('insert into sessions (id, user_id, csrf_token, expires_at) values ($1, $2, $3, $4)', [
      s.id,
      userId,
      s.csrfToken,
      s.expiresAt
    ]);
    return s;
  }

  async find(id: string): Promise<Session | null> {
    const [r] = await this.db.query<any>(
      `select s.id, s.csrf_token, s.expires_at, u.id as user_id, u.email, u.display_name, u.role, u.created_at
         from sessions s join users u on u.id = s.user_id
        where s.id = $1 and s.expires_at > now() and u.disabled_at is null`,
      [id]
    );
    if (!r) return null;
    return {
      id: r.id,
      csrfToken: r.csrf_token,
      expiresAt: r.expires_at,
      user: { id: r.user_id, email: r.email, displayName: r.display_name, role: r.role, createdAt: r.created_at, disabledAt: null }
    };
  }

  async delete(id: string): Promise<void> {
    await this.db.query('delete from sessions where id = $1', [id]);
  }

  /** Ends every session of an account (password or role changed, account disabled); returns how many there were. */
  async deleteForUser(userId: string): Promise<number> {
    const rows = await this.db.query<{ id: string }>('delete from sessions where user_id = $1 returning id', [userId]);
    return rows.length;
  }

  async deleteExpired(): Promise<void> {
    await this.db.query('delete from sessions where expires_at <= now()');
  }
}
