import { spawn } from 'node:child_process';

/** The desktop's opener for a URL: `open` (macOS), `start` (Windows), `xdg-open` (elsewhere). */
export function browserCommand(url: string, platform: NodeJS.Platform = process.platform): [string, string[]] {
  if (platform === 'darwin') return ['open', [url]];
  if (platform === 'win32') return ['cmd', ['/c', 'start', '""', url.replace(/&/g, '^&')]];
  return ['xdg-open', [url]];
}

/** Openers hand the URL to a browser and exit; one still running after this long has started a browser itself. */
const STILL_RUNNING_MEANS_OPENED_MS = 3000;

/**
 * Opens `url` in the desktop's browser; resolves false when it could not: no opener to run
 * (ENOENT), or the opener exited with a failure, as `xdg-open` does on a machine without a
 * browser (exit 3, "no method available for opening"). Only then may the caller say it
 * opened one; otherwise it points at the printed URL.
 */
export function openBrowser(url: string, command: [string, string[]] = browserCommand(url)): Promise<boolean> {
  const [program, args] = command;
  return new Promise((resolve) => {
    try {
      const child = spawn(program, args, { stdio: 'ignore', detached: true });
      const timer = setTimeout(() => {
        child.unref();
        resolve(true);
      }, STILL_RUNNING_MEANS_OPENED_MS);
      timer.unref();
      child.once('error', () => {
        clearTimeout(timer);
        resolve(false);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(code === 0);
      });
    } catch {
      resolve(false);
    }
  });
}
