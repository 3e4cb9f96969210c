import type Provider from 'oidc-provider';
import type { KoaContextWithOIDC } from 'oidc-provider';

/**
 * A koa middleware for `provider.use` (it runs before oidc-provider's router, so without
 * `ctx.oidc`): a `POST /devicelogin`, or a visit to its resume route, from a browser with
 * no live session (no cookie, or one for a session that expired) is sent to the code entry
 * page (303), which starts a session and its form token. oidc-provider would refuse it with
 * `invalid_request`, then fail re-rendering the page for a session it never saved (a 500
 * and a stack trace for every such request). Entra's page answers a stale form the same
 * way: it shows the code entry again.
 */
export function deviceLoginNeedsSession(provider: Provider, enterCodeUrl: string) {
  return async (ctx: KoaContextWithOIDC, next: () => Promise<unknown>): Promise<void> => {
    // The form post, and the resume route (`/devicelogin/{uid}`) a finished sign-in returns to.
    if ((ctx.method === 'POST' && ctx.path === '/devicelogin') || ctx.path.startsWith('/devicelogin/')) {
      const session = await provider.Session.get(ctx);
      if (typeof session.exp !== 'number') {
        ctx.status = 303;
        ctx.redirect(enterCodeUrl);
        return;
      }
    }
    await next();
  };
}
