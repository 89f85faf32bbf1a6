/**
 * A provider's answer Cognate cannot use, or the provider's own error: sent back to the app client's
 * redirect URI as an OAuth error (`error`, `error_description`), as Cognito sends federation failures.
 */
export class UpstreamError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
  ) {
    super(description);
    this.name = 'UpstreamError';
  }
}

export const unusable = (description: string) => new UpstreamError('invalid_request', description);
