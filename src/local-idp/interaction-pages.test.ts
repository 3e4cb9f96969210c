import { describe, expect, it } from 'vitest';
import { DEV_USERS, findDevUser } from './dev-directory.ts';
import { consentPage, errorPage, signInPage } from './interaction-pages.ts';

describe('interaction pages', () => {
  it('list every dev user with name and oid, posting back to the interaction', () => {
    const html = signInPage('/t/login/uid', 'Azure CLI', DEV_USERS, 'tok-1');
    for (const u of DEV_USERS) expect(html).toContain(u.oid);
    expect(html).toContain('action="/t/login/uid"');
    expect(html).toContain('<input type="hidden" name="csrf" value="tok-1">');
    expect(consentPage('/a', 'x', undefined, [], 'tok-2')).toContain('<input type="hidden" name="csrf" value="tok-2">');
  });

  it('escape what they show', () => {
    const evil = '<script>alert("x")</script>';
    for (const html of [signInPage('/a', evil, DEV_USERS, evil), consentPage('/a', evil, undefined, [evil], evil), errorPage(evil)]) {
      expect(html).not.toContain('<script>');
      expect(html).toContain('&#60;script&#62;');
    }
  });

  it('find users by oid, username or short name', () => {
    expect(findDevUser('adele')?.name).toBe('Adele Vance');
    expect(findDevUser('ALEX@entra-mcp.local')?.name).toBe('Alex Wilber');
    expect(findDevUser(DEV_USERS[2]!.oid)?.name).toBe('Megan Bowen');
    expect(findDevUser('nobody')).toBeUndefined();
  });
});
