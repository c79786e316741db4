-- Operators (issue 10): an admin can disable an account. A disabled account cannot sign in and its
-- sessions stop counting (sessions.find joins on it), yet its videos and broadcasts keep their owner.
alter table users add column disabled_at timestamptz;
