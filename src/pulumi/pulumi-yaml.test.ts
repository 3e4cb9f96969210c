import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PULUMI_SECRET_ROTATION_CONFIG_KEY } from '../registration/app-registration.ts';
import { loadSettings } from './load-settings.ts';
import { PROJECT, SETTINGS, type SettingKey } from './settings.ts';

// js-yaml is what @pulumi/pulumi itself depends on; load it through that package so the
// test needs nothing the project does not already install.
const requireFromPulumi = createRequire(createRequire(import.meta.url).resolve('@pulumi/pulumi/package.json'));
const yaml = requireFromPulumi('js-yaml') as { load(text: string): unknown };

const root = fileURLToPath(new URL('../../', import.meta.url));
const read = (path: string) => yaml.load(readFileSync(`${root}${path}`, 'utf8')) as Record<string, any>;
const project = read('Pulumi.yaml');
const packageJson = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as Record<string, any>;

describe('Pulumi.yaml', () => {
  it('runs the ESM TypeScript entry with plain Node (type stripping), not ts-node', () => {
    expect(project.name).toBe(PROJECT);
    expect(project.runtime).toEqual({ name: 'nodejs', options: { typescript: false, packagemanager: 'npm', nodeargs: '--import ./scripts/check-node.mjs' } });
    // The Node check every npm script loads first: an old Node gets one line, not a stack trace.
    expect(existsSync(`${root}scripts/check-node.mjs`)).toBe(true);
    expect(project.main).toBe('src/pulumi/index.ts');
    expect(existsSync(`${root}${project.main}`)).toBe(true);
    // Pulumi uses import() only for "type": "module" packages; Node strips types from 22.18.
    expect(packageJson.type).toBe('module');
    expect(packageJson.engines.node).toMatch(/^>=22\.18/);
    expect(project.stackConfigDir).toBe('stacks');
  });

  it('has a default export that is the program (what Pulumi calls)', async () => {
    const entry = (await import('./index.ts')) as Record<string, unknown>;
    expect(Object.keys(entry)).toEqual(['default']);
    expect(typeof entry.default).toBe('function');
  });

  it('declares exactly the settings table: type, description and default of every key', () => {
    const declared = Object.fromEntries(Object.entries(SETTINGS).map(([key, spec]) => [key, { ...spec }]));
    expect(project.config).toEqual(declared);
    for (const spec of Object.values(project.config as Record<string, any>)) {
      expect(spec.description.length).toBeGreaterThan(10);
      expect(spec).toHaveProperty('default');
    }
  });

  it('names the rotation setting the Graph scripts point users at', () => {
    expect(PULUMI_SECRET_ROTATION_CONFIG_KEY).toBe(`${PROJECT}:secretRotation`);
    expect(SETTINGS).toHaveProperty('secretRotation');
  });
});

describe('stacks/Pulumi.example.yaml', () => {
  it('sets only declared keys, with values the program accepts', () => {
    const config = read('stacks/Pulumi.example.yaml').config as Record<string, unknown>;
    const keys = Object.keys(config).map((k) => k.replace(`${PROJECT}:`, ''));
    for (const key of keys) expect(Object.keys(SETTINGS)).toContain(key);
    const values = Object.fromEntries(Object.entries(config).map(([k, v]) => [k.replace(`${PROJECT}:`, ''), String(v)]));
    const settings = loadSettings((key: SettingKey) => values[key], {
      stack: 'dev', now: new Date('2026-11-22T12:00:00Z'), secretLifetimeDays: 180,
    });
    expect(settings.secretRotation).toBe('2026-11-22');
    expect(settings.image).toBeUndefined();
  });

  it('is the only stack file git tracks: a deployment writes its own, ignored one', () => {
    const ignore = readFileSync(new URL('../../.gitignore', import.meta.url), 'utf8').split('\n');
    expect(ignore).toEqual(expect.arrayContaining(['stacks/Pulumi.*.yaml', '!stacks/Pulumi.example.yaml']));
  });
});
