import { describe, expect, it } from 'vitest';
import { envFileDecision } from './dev-stack.ts';
import { LOCAL_TENANT_ID } from './local-defaults.ts';

describe('envFileDecision', () => {
  it('writes a fresh .env, or one already pointing at the local tenant', () => {
    expect(envFileDecision({}, true).write).toBe(true);
    expect(envFileDecision({ AZURE_TENANT_ID: LOCAL_TENANT_ID }, true).write).toBe(true);
  });

  it('leaves a .env for a real tenant alone', () => {
    expect(envFileDecision({ AZURE_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47' }, true)).toEqual({ write: false, reason: 'it names tenant 72f988bf-86f1-41af-91ab-2d7cd011db47, not the local one' });
    expect(envFileDecision({}, false).write).toBe(false);
  });
});
