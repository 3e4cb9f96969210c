export { createProxyAuthorizationServer, type ProxyAuthorizationServer, type ProxyAuthorizationServerOptions } from './create-proxy-authorization-server.ts';
export { createMemoryProxyStore, type MemoryProxyStoreOptions } from './memory-proxy-store.ts';
export type { ProxyStore } from './proxy-store.ts';
export { generateProxySigningKey, publicJwks } from './proxy-signing-key.ts';
export type { UpstreamOptions } from './upstream-entra.ts';
export type { VerifiedEntraCaller } from './proxy-identity.ts';
