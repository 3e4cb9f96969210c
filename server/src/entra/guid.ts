const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Whether `value` is a GUID in its canonical 8-4-4-4-12 hex form (tenant, client and object ids). */
export function isGuid(value: string): boolean {
  return GUID.test(value);
}

/** A GUID-shaped placeholder for examples in error messages. */
export const EXAMPLE_GUID = '00000000-0000-0000-0000-000000000000';
