// `npm run register-app`: creates or updates the Entra app registration through Microsoft Graph.
// Thin entry point; everything is in src/graph/register-app-command.ts (run `--help`).
import { runRegisterApp } from '../src/graph/register-app-command.ts';
import { processIo } from '../src/graph/script-io.ts';

process.exitCode = await runRegisterApp(process.argv.slice(2), processIo());
