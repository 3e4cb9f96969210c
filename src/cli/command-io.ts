/** Everything a command touches outside itself, injected so tests run commands in-process. */
export interface CommandIo {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (a person reading) rather than a pipe or a file. */
  readonly stdoutIsTerminal?: boolean;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
  /** Aborted when the user asks to stop (Ctrl-C). */
  readonly signal?: AbortSignal;
}

/** The real process, with Ctrl-C wired to `signal`: what `scripts/*.ts` pass. */
export function processIo(): CommandIo {
  const controller = new AbortController();
  process.once('SIGINT', () => controller.abort());
  return {
    cwd: process.cwd(),
    env: process.env,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    stdoutIsTerminal: process.stdout.isTTY === true,
    signal: controller.signal,
  };
}
