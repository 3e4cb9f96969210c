/** Where to get the Pulumi CLI, for the message when it is missing. */
export const PULUMI_INSTALL_URL = 'https://www.pulumi.com/docs/iac/download-install/';

/**
 * Why `npm run env:pull` left `.env` alone; `code` is stable, the message says what happened
 * and `advice` what to do. Shaped as the command framework's `ReportableError`.
 */
export class EnvPullError extends Error {
  readonly code: 'NO_SUCCESSFUL_UPDATE' | 'LAST_UPDATE_NOT_SUCCEEDED' | 'STACK_DESTROYED' | 'MISSING_OUTPUT' | 'SECRET_HIDDEN' | 'PULUMI_FAILED' | 'PULUMI_NOT_INSTALLED';
  readonly advice: readonly string[];

  constructor(code: EnvPullError['code'], message: string, advice: readonly string[] = []) {
    super(message);
    this.name = 'EnvPullError';
    this.code = code;
    this.advice = advice;
  }
}
