/**
 * `npm run token`: an access token for the MCP server by the Device Code flow. Thin entry
 * point; everything is in src/clients/token-command.ts (run `--help`).
 */
import { processIo, runCommand } from '../src/cli/index.ts';
import { tokenCommand, tokenSpec } from '../src/clients/token-command.ts';

process.exitCode = await runCommand(tokenSpec, process.argv.slice(2), processIo(), tokenCommand);
