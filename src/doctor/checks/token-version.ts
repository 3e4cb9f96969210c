import { ok, problem, type Finding } from '../finding.ts';

/**
 * Pure: `api.requestedAccessTokenVersion` must be 2. Null means v1 tokens (issuer
 * `sts.windows.net`, audience `api://…`), which the server refuses, whatever endpoint the
 * client used (https://learn.microsoft.com/graph/api/resources/apiapplication?view=graph-rest-1.0).
 */
export function checkTokenVersion(input: { requestedAccessTokenVersion: number | null | undefined }): Finding {
  const check = 'token-version';
  if (input.requestedAccessTokenVersion === 2) return ok(check, 'the API asks for v2 access tokens (requestedAccessTokenVersion 2)');
  return problem(
    check,
    'fail',
    `requestedAccessTokenVersion is ${input.requestedAccessTokenVersion ?? 'null'}: Entra issues v1 tokens, which the server refuses (wrong issuer and audience)`,
    'set api.requestedAccessTokenVersion to 2 (Manifest → "requestedAccessTokenVersion": 2, or npm run register-app)',
  );
}
