/**
 * `npm run sign-in`: the discovering client, from the server's 401 to its tools. Thin entry
 * point; everything is in src/clients/sign-in-command.ts (run `--help`).
 */
import { processIo, runCommand } from '../src/cli/index.ts';
import { signInCommand, signInSpec } from '../src/clients/sign-in-command.ts';

// exit explicitly: the MCP SDK's client may leave keep-alive sockets that would hold the process open.
process.exit(await runCommand(signInSpec, process.argv.slice(2), processIo(), signInCommand));
