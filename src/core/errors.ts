/**
 * The one error type of the core. It carries Cognito's exception name (`__type`) and message;
 * adapters render it in their own wire format (JSON API, OAuth error, hosted-UI page).
 */
export class CognitoError extends Error {
  constructor(
    readonly type: CognitoErrorType,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** What the error means to a sign-in in progress, so adapters route it without reading the message. */
    readonly kind?: SignInErrorKind,
  ) {
    super(message);
    this.name = type;
  }
}

/**
 * Errors after which a sign-in in progress cannot go on: its session is gone or stale, the account
 * was disabled meanwhile, or the lockout refuses every further attempt for now.
 */
export type SignInErrorKind = 'session-expired' | 'user-disabled' | 'attempts-exceeded';

/** Whether an error ends the sign-in in progress (the hosted pages then go back to the sign-in form). */
export const endsSignIn = (error: unknown): boolean => error instanceof CognitoError && error.kind !== undefined;

export type CognitoErrorType =
  | 'AliasExistsException'
  | 'CodeMismatchException'
  | 'ConcurrentModificationException'
  | 'EnableSoftwareTokenMFAException'
  | 'ExpiredCodeException'
  | 'ForbiddenException'
  | 'GroupExistsException'
  | 'InternalErrorException'
  | 'InvalidOAuthFlowException'
  | 'InvalidParameterException'
  | 'InvalidPasswordException'
  | 'InvalidUserPoolConfigurationException'
  | 'LimitExceededException'
  | 'MFAMethodNotFoundException'
  | 'NotAuthorizedException'
  | 'PasswordHistoryPolicyViolationException'
  | 'PasswordResetRequiredException'
  | 'PreconditionNotMetException'
  | 'RefreshTokenReuseException'
  | 'ResourceNotFoundException'
  | 'ScopeDoesNotExistException'
  | 'SoftwareTokenMFANotFoundException'
  | 'TooManyFailedAttemptsException'
  | 'TooManyRequestsException'
  | 'UnauthorizedException'
  | 'UnsupportedIdentityProviderException'
  | 'UnsupportedOperationException'
  | 'UnsupportedTokenTypeException'
  | 'UnsupportedUserStateException'
  | 'UserNotConfirmedException'
  | 'UserNotFoundException'
  | 'UserPoolTaggingException'
  | 'UsernameExistsException'
  | 'WebAuthnChallengeNotFoundException'
  | 'WebAuthnClientMismatchException'
  | 'WebAuthnConfigurationMissingException'
  | 'WebAuthnCredentialNotSupportedException'
  | 'WebAuthnNotEnabledException'
  | 'WebAuthnOriginNotAllowedException'
  | 'WebAuthnRelyingPartyMismatchException'
  // Protocol-level errors raised before an operation runs.
  | 'SerializationException'
  | 'UnknownOperationException'
  | 'MissingAuthenticationTokenException'
  | 'UnrecognizedClientException'
  | 'InvalidSignatureException'
  | 'IncompleteSignatureException'
  | 'AccessDeniedException'
  // Appended for identity providers.
  | 'DuplicateProviderException'
  // Appended for devices.
  | 'DeviceKeyExistsException'
  // Appended for Lambda triggers.
  | 'UserLambdaValidationException'
  | 'UnexpectedLambdaException'
  | 'InvalidLambdaResponseException'
  // Appended for terms, branding, replicas and limits.
  | 'TermsExistsException'
  | 'ManagedLoginBrandingExistsException'
  | 'OperationNotEnabledException'
  | 'FeatureUnavailableInTierException'
  | 'ServiceQuotaExceededException';

/** Shorthands for the errors raised in many places, with Cognito's own wording. */
export const err = {
  invalidParameter: (message: string) => new CognitoError('InvalidParameterException', message),
  notAuthorized: (message: string) => new CognitoError('NotAuthorizedException', message),
  poolNotFound: (poolId: string) => new CognitoError('ResourceNotFoundException', `User pool ${poolId} does not exist.`),
  clientNotFound: (clientId: string) =>
    new CognitoError('ResourceNotFoundException', `User pool client ${clientId} does not exist.`),
  userNotFound: () => new CognitoError('UserNotFoundException', 'User does not exist.'),
  groupNotFound: () => new CognitoError('ResourceNotFoundException', 'Group not found.'),
  limitExceeded: (message: string) => new CognitoError('LimitExceededException', message),
  sessionExpired: () => new CognitoError('NotAuthorizedException', 'Invalid session for the user, session is expired.', {}, 'session-expired'),
  userDisabled: () => new CognitoError('NotAuthorizedException', 'User is disabled.', {}, 'user-disabled'),
  attemptsExceeded: () => new CognitoError('NotAuthorizedException', 'Password attempts exceeded', {}, 'attempts-exceeded'),
};
