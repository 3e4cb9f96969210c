import type { Application, ServicePrincipal } from '@microsoft/microsoft-graph-types';
import { PULUMI_SECRET_ROTATION_CONFIG_KEY, type AppRegistrationDescription } from '../registration/app-registration.ts';
import { GraphScriptError } from './graph-script-error.ts';

/**
 * Pure: the Pulumi stack that manages the registration, read from its marker
 * `entra-mcp:pulumi:<stack>` (see `pulumiManagedMarker`). The Pulumi program writes it into
 * the application's `notes` (its split azuread resources cannot set the application's
 * `tags`) and the service principal's `tags`; an application `tag` counts too. Undefined
 * when no stack claims it.
 */
export function pulumiStackOf(application: Application, description: AppRegistrationDescription, servicePrincipal?: ServicePrincipal): string | undefined {
  const prefix = description.pulumiManagedTagPrefix;
  const tag = [...(application.tags ?? []), ...(servicePrincipal?.tags ?? [])].find((t) => t.startsWith(prefix));
  if (tag !== undefined) return tag.slice(prefix.length);
  const notes = application.notes ?? '';
  const at = notes.indexOf(prefix);
  if (at < 0) return undefined;
  const stack = /^\S+/.exec(notes.slice(at + prefix.length))?.[0];
  return stack === undefined ? undefined : stack;
}

/**
 * The refusal for changing a stack-managed registration from a script: the next `pulumi up`
 * would undo it (or, for a secret, the stack would hold one that no longer exists).
 *
 * @param what - what the script was about to do, e.g. `rotate the client secret`.
 * @param today - the suggested new value of the rotation setting (YYYY-MM-DD).
 */
export function pulumiManagedError(stack: string, clientId: string, what: 'rotate the client secret' | 'change the registration', today: string): GraphScriptError {
  const advice =
    what === 'rotate the client secret'
      ? [
          `Rotate it through the stack: \`pulumi config set ${PULUMI_SECRET_ROTATION_CONFIG_KEY} ${today} --stack ${stack}\`, then \`pulumi up --stack ${stack}\`.`,
          'Changing that setting makes the stack create the new secret before deleting the old one and update Key Vault; then `npm run env:pull -- --with-secret` puts it in .env.',
        ]
      : [`Change the description in src/registration/app-registration.ts and run \`pulumi up --stack ${stack}\`.`];
  return new GraphScriptError({
    code: 'PULUMI_MANAGED',
    message: `application ${clientId} is managed by the Pulumi stack "${stack}"; refusing to ${what} behind the stack's back`,
    advice,
  });
}
