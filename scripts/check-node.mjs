// Loaded before every entry point (`node --import ./scripts/check-node.mjs scripts/<x>.ts`, see
// package.json): a Node that cannot run TypeScript files fails on the .ts file itself with
// ERR_UNKNOWN_FILE_EXTENSION and a stack trace, before any check inside it could run. Plain
// JavaScript, so it runs on any Node that has --import (18.19 and later).

/**
 * Pure: the one line to print when this Node cannot run the project, else undefined.
 * Type stripping (`process.features.typescript`) is what the entry points need: Node 22.18+
 * has it on by default; older Nodes, or `--no-experimental-strip-types`, do not.
 *
 * @param {{ version: string, typescript: unknown, script: string | undefined }} node
 * @returns {string | undefined}
 */
export function nodeProblem({ version, typescript, script }) {
  if (typescript === 'strip' || typescript === 'transform') return undefined;
  const run = script === undefined ? 'npm run <command>' : `npm run ${script}`;
  return `entra-mcp: Node ${version} cannot run TypeScript files (needs Node 22.18 or later, type stripping on). Run \`${run}\` instead: it uses the Node 22 that \`npm ci\` installs into node_modules.`;
}

/** The npm script name (`npm run dev` sets npm_lifecycle_event), else the script file's. */
function scriptName() {
  if (process.env.npm_lifecycle_event) return process.env.npm_lifecycle_event;
  const file = process.argv[1]?.split(/[\\/]/).pop()?.replace(/\.ts$/, '');
  return file === 'env-pull' ? 'env:pull' : file;
}

const problem = nodeProblem({ version: process.version, typescript: process.features.typescript, script: scriptName() });
if (problem !== undefined) {
  process.stderr.write(`${problem}\n`);
  process.exit(1);
}
