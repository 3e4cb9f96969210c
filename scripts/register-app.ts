// `npm run register-app`: creates or updates the Entra app registration through Microsoft Graph.
// Thin entry point; everything is in src/graph/register-app-command.ts (run `--help`).
import { processIo } from '../src/cli/command-io.ts';
import { runRegisterApp } from '../src/graph/register-app-command.ts';

process.exitCode = await runRegisterApp(process.argv.slice(2), processIo());
