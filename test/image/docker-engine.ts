import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Set to `required` (CI does) to fail, not skip, when no Docker engine answers. */
export const IMAGE_TEST_ENV = 'ENTRA_MCP_IMAGE_TEST';

/**
 * The Docker CLI: `DOCKER_CLI` when set, else Debian's `/usr/bin/docker` when present (the
 * client that matches Debian's engine and builds with BuildKit without the buildx plugin),
 * else `docker` on PATH.
 */
export const DOCKER = process.env['DOCKER_CLI'] ?? (existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker');

/** Why the image test cannot run here, or `undefined` when an engine answers. */
export function engineUnavailable(): string | undefined {
  try {
    execFileSync(DOCKER, ['version', '--format', '{{.Server.Version}}'], { stdio: 'pipe', timeout: 15_000 });
    return undefined;
  } catch (error) {
    const detail = (error as { stderr?: Buffer }).stderr?.toString().trim().split('\n').at(-1) ?? (error as Error).message;
    return `no Docker engine answers ${DOCKER} (${detail}); start dockerd as .ci/run does`;
  }
}

/** Runs the Docker CLI with BuildKit on; resolves stdout, rejects with stderr's tail. */
export async function docker(args: readonly string[], timeoutMs = 600_000): Promise<string> {
  try {
    const { stdout } = await run(DOCKER, [...args], {
      env: { ...process.env, DOCKER_BUILDKIT: '1' }, maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs,
    });
    return stdout.trim();
  } catch (error) {
    const stderr = String((error as { stderr?: string }).stderr ?? '').trim().split('\n').slice(-15).join('\n');
    throw new Error(`docker ${args.slice(0, 2).join(' ')} failed: ${stderr || (error as Error).message}`);
  }
}
