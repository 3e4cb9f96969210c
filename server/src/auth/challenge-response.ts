import { AuthError } from './auth-error.ts';

export interface ChallengeResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Readonly<Record<string, string>>;
}

export interface ChallengeContext {
  /** The path-form Protected Resource Metadata URL (RFC 9728 §5.1). */
  readonly resourceMetadataUrl: string;
  /** The scope a client should ask for, as it asks for it (`api://{clientId}/access_as_user`). */
  readonly scope: string;
}

// RFC 6750 §3: error_description may hold only %x20-21 / %x23-5B / %x5D-7E.
function headerSafe(text: string): string {
  return text.replace(/[^\x20-\x21\x23-\x5b\x5d-\x7e]/g, '?');
}

/**
 * Maps a failure to its HTTP answer in one place: RFC 6750 challenges for auth errors,
 * with `resource_metadata` so clients can discover how to sign in (RFC 9728 §5.1), and a
 * bare 500 `server_error` for anything unexpected, with no details.
 */
export function toChallengeResponse(error: unknown, context: ChallengeContext): ChallengeResponse {
  if (!(error instanceof AuthError)) {
    return { status: 500, headers: {}, body: { error: 'server_error' } };
  }
  if (error.code === 'keys_unavailable') {
    return {
      status: error.status,
      headers: { 'retry-after': '5' },
      body: { error: 'temporarily_unavailable', error_description: error.description },
    };
  }
  const params = [`resource_metadata="${context.resourceMetadataUrl}"`, `scope="${context.scope}"`];
  if (error.oauthError !== undefined) {
    params.push(`error="${error.oauthError}"`, `error_description="${headerSafe(error.description)}"`);
  }
  const body: Record<string, string> = { error_description: error.description };
  if (error.oauthError !== undefined) body['error'] = error.oauthError;
  return { status: error.status, headers: { 'www-authenticate': `Bearer ${params.join(', ')}` }, body };
}
