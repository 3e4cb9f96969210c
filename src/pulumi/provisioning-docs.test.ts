import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

describe('docs/provisioning.md', () => {
  const doc = read('docs/provisioning.md');
  const section = doc.slice(doc.indexOf('## From `git clone`'), doc.indexOf('`npm run deploy` does, in order'));
  const commands = (section.match(/```sh\n([\s\S]*?)```/)?.[1] ?? '').split('\n').filter((l) => l.trim() !== '');

  it('goes from git clone to a deployed, signed-in server in at most five commands, and says so', () => {
    expect(commands.length).toBeGreaterThan(0);
    expect(commands.length).toBeLessThanOrEqual(5);
    expect(commands[0]).toMatch(/^git clone /);
    expect(commands.at(-1)).toMatch(/^npm run deploy\b/);
    expect(section).toContain(`Commands (${commands.length})`);
    expect(section).toContain(`${commands.length} commands`);
  });

  it('counts at most eight steps, installs and editor actions included (issue: the first hour)', () => {
    const installs = Number(/Installs, once per machine \((\d+)\)/.exec(section)?.[1]);
    const editor = Number(/Editor actions in VS Code \((\d+)\)/.exec(section)?.[1]);
    const steps = installs + commands.length + editor;
    expect(steps).toBeLessThanOrEqual(8);
    expect(section).toContain(`${installs} installs, ${commands.length} commands and ${editor} editor actions:\n${steps} steps`);
  });

  it('names only npm scripts the project has', () => {
    const scripts = Object.keys((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts);
    for (const [, name] of section.matchAll(/npm run ([\w:-]+)/g)) expect(scripts).toContain(name);
  });
});
