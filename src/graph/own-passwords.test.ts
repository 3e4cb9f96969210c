import { expect, test } from 'vitest';
import { appRegistration } from '../registration/app-registration.ts';
import { newPasswordRequest, ownPasswords } from './own-passwords.ts';

test("only the tool's own names count: a pipeline's `entra-mcp ci` is someone else's and never removed", () => {
  const made = newPasswordRequest(appRegistration, new Date('2026-11-22T00:00:00Z'));
  const names = [made.displayName, 'entra-mcp', 'entra-mcp ci', 'entra-mcp 2026-11-22 copy', 'entra-mcpx 2026-11-22', 'ci pipeline'];
  const own = ownPasswords(names.map((displayName) => ({ displayName })), appRegistration);
  expect(own.map((p) => p.displayName)).toEqual(['entra-mcp 2026-11-22', 'entra-mcp']);
});

test('a secret name with regex characters is matched literally', () => {
  const description = { ...appRegistration, clientSecret: { displayName: 'mcp (dev)+', lifetimeDays: 30 } };
  const own = ownPasswords([{ displayName: 'mcp (dev)+ 2026-01-02' }, { displayName: 'mcp dev 2026-01-02' }], description);
  expect(own.map((p) => p.displayName)).toEqual(['mcp (dev)+ 2026-01-02']);
});
