/**
 * `npm run doctor`: what would make sign-in to the MCP server fail, found before anyone tries.
 * Thin entry point; everything is in src/doctor/doctor-command.ts (run `--help`).
 */
import { processIo, runCommand } from '../src/cli/index.ts';
import { doctorCommand, doctorSpec } from '../src/doctor/doctor-command.ts';

process.exitCode = await runCommand(doctorSpec, process.argv.slice(2), processIo(), doctorCommand);
