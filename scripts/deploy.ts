// `npm run deploy`: preflight, pulumi up (image built and pushed in the same update), .env, next
// steps (docs/provisioning.md). Thin entry point: src/pulumi/deploy/deploy-command.ts (run --help).
import { processIo } from '../src/cli/command-io.ts';
import { runDeployCommand } from '../src/pulumi/deploy/deploy-command.ts';

process.exitCode = await runDeployCommand(process.argv.slice(2), processIo());
