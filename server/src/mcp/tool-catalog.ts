import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { CallToolRequestSchema, ListToolsRequestSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';
import type { Principal } from '../auth/principal.ts';
import type { McpTool } from './mcp-tool.ts';

export interface ServerInfo {
  readonly name: string;
  readonly version: string;
}

/**
 * The tools, prepared once: their JSON schemas are computed at startup, and one JSON-schema
 * validator is shared. Stateless streamable HTTP needs a new SDK `Server` per request, and
 * built the default way each one compiles its own validator, which dominated the cost of a
 * request when measured (`npm run bench`).
 */
export class ToolCatalog {
  readonly #tools: ReadonlyMap<string, McpTool>;
  /** Each tool's input schema with no additional properties: a misspelt argument is refused, not ignored. */
  readonly #schemas: ReadonlyMap<string, z.ZodObject>;
  readonly #listing: Tool[];
  readonly #info: ServerInfo;
  readonly #validator = new AjvJsonSchemaValidator();

  constructor(tools: readonly McpTool[], info: ServerInfo) {
    this.#tools = new Map(tools.map((t) => [t.name, t]));
    this.#schemas = new Map(tools.map((t) => [t.name, t.inputSchema.strict()]));
    this.#info = info;
    this.#listing = tools.map((t) => ({
      name: t.name,
      title: t.title,
      description: t.description,
      inputSchema: z.toJSONSchema(this.#schemas.get(t.name)!, { io: 'input' }) as Tool['inputSchema'],
      ...(t.annotations === undefined ? {} : { annotations: { ...t.annotations } }),
    }));
  }

  get names(): string[] {
    return [...this.#tools.keys()];
  }

  /** A fresh SDK server for one request, answering `tools/list` and `tools/call`. */
  createServer(): Server {
    const server = new Server(this.#info, { capabilities: { tools: {} }, jsonSchemaValidator: this.#validator });
    server.setRequestHandler(ListToolsRequestSchema, () => ({ tools: this.#listing }));
    server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
      const caller = extra.authInfo?.extra?.['principal'] as Principal | undefined;
      return this.call(request.params.name, request.params.arguments ?? {}, caller);
    });
    return server;
  }

  async call(name: string, args: unknown, caller: Principal | undefined): Promise<CallToolResult> {
    const tool = this.#tools.get(name);
    if (tool === undefined) return { isError: true, content: [{ type: 'text', text: `Unknown tool ${JSON.stringify(name.slice(0, 64))}.` }] };
    const schema = this.#schemas.get(name)!;
    const parsed = schema.safeParse(args);
    if (!parsed.success) {
      const expected = Object.keys(schema.shape);
      const problems = parsed.error.issues
        .map((i) =>
          i.code === 'unrecognized_keys'
            ? `unknown argument${i.keys.length > 1 ? 's' : ''} ${i.keys.map((k) => JSON.stringify(k.slice(0, 64))).join(', ')} (expected ${expected.length === 0 ? 'no arguments' : expected.join(', ')})`
            : `${i.path.join('.') || '(input)'}: ${i.message}`,
        )
        .join('; ');
      return { isError: true, content: [{ type: 'text', text: `Invalid arguments for ${tool.name}: ${problems}` }] };
    }
    return tool.run(parsed.data, caller);
  }
}
