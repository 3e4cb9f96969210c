import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { McpTool } from './mcp-tool.ts';

const TOOLS_DIR = new URL('../tools/', import.meta.url);

function isTool(value: unknown): value is McpTool {
  const t = value as Partial<McpTool> | undefined;
  return typeof t?.name === 'string' && typeof t.run === 'function' && typeof t.inputSchema?.safeParse === 'function';
}

/**
 * Every tool in `server/src/tools/`: adding a tool is adding a file there. Loaded once at
 * startup; a file that does not default-export a tool, or a duplicate name, stops startup.
 */
export async function loadTools(dir: URL = TOOLS_DIR): Promise<McpTool[]> {
  const files = (await readdir(fileURLToPath(dir))).filter((f) => /\.(ts|js)$/.test(f) && !/\.(test|d)\.ts$/.test(f)).sort();
  const tools: McpTool[] = [];
  for (const file of files) {
    const module = (await import(new URL(file, dir).href)) as { default?: unknown };
    const tool = module.default;
    if (!isTool(tool)) throw new Error(`server/src/tools/${file} must default-export a tool (see mcp/mcp-tool.ts)`);
    if (tools.some((t) => t.name === tool.name)) throw new Error(`two tools are named ${tool.name}`);
    tools.push(tool);
  }
  return tools;
}
