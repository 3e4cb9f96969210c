import { expect, test } from 'vitest';
import { appRegistration, pulumiManagedMarker } from '../registration/app-registration.ts';
import { pulumiStackOf } from './pulumi-managed.ts';

test('the Pulumi marker is found in notes, the service principal tags or the application tags', () => {
  const marker = pulumiManagedMarker('dev');
  expect(pulumiStackOf({ notes: marker }, appRegistration)).toBe('dev');
  expect(pulumiStackOf({ notes: `managed elsewhere; ${pulumiManagedMarker('org/prod')} (do not edit)` }, appRegistration)).toBe('org/prod');
  expect(pulumiStackOf({}, appRegistration, { tags: ['WindowsAzureActiveDirectoryIntegratedApp', marker] })).toBe('dev');
  expect(pulumiStackOf({ tags: [marker] }, appRegistration)).toBe('dev');
  expect(pulumiStackOf({ notes: 'hand-made', tags: ['x'] }, appRegistration, { tags: [] })).toBeUndefined();
});
