// `npm run deploy [-- --stack dev] [--yes] [--preview] [--skip-preflight]`: checks, pulumi up, .env,
// then the next steps (docs/provisioning.md). Thin entry point: src/pulumi/deploy/.
import { deployCommand } from '../src/pulumi/deploy/deploy-command.ts';

process.exitCode = await deployCommand();
