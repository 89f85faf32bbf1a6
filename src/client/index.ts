/**
 * Cognate's token client as a library (`import { getToken } from 'cognate/client'`): every OAuth 2.0
 * grant against Cognate or Cognito, PKCE, the loopback redirect receiver, unattended sign-in through
 * the hosted UI, Cognito's password and SRP sign-in, the token cache and the Postman export.
 * It never imports server code, so it works against real Cognito as well.
 */
export { authorize, buildAuthorizationRequest } from './authorize.js';
export type { AuthorizeOptions, AuthorizationRequest, InteractiveOptions } from './authorize.js';
export { TokenCache, cacheKeyOf } from './cache.js';
export { callCognito, environmentCredentials, regionOfPool } from './cognito-api.js';
export type { CognitoApiOptions } from './cognito-api.js';
export { cognitoPasswordSignIn, cognitoRefresh, secretHash } from './cognito-auth.js';
export { configDir, deleteProfile, readConfig, readProfile, saveProfile } from './config.js';
export type { ConfigFile, Profile } from './config.js';
export { cognitoApiOf, discover, discoverIssuer, poolIssuer, resolveEndpoints } from './endpoints.js';
export type { Endpoints } from './endpoints.js';
export { TokenClientError } from './errors.js';
export type { TokenErrorKind } from './errors.js';
export { cognitoApiFor, getToken, refreshTokenSet, revokeCachedTokens, revokeTokenSet, runGrant } from './get-token.js';
export type { GetTokenOptions, GetTokenResult } from './get-token.js';
export { signInHeadless } from './headless.js';
export type { HeadlessCredentials, HeadlessResult } from './headless.js';
export { isLoopbackUri, startLoopbackReceiver } from './loopback.js';
export type { LoopbackReceiver } from './loopback.js';
export { createPkce } from './pkce.js';
export { forgetProfile, saveGivenSettings, settingsOf } from './profile-settings.js';
export type { SettingsSource } from './profile-settings.js';
export type { ChallengeMethod, Pkce } from './pkce.js';
export { POSTMAN_CALLBACK, postmanExport, readPoolForPostman } from './postman.js';
export type { PostmanExport, PostmanExportInput } from './postman.js';
export { GRANT_TYPES, PASSWORD_FLOWS, normalizeSettings } from './settings.js';
export type { ClientSettings, GrantType, PasswordFlow } from './settings.js';
export { signRequest } from './sigv4.js';
export type { AwsCredentials, RequestToSign } from './sigv4.js';
export { decryptCustomSenderCode } from './custom-sender-code.js';
export { srpSession, srpTimestamp } from './srp.js';
export { requestToken, revokeToken } from './token-endpoint.js';
export type { ClientAuth, TokenResponse } from './token-endpoint.js';
export { EXPIRY_MARGIN_SECONDS, isFresh, tokenSetOf } from './token-set.js';
export type { TokenSet, TokenSource } from './token-set.js';
export { totpCode } from './totp.js';
