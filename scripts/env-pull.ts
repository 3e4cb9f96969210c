// `npm run env:pull`: after a successful `pulumi up`, writes the stack outputs into .env (see --help).
// Thin entry point; everything is in src/pulumi/env/env-pull-command.ts.
import { processIo } from '../src/cli/command-io.ts';
import { runEnvPull } from '../src/pulumi/env/env-pull-command.ts';

process.exitCode = await runEnvPull(process.argv.slice(2), processIo());
