/**
 * The Graph stand-in's federated identity credentials and service principal by appId, against
 * Graph's documented shapes and errors (sources in federated-credential-routes.ts).
 */
import { expect, test } from 'vitest';
import { seedManagedIdentity } from './directory.ts';
import { seedApplication } from './harness.ts';
import { createStandIn } from './stand-in.ts';

/** What these answers carry: an entity, a collection, or Graph's error body. */
type GraphBody = Record<string, unknown> & { id?: string; value?: unknown[]; error: { code: string; message: string } };

function setUp() {
  const standIn = createStandIn();
  const app = seedApplication(standIn.directory);
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await standIn.fetch(`https://graph.microsoft.com/v1.0${path}`, {
      method,
      headers: { authorization: `Bearer ${standIn.directory.graphToken}`, 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    return { status: response.status, json: (await response.json().catch(() => null)) as GraphBody | null };
  };
  return { standIn, app, call, path: `/applications/${app.id}/federatedIdentityCredentials` };
}

const fic = (name: string) => ({ name, issuer: 'https://login.microsoftonline.com/t/v2.0', subject: `subject-${name}`, audiences: ['api://AzureADTokenExchange'] });

test('create → 201 with an id; list; a second of the same name → 409 Request_MultipleObjectsWithSameKeyValue', async () => {
  const { call, path } = setUp();
  const created = await call('POST', path, fic('a'));
  expect(created.status).toBe(201);
  expect(created.json).toMatchObject({ ...fic('a'), id: expect.any(String), description: null });
  expect((await call('GET', path)).json?.value).toHaveLength(1);
  const again = await call('POST', path, { ...fic('a'), subject: 'other' });
  expect(again.status).toBe(409);
  expect(again.json?.error).toMatchObject({ code: 'Request_MultipleObjectsWithSameKeyValue', message: 'FederatedIdentityCredential with name a already exists.' });
});

test('at most 20 per application: the 21st is refused with 400', async () => {
  const { call, path } = setUp();
  for (let i = 0; i < 20; i++) expect((await call('POST', path, fic(`c${i}`))).status).toBe(201);
  const refused = await call('POST', path, fic('c20'));
  expect(refused.status).toBe(400);
  expect(refused.json?.error.code).toBe('Request_BadRequest');
});

test('missing fields and more than one audience → 400; PATCH by id → 204 and the name cannot change', async () => {
  const { call, path } = setUp();
  expect((await call('POST', path, { name: 'x', issuer: 'i', audiences: ['a'] })).status).toBe(400);
  expect((await call('POST', path, { ...fic('x'), audiences: ['a', 'b'] })).status).toBe(400);
  const id = (await call('POST', path, fic('x'))).json?.id as string;
  expect((await call('PATCH', `${path}/${id}`, { subject: 'new' })).status).toBe(204);
  expect((await call('GET', `${path}/${id}`)).json).toMatchObject({ name: 'x', subject: 'new' });
  expect((await call('PATCH', `${path}/${id}`, { name: 'y' })).status).toBe(400);
  expect((await call('PATCH', `${path}/nope`, { subject: 'z' })).json?.error.code).toBe('Request_ResourceNotFound');
});

test("servicePrincipals(appId='…'): a managed identity's principal id and type; unknown → 404 Request_ResourceNotFound", async () => {
  const { standIn, call } = setUp();
  const identity = seedManagedIdentity(standIn.directory);
  expect((await call('GET', `/servicePrincipals(appId='${identity.appId}')`)).json).toMatchObject({ id: identity.id, appId: identity.appId, servicePrincipalType: 'ManagedIdentity' });
  const missing = await call('GET', "/servicePrincipals(appId='0f0f0f0f-1111-2222-3333-444444444444')");
  expect(missing.status).toBe(404);
  expect(missing.json?.error.code).toBe('Request_ResourceNotFound');
});
