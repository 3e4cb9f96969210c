import { mkdir, readFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from '../../shared/env-file.ts';

/** The server's entry name for a stack, beside `entra-mcp` (the local `npm run dev` stack). */
export function vscodeServerName(stack: string): string {
  return `entra-mcp-${stack}`;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Pure: `.vscode/mcp.json` with the deployed server added (or its URL updated) under `name`,
 * everything else kept. VS Code discovers the sign-in from the server's 401 and metadata, so
 * the URL is all an HTTP entry needs.
 * https://code.visualstudio.com/docs/copilot/customization/mcp-servers
 */
export function withMcpServer(existing: unknown, name: string, url: string): Json {
  const config = existing === undefined ? {} : existing;
  if (!isObject(config)) throw new Error('.vscode/mcp.json is not a JSON object');
  const servers = config['servers'] ?? {};
  if (!isObject(servers)) throw new Error('.vscode/mcp.json: "servers" is not an object');
  return { ...config, servers: { ...servers, [name]: { type: 'http', url } } };
}

/**
 * Adds the server to `.vscode/mcp.json` at `path` (created when missing), atomically. A file
 * VS Code accepts but JSON does not (comments, trailing commas) is left alone, with the entry
 * to add by hand in the error.
 */
export async function writeVscodeMcpJson(path: string, name: string, url: string): Promise<void> {
  let existing: unknown;
  try {
    existing = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') {
      throw new Error(`${path} is not plain JSON (${(error as Error).message}); left unchanged. Add under "servers": "${name}": { "type": "http", "url": "${url}" }`);
    }
  }
  await mkdir(dirname(path), { recursive: true });
  await writeFileAtomic(path, `${JSON.stringify(withMcpServer(existing, name, url), null, 2)}\n`, 0o644);
}
