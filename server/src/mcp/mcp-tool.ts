import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { z } from 'zod';
import type { Principal } from '../auth/principal.ts';

/**
 * One MCP tool. A tool is one file in `server/src/tools/` whose default export is an
 * `McpTool`; the server finds it at startup.
 */
export interface McpTool<Input extends z.ZodObject = z.ZodObject> {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly inputSchema: Input;
  readonly annotations?: { readonly readOnlyHint?: boolean; readonly openWorldHint?: boolean };
  /** `caller` is undefined only when the server runs with authentication off (benchmarks). */
  run(input: z.infer<Input>, caller: Principal | undefined): CallToolResult | Promise<CallToolResult>;
}

/** Helps a tool file keep its input type while exporting the common shape. */
export function defineTool<Input extends z.ZodObject>(tool: McpTool<Input>): McpTool<Input> {
  return tool;
}
