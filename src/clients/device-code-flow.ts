import { ClientError, OAuthError } from './client-errors.ts';
import { postForm, type Fetch } from './oauth-http.ts';

/** What the user must do, as the device code endpoint said it. */
export interface DevicePrompt {
  readonly userCode: string;
  readonly verificationUri: string;
  /** Entra's ready-made sentence (`message`), when it sent one. */
  readonly message: string | undefined;
  readonly expiresIn: number;
  readonly interval: number;
}

/** The tokens a device code flow ends with. */
export interface TokenResponse {
  readonly accessToken: string;
  /** Seconds, as the token endpoint said. */
  readonly expiresIn: number;
  /** When the access token expires, by the injected clock. */
  readonly expiresAt: Date;
  readonly scope: string | undefined;
  readonly refreshToken: string | undefined;
  readonly idToken: string | undefined;
}

/** Options of {@link runDeviceCodeFlow}. */
export interface DeviceCodeFlowOptions {
  readonly deviceAuthorizationEndpoint: string;
  readonly tokenEndpoint: string;
  readonly clientId: string;
  readonly scope: string;
  /** Shown the user code and URL once, before polling starts. */
  readonly onPrompt: (prompt: DevicePrompt) => void;
  /** Told about each poll answer that is not final (for progress output). */
  readonly onPending?: (state: 'authorization_pending' | 'slow_down', nextIntervalSeconds: number) => void;
  readonly fetch?: Fetch;
  /** Waits `ms`; injected so tests control time. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
}

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new ClientError('cancelled', 'the sign-in was cancelled'));
    }, { once: true });
  });
}

function numberOr(value: unknown, fallback: number): number {
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Pure: a token endpoint answer as a {@link TokenResponse}. */
export function toTokenResponse(body: Record<string, unknown>, nowMs: number): TokenResponse {
  if (typeof body.access_token !== 'string') throw new ClientError('protocol', 'the token endpoint answered without an access_token');
  const expiresIn = numberOr(body.expires_in, 3600);
  return {
    accessToken: body.access_token,
    expiresIn,
    expiresAt: new Date(nowMs + expiresIn * 1000),
    scope: typeof body.scope === 'string' ? body.scope : undefined,
    refreshToken: typeof body.refresh_token === 'string' ? body.refresh_token : undefined,
    idToken: typeof body.id_token === 'string' ? body.id_token : undefined,
  };
}

/**
 * The OAuth 2.0 Device Authorization Grant (RFC 8628) as Entra runs it: asks
 * `/devicecode` for a code, shows it, then polls `/token` at the given interval until
 * the user finishes. `authorization_pending` keeps polling, `slow_down` adds 5 s to the
 * interval (RFC 8628 §3.5; Entra does not document it, other servers send it), and the
 * flow ends with ClientError `expired` (the code's `expires_in` passed, or
 * `expired_token`), `declined` (`authorization_declined`/`access_denied`), or the
 * OAuthError of any other answer.
 */
export async function runDeviceCodeFlow(options: DeviceCodeFlowOptions): Promise<TokenResponse> {
  const fetchImpl = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const start = await postForm(fetchImpl, options.deviceAuthorizationEndpoint, { client_id: options.clientId, scope: options.scope });
  if (typeof start.device_code !== 'string' || typeof start.user_code !== 'string' || typeof start.verification_uri !== 'string') {
    throw new ClientError('protocol', `${options.deviceAuthorizationEndpoint} answered without device_code, user_code or verification_uri`);
  }
  const prompt: DevicePrompt = {
    userCode: start.user_code,
    verificationUri: start.verification_uri,
    message: typeof start.message === 'string' ? start.message : undefined,
    expiresIn: numberOr(start.expires_in, 900),
    interval: numberOr(start.interval, 5),
  };
  options.onPrompt(prompt);
  const deadline = now() + prompt.expiresIn * 1000;
  let interval = prompt.interval;
  for (;;) {
    if (options.signal?.aborted === true) throw new ClientError('cancelled', 'the sign-in was cancelled');
    await sleep(interval * 1000, options.signal);
    if (now() >= deadline) {
      throw new ClientError('expired', `the code ${prompt.userCode} expired after ${prompt.expiresIn} s before the sign-in finished; run the command again for a new code`);
    }
    try {
      const body = await postForm(fetchImpl, options.tokenEndpoint, {
        grant_type: 'urn:ietf:params:oauth:grant-type:device_code',
        client_id: options.clientId,
        device_code: start.device_code,
      });
      return toTokenResponse(body, now());
    } catch (error) {
      if (!(error instanceof OAuthError)) throw error;
      switch (error.error) {
        case 'authorization_pending':
          options.onPending?.('authorization_pending', interval);
          continue;
        case 'slow_down':
          interval += 5;
          options.onPending?.('slow_down', interval);
          continue;
        case 'expired_token':
          throw new ClientError('expired', `the code ${prompt.userCode} expired before the sign-in finished (${error.description}); run the command again for a new code`, error.request, { cause: error });
        case 'authorization_declined':
        case 'access_denied':
          throw new ClientError('declined', `the sign-in was declined in the browser (${error.description})`, error.request, { cause: error });
        default:
          throw error;
      }
    }
  }
}
