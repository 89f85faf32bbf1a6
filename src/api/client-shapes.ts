import { Arn, StringType } from './common.js';
import { bool, enumOf, list, num, req, str, struct } from './shapes.js';

// The app client configuration shared by CreateUserPoolClient and UpdateUserPoolClient, with the
// service model's constraints.

const TimeUnits = enumOf(['seconds', 'minutes', 'hours', 'days']);
const ClientPermission = str({ min: 1, max: 2048 });
const RedirectUrl = str({ min: 1, max: 1024, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' });
const ProviderName = str({ min: 1, max: 32, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\p{Z}]+' });
const Scope = str({ min: 1, max: 256, pattern: '[\\x21\\x23-\\x5B\\x5D-\\x7E]+' });

export const ExplicitAuthFlows = enumOf([
  'ADMIN_NO_SRP_AUTH',
  'CUSTOM_AUTH_FLOW_ONLY',
  'USER_PASSWORD_AUTH',
  'ALLOW_ADMIN_USER_PASSWORD_AUTH',
  'ALLOW_CUSTOM_AUTH',
  'ALLOW_USER_PASSWORD_AUTH',
  'ALLOW_USER_SRP_AUTH',
  'ALLOW_REFRESH_TOKEN_AUTH',
  'ALLOW_USER_AUTH',
]);

export const clientSettingsMembers = {
  RefreshTokenValidity: num({ min: 0, max: 315360000 }),
  AccessTokenValidity: num({ min: 1, max: 86400 }),
  IdTokenValidity: num({ min: 1, max: 86400 }),
  TokenValidityUnits: struct({ AccessToken: TimeUnits, IdToken: TimeUnits, RefreshToken: TimeUnits }),
  ReadAttributes: list(ClientPermission),
  WriteAttributes: list(ClientPermission),
  ExplicitAuthFlows: list(ExplicitAuthFlows),
  SupportedIdentityProviders: list(ProviderName),
  CallbackURLs: list(RedirectUrl, { min: 0, max: 100 }),
  LogoutURLs: list(RedirectUrl, { min: 0, max: 100 }),
  DefaultRedirectURI: RedirectUrl,
  AllowedOAuthFlows: list(enumOf(['code', 'implicit', 'client_credentials']), { min: 0, max: 3 }),
  AllowedOAuthScopes: list(Scope, { max: 50 }),
  AllowedOAuthFlowsUserPoolClient: bool(),
  AnalyticsConfiguration: struct({
    ApplicationId: str({ pattern: '^[0-9a-fA-F]+$' }),
    ApplicationArn: Arn,
    RoleArn: Arn,
    ExternalId: StringType,
    UserDataShared: bool(),
  }),
  PreventUserExistenceErrors: enumOf(['LEGACY', 'ENABLED']),
  EnableTokenRevocation: bool(),
  EnablePropagateAdditionalUserContextData: bool(),
  AuthSessionValidity: num({ min: 3, max: 15 }),
  RefreshTokenRotation: struct({
    Feature: req(enumOf(['ENABLED', 'DISABLED'])),
    RetryGracePeriodSeconds: num({ min: 0, max: 60 }),
  }),
};
