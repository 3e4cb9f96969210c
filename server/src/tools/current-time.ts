import { z } from 'zod';
import { defineTool } from '../mcp/mcp-tool.ts';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

export default defineTool({
  name: 'current_time',
  title: 'Current time',
  description: 'The current date and time in an IANA time zone (default UTC), as ISO 8601 and in words.',
  inputSchema: z.object({
    timeZone: z.string().max(64).refine(isTimeZone, 'not an IANA time zone, e.g. Europe/Paris').default('UTC').describe('IANA time zone, e.g. Europe/Paris'),
  }),
  annotations: { readOnlyHint: true, openWorldHint: false },
  run({ timeZone }) {
    const now = new Date();
    const spoken = new Intl.DateTimeFormat('en-GB', { timeZone, dateStyle: 'full', timeStyle: 'long' }).format(now);
    const result = { timeZone, iso: now.toISOString(), spoken };
    return { content: [{ type: 'text', text: `${spoken} (${timeZone})` }], structuredContent: result };
  },
});
