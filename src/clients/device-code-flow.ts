import * as oc from 'openid-client';
import { ClientError, OAuthError } from './client-errors.ts';
import { fromOpenIdClientError } from './from-openid-client-error.ts';

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
  /** The authorization server, from `discoverAuthorizationServer`. */
  readonly config: oc.Configuration;
  readonly scope: string;
  /** Shown the user code and URL once, before polling starts. */
  readonly onPrompt: (prompt: DevicePrompt) => void;
  /** Told about each poll answer that is not final (for progress output). */
  readonly onPending?: (state: 'authorization_pending' | 'slow_down', nextIntervalSeconds: number) => void;
  /** Waits `ms`; injected so tests control time. */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly now?: () => number;
  readonly signal?: AbortSignal;
}

const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

function defaultSleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new ClientError('cancelled', 'the sign-in was cancelled'));
    }, { once: true });
  });
}

/** Pure: a token endpoint answer as a {@link TokenResponse}. */
export function toTokenResponse(body: oc.TokenEndpointResponse, nowMs: number): TokenResponse {
  const expiresIn = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in : 3600;
  return {
    accessToken: body.access_token,
    expiresIn,
    expiresAt: new Date(nowMs + expiresIn * 1000),
    scope: body.scope,
    refreshToken: body.refresh_token,
    idToken: body.id_token,
  };
}

/**
 * The OAuth 2.0 Device Authorization Grant (RFC 8628) as Entra runs it, each request made
 * and checked by openid-client (`initiateDeviceAuthorization`, then `genericGrantRequest`
 * per poll). The polling loop is ours rather than openid-client's
 * `pollDeviceAuthorizationGrant`, which waits on its own timers and says nothing between
 * polls: here the person is told when the server asks to slow down (RFC 8628 §3.5; Entra
 * does not document `slow_down`, other servers send it), Entra's final answers get their
 * own words (`expired_token` → `expired`, `authorization_declined` → `declined`,
 * https://learn.microsoft.com/entra/identity-platform/v2-oauth2-device-code#expected-errors),
 * and tests drive the clock.
 */
export async function runDeviceCodeFlow(options: DeviceCodeFlowOptions): Promise<TokenResponse> {
  const sleep = options.sleep ?? defaultSleep;
  const now = options.now ?? Date.now;
  const server = options.config.serverMetadata();
  const startRequest = `POST ${server.device_authorization_endpoint ?? '(no device_authorization_endpoint)'}`;
  const pollRequest = `POST ${server.token_endpoint ?? '(no token_endpoint)'}`;
  let start: oc.DeviceAuthorizationResponse;
  try {
    start = await oc.initiateDeviceAuthorization(options.config, { scope: options.scope });
  } catch (error) {
    throw fromOpenIdClientError(error, startRequest);
  }
  const prompt: DevicePrompt = {
    userCode: start.user_code,
    verificationUri: start.verification_uri,
    message: typeof start.message === 'string' ? start.message : undefined,
    expiresIn: start.expires_in,
    interval: start.interval ?? 5,
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
    let error: ClientError;
    try {
      return toTokenResponse(await oc.genericGrantRequest(options.config, DEVICE_CODE_GRANT, { device_code: start.device_code }), now());
    } catch (cause) {
      error = fromOpenIdClientError(cause, pollRequest);
    }
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
