import { isLoopbackHostname } from '../../server/src/entra/loopback.ts';
import { isKeyVaultUrl, isMicrosoftAuthorityHost, isMicrosoftGraphUrl, KEY_VAULT_DNS_SUFFIXES, MICROSOFT_AUTHORITY_HOSTS, MICROSOFT_GRAPH_URLS } from '../../server/src/entra/national-clouds.ts';

/** The two settings that name where the scripts send credentials. */
export interface SecretDestination {
  /** The setting, e.g. `AZURE_AUTHORITY_HOST`. */
  readonly key: string;
  /** The flag that lets another host in, e.g. `--allow-authority-host`. */
  readonly allowFlag: string;
  /** What goes there, for the messages: `the new client secret`. */
  readonly carries: string;
  readonly isMicrosoft: (url: string) => boolean;
  readonly microsoftHosts: readonly string[];
}

export const AUTHORITY_DESTINATION: SecretDestination = {
  key: 'AZURE_AUTHORITY_HOST',
  allowFlag: '--allow-authority-host',
  carries: 'a client secret',
  isMicrosoft: isMicrosoftAuthorityHost,
  microsoftHosts: MICROSOFT_AUTHORITY_HOSTS,
};

export const GRAPH_DESTINATION: SecretDestination = {
  key: 'MICROSOFT_GRAPH_URL',
  allowFlag: '--allow-graph-host',
  carries: 'your Graph access token',
  isMicrosoft: isMicrosoftGraphUrl,
  microsoftHosts: MICROSOFT_GRAPH_URLS,
};

export const KEY_VAULT_DESTINATION: SecretDestination = {
  key: 'KEY_VAULT_URL',
  allowFlag: '--allow-key-vault-host',
  carries: 'the new client secret and a Key Vault token',
  isMicrosoft: isKeyVaultUrl,
  microsoftHosts: KEY_VAULT_DNS_SUFFIXES.map((suffix) => `https://<vault>.${suffix}`),
};

/** Why a destination was refused: the message and what to do. */
export interface Refusal {
  readonly message: string;
  readonly advice: readonly string[];
}

/** The verdict on one destination: accepted (perhaps with a warning to print) or refused. */
export type HostVerdict = { readonly ok: true; readonly warning?: string } | { readonly ok: false; readonly refusal: Refusal };

/**
 * Pure: may credentials go to `url`? Microsoft's own hosts for that setting (public and
 * national clouds) and https on loopback (the test stand-ins) are accepted; another https
 * host only when `allowed` names it (`host` or `host:port`), and then with a warning naming
 * it. Plain http never: a secret or token would cross the wire in clear text.
 *
 * @example
 * ```ts
 * checkDestination(AUTHORITY_DESTINATION, 'https://login.microsoftonline.us', []); // { ok: true }
 * checkDestination(AUTHORITY_DESTINATION, 'https://login.example.net', ['login.example.net']).ok; // true, with a warning
 * ```
 */
export function checkDestination(destination: SecretDestination, url: string, allowed: readonly string[]): HostVerdict {
  const { key, allowFlag, carries } = destination;
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:') {
    return {
      ok: false,
      refusal: {
        message: `${key} must be an https URL: ${parsed.origin} would receive ${carries} in clear text`,
        advice: [`Unset ${key} (the default is ${destination.microsoftHosts[0]}) or set it to your cloud's https host.`],
      },
    };
  }
  if (destination.isMicrosoft(url) || isLoopbackHostname(parsed.hostname)) return { ok: true };
  const host = parsed.host.toLowerCase();
  if (allowed.some((a) => a.toLowerCase() === host || a.toLowerCase() === parsed.hostname)) {
    return { ok: true, warning: `warning: ${key} is ${parsed.origin}, not a Microsoft host; ${allowFlag} ${host} lets ${carries} go there.` };
  }
  return {
    ok: false,
    refusal: {
      message: `${key} is ${parsed.origin}, which is not a Microsoft host (${destination.microsoftHosts.join(', ')}): refusing to send ${carries} there`,
      advice: [`Fix ${key} in .env or the environment; if you do mean that host, pass ${allowFlag} ${host}.`],
    },
  };
}
