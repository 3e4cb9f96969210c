/** True for an `http:` authority on a loopback host: the local identity provider of `npm run dev`. */
export function isLocalAuthority(value: string | undefined): boolean {
  if (value === undefined) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' && (url.hostname === 'localhost' || url.hostname === '[::1]' || /^127\./.test(url.hostname));
  } catch {
    return false;
  }
}

/**
 * The `.env` update that forgets the local authority `npm run dev` left there, for commands
 * that point `.env` at a real tenant: without it, `npm run token` would send the real
 * tenant's sign-in to the local provider.
 */
export function forgetLocalAuthority(current: Readonly<Record<string, string>>): { AZURE_AUTHORITY_HOST?: undefined } {
  return isLocalAuthority(current['AZURE_AUTHORITY_HOST']) ? { AZURE_AUTHORITY_HOST: undefined } : {};
}

/**
 * `.env` values as a command for a real tenant should read them: when the file still points
 * at the local provider, the tenant and app ids beside it are the local stack's, so they
 * are dropped rather than looked up in a real tenant.
 */
export function withoutLocalStack(values: Readonly<Record<string, string>>): Record<string, string> {
  if (!isLocalAuthority(values['AZURE_AUTHORITY_HOST'])) return { ...values };
  const kept = { ...values };
  for (const key of ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_AUTHORITY_HOST']) delete kept[key];
  return kept;
}
