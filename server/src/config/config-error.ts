/** A setting is missing or malformed. `variable` names the environment variable to fix. */
export class ConfigError extends Error {
  readonly variable: string;
  readonly example: string;

  constructor(variable: string, problem: string, example: string) {
    super(`${variable} ${problem}. Set it, for example: ${variable}=${example}`);
    this.name = 'ConfigError';
    this.variable = variable;
    this.example = example;
  }
}
