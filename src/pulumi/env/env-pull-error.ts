/** Why `npm run env:pull` left `.env` alone; `code` is stable, the message says what to do. */
export class EnvPullError extends Error {
  readonly code: 'NO_SUCCESSFUL_UPDATE' | 'LAST_UPDATE_NOT_SUCCEEDED' | 'STACK_DESTROYED' | 'MISSING_OUTPUT' | 'SECRET_HIDDEN' | 'PULUMI_FAILED';

  constructor(code: EnvPullError['code'], message: string) {
    super(message);
    this.name = 'EnvPullError';
    this.code = code;
  }
}
