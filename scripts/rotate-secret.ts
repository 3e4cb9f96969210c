// `npm run rotate-secret`: replaces the client secret without downtime (see --help).
// Thin entry point; everything is in src/rotation/rotate-secret-command.ts.
import { processIo } from '../src/cli/command-io.ts';
import { runRotateSecret } from '../src/rotation/rotate-secret-command.ts';

process.exitCode = await runRotateSecret(process.argv.slice(2), processIo());
