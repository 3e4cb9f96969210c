import type { Application, RequiredResourceAccess } from '@microsoft/microsoft-graph-types';
import { desiredClientsApplication, type DesiredClientsApplication } from '../registration/clients-shape.ts';
import { storedRedirectUri } from '../registration/graph-shape.ts';
import type { AppRegistrationDescription, ClientsRegistrationDescription } from '../registration/app-registration.ts';
import type { RegistrationChange } from './plan-registration-changes.ts';

const list = (values: readonly string[]): string => (values.length === 0 ? '(none)' : values.join(', '));
const sameSet = (a: readonly string[], b: readonly string[]) => {
  const left = new Set(a.map(storedRedirectUri));
  const right = new Set(b.map(storedRedirectUri));
  return left.size === right.size && [...left].every((v) => right.has(v));
};
const accessKeys = (all: readonly RequiredResourceAccess[]) => all.flatMap((r) => (r.resourceAccess ?? []).map((a) => `${r.resourceAppId ?? ''}/${a.type ?? ''}/${a.id ?? ''}`));

/** Inputs of {@link planClientsAppChanges}. */
export interface ClientsAppPlanInput {
  /** The "entra-mcp clients" application as found, or undefined when it does not exist yet. */
  readonly application: Application | undefined;
  readonly hasServicePrincipal: boolean;
  readonly apiClientId: string;
  readonly scopeId: string;
  readonly mcpServerUrls: readonly string[];
  readonly description: AppRegistrationDescription;
  readonly clients: ClientsRegistrationDescription;
}

/**
 * Pure: the steps that bring the "entra-mcp clients" application to the description, in
 * the same shape as the API's steps (`register-app` prints and performs both alike). Empty
 * when it already matches, so a second run changes nothing.
 *
 * @example
 * ```ts
 * planClientsAppChanges({ application: undefined, ... })[0].summary; // 'create application "entra-mcp clients" ...'
 * ```
 */
export function planClientsAppChanges(input: ClientsAppPlanInput): RegistrationChange[] {
  const app: Application = input.application ?? {};
  const desired: DesiredClientsApplication = desiredClientsApplication(input);
  const name = desired.displayName;
  const changes: RegistrationChange[] = [];
  if (input.application === undefined) changes.push({ step: 'create-application', summary: `create application "${name}" (public client for MCP clients)` });
  if (input.application !== undefined && app.signInAudience !== desired.signInAudience) {
    changes.push({ step: 'sign-in-audience', summary: `${name}: sign-in audience: ${app.signInAudience ?? '(none)'} -> ${desired.signInAudience}`, patch: { signInAudience: desired.signInAudience } });
  }
  for (const platform of ['publicClient', 'web', 'spa'] as const) {
    const have = app[platform]?.redirectUris ?? [];
    const want = desired[platform].redirectUris;
    if (!sameSet(have, want)) changes.push({ step: 'redirect-uris', summary: `${name}: ${platform} redirect URIs: ${list(have)} -> ${list(want)}`, patch: { [platform]: { redirectUris: want } } });
  }
  if ((app.isFallbackPublicClient ?? false) !== desired.isFallbackPublicClient) {
    changes.push({ step: 'client-type', summary: `${name}: allow public client flows: ${app.isFallbackPublicClient ?? 'null'} -> true`, patch: { isFallbackPublicClient: true } });
  }
  const have = accessKeys(app.requiredResourceAccess ?? []);
  const want = accessKeys(desired.requiredResourceAccess);
  if (have.length !== want.length || !sameSet(have, want)) {
    changes.push({ step: 'api-permissions', summary: `${name}: API permissions: ${list(have)} -> ${list(want)}`, patch: { requiredResourceAccess: desired.requiredResourceAccess } });
  }
  if (!input.hasServicePrincipal) changes.push({ step: 'service-principal', summary: `${name}: service principal` });
  return changes;
}
