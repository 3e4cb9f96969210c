import { LOCAL_API_CLIENT_ID, LOCAL_TENANT_ID } from '../local-idp/local-defaults.ts';
import { detectMixedEnv, type Disagreement } from '../shared/detect-mixed-env.ts';
import type { ClientSettings } from './client-settings.ts';

/** Pure: what {@link detectMixedEnv} finds in the clients' settings (the local stack's ids known). */
export function mixedEnvOf(settings: ClientSettings, discoveredAuthorizationServer?: string): Disagreement[] {
  return detectMixedEnv(
    {
      MCP_SERVER_URL: settings.serverUrl?.value,
      AZURE_AUTHORITY_HOST: settings.authorityHost?.value,
      AZURE_TENANT_ID: settings.tenantId?.value,
      AZURE_CLIENT_ID: settings.apiClientId?.value,
    },
    { discoveredAuthorizationServer, localIds: { tenantId: LOCAL_TENANT_ID, clientId: LOCAL_API_CLIENT_ID } },
  );
}

/** Pure: the lines that say which values disagree, each naming where its values came from. */
export function describeDisagreements(settings: ClientSettings, found: readonly Disagreement[]): string[] {
  const from: Record<string, string | undefined> = {
    MCP_SERVER_URL: settings.serverUrl?.from,
    AZURE_AUTHORITY_HOST: settings.authorityHost?.from ?? 'AZURE_AUTHORITY_HOST (unset: Entra public cloud)',
    AZURE_TENANT_ID: settings.tenantId?.from,
    AZURE_CLIENT_ID: settings.apiClientId?.from,
  };
  return found.map((d) => `${d.reason} [values: ${d.names.map((n) => from[n] ?? n).join('; ')}]`);
}

/** Advice for a `.env` that mixes the local stack with Entra. */
export const MIXED_ENV_ADVICE: readonly string[] = [
  'for the local stack: run `npm run dev` again (it rewrites these values in .env)',
  'for Entra: set MCP_SERVER_URL to the deployed server (npm run env:pull writes it) and remove AZURE_AUTHORITY_HOST if it names the local provider',
];
