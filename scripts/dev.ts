/**
 * `npm run dev`: the embedded default. Starts the local Entra-compatible identity provider
 * and the MCP server wired to it, writes where they are into `.env` (unless `.env` names a
 * real tenant), prints what to try next, and stops both on Ctrl-C or SIGTERM. The logic is
 * in src/local-idp/dev-command.ts.
 */
import { processIo, runCommand } from '../src/cli/index.ts';
import { alsoOnSigterm, devCommand, runDev } from '../src/local-idp/dev-command.ts';

const io = processIo();
process.exit(await runCommand(devCommand, process.argv.slice(2), { ...io, signal: alsoOnSigterm(io.signal) }, runDev));
