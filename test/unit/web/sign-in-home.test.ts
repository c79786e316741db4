import { describe, expect, it } from 'vitest';
import { afterSignIn, homeFor } from '../../../web/lib/auth/home.ts';

describe('where an account goes after signing in', () => {
  it('goes to its role home when it came by itself', () => {
    expect(homeFor('moderator')).toBe('/console');
    expect(afterSignIn('moderator', '')).toBe('/console');
    expect(afterSignIn('producer', null)).toBe('/studio');
    expect(afterSignIn('admin', undefined)).toBe('/studio');
  });
  it('goes back where it was sent from when its role may open it', () => {
    expect(afterSignIn('moderator', '/console/abc')).toBe('/console/abc');
    expect(afterSignIn('producer', '/studio/broadcasts?x=1')).toBe('/studio/broadcasts?x=1');
    expect(afterSignIn('moderator', '/watch/v1')).toBe('/watch/v1');
    expect(afterSignIn('admin', '/admin')).toBe('/admin');
  });
  it('never sends a moderator to the studio (a 403) nor anyone off the site', () => {
    expect(afterSignIn('moderator', '/studio')).toBe('/console');
    expect(afterSignIn('moderator', '/studio/broadcasts/x')).toBe('/console');
    expect(afterSignIn('producer', '/admin/youtube')).toBe('/studio');
    expect(afterSignIn('moderator', '//evil.example/')).toBe('/console');
    // A path that only starts like the studio's is not the studio.
    expect(afterSignIn('moderator', '/studios')).toBe('/studios');
  });
});
