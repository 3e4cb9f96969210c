/**
 * `npm run connect -- <client>`: what an MCP client needs to sign in to this server. Thin
 * entry point; everything is in src/connect/connect-command.ts (run `--help`).
 */
import { processIo, runCommand } from '../src/cli/index.ts';
import { connectCommand, connectSpec } from '../src/connect/connect-command.ts';

process.exitCode = await runCommand(connectSpec, process.argv.slice(2), processIo(), connectCommand);
