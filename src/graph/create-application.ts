import type { Application } from '@microsoft/microsoft-graph-types';
import type { AppRegistrationDescription } from '../registration/app-registration.ts';
import type { GraphApi } from './graph-client.ts';

/**
 * `POST /applications` with the display name and audience only; every other field is set by
 * the planned PATCHes, so a create and an update run the very same steps. Not retried on a
 * 5xx (a retry could make a second application); a re-run finds the first by display name.
 *
 * @returns the 201 body: `id` (object id) and `appId` (client id) among others.
 */
export async function createApplication(graph: GraphApi, description: AppRegistrationDescription): Promise<Application> {
  return graph.request<Application>('POST', '/applications', { displayName: description.displayName, signInAudience: description.signInAudience }, { idempotent: false });
}
