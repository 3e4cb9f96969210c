import { execFile } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));
const url = (path: string) => pathToFileURL(`${root}${path}`).href;

// Vitest compiles TypeScript with esbuild, which accepts syntax Node's type stripping
// refuses (enums, parameter properties...). This runs the entry the way Pulumi's Node
// language host does with `typescript: false`: plain `node`, `import()` of the file URL of
// `main`, then a call of the default export; only the engine is replaced by the mocks.
const script = `
  const pulumi = await import('@pulumi/pulumi');
  const { mockCloud, settle, valueOf } = await import(${JSON.stringify(url('src/pulumi/testing/mock-cloud.ts'))});
  const registered = await mockCloud({ preview: true });
  pulumi.runtime.setAllConfig({ 'entra-mcp:secretRotation': new Date().toISOString().slice(0, 10) });
  const entry = await import(${JSON.stringify(url('src/pulumi/index.ts'))});
  const outputs = entry.default();
  const mcpUrl = await valueOf(outputs.mcpUrl);
  await settle();
  console.log(JSON.stringify({ mcpUrl, resources: registered.length, node: process.versions.node }));
`;

describe('the program entry under plain Node', () => {
  it('loads through type stripping and registers the stack', async () => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { cwd: root });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string) as { mcpUrl: string; resources: number; node: string };
    expect(result.mcpUrl).toBe('https://mcp-dev.happy-sea-123.westeurope.azurecontainerapps.io/mcp');
    // 10 Entra + 8 Azure resources + the image build and the Container App running it (the
    // default settings name no image) + the 2 components; then "entra-mcp clients": its
    // component, application, redirect URIs, public client flag, API access, service
    // principal, and the API's pre-authorization of it (7).
    expect(result.resources).toBe(29);
    const [major, minor] = result.node.split('.').map(Number) as [number, number];
    expect(major > 22 || (major === 22 && minor >= 18)).toBe(true);
  });
});
