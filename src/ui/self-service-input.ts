/**
 * The check a self-service page's input gets before the core sees it. The hosted UI is a client of
 * Cognito's public API, so a page must accept exactly what the API accepts and word a refusal the same
 * way; http hands in the API's own validation of each operation's input (one set of limits, the
 * service model's), since ui does not import api.
 */
export type SelfServiceOperation = 'SignUp' | 'ConfirmSignUp' | 'ResendConfirmationCode' | 'ForgotPassword' | 'ConfirmForgotPassword';

/** Throws the API's CognitoError (`InvalidParameterException`, ...) when the input breaks a limit. */
export type CheckSelfServiceInput = (operation: SelfServiceOperation, input: Record<string, unknown>) => void;
