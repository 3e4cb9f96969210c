/**
 * The Pulumi program's entry (`main` in Pulumi.yaml). Pulumi imports this ES module,
 * calls the default export and publishes the object it returns as the stack outputs.
 */
import { program } from './program.ts';

/** Called by Pulumi; returns the stack outputs. */
export default () => program();
