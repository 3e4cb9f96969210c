// The one command framework: flags, --help, --json, the error line and exit statuses.
export { EXIT, CommandError, isReportableError, type ExitStatus, type ReportableError } from './command-error.ts';
export { processIo, type CommandIo } from './command-io.ts';
export { helpText, parseCommandLine, type CommandSpec, type FlagSpec, type FlagSpecs, type FlagValues } from './define-command.ts';
export { failureJson, formatFailure, runCommand, type CommandContext } from './run-command.ts';
