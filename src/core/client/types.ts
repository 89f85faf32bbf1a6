import type { OAuthFlow } from '../pool/types.js';

/**
 * The shapes of an app client's settings as core stores and describes them.
 */

export type TimeUnits = 'days' | 'hours' | 'minutes' | 'seconds';

export interface TokenValidityUnits {
  AccessToken?: TimeUnits;
  IdToken?: TimeUnits;
  RefreshToken?: TimeUnits;
}

export type ExplicitAuthFlows = 'ADMIN_NO_SRP_AUTH' | 'ALLOW_ADMIN_USER_PASSWORD_AUTH' | 'ALLOW_CUSTOM_AUTH' | 'ALLOW_REFRESH_TOKEN_AUTH' | 'ALLOW_USER_AUTH' | 'ALLOW_USER_PASSWORD_AUTH' | 'ALLOW_USER_SRP_AUTH' | 'CUSTOM_AUTH_FLOW_ONLY' | 'USER_PASSWORD_AUTH';

export interface AnalyticsConfiguration {
  ApplicationId?: string;
  ApplicationArn?: string;
  RoleArn?: string;
  ExternalId?: string;
  UserDataShared?: boolean;
}

export type PreventUserExistenceErrorTypes = 'ENABLED' | 'LEGACY';

export type Feature = 'DISABLED' | 'ENABLED';

export interface RefreshTokenRotation {
  Feature: Feature;
  RetryGracePeriodSeconds?: number;
}

/** The settings a client is created with, updated to, and described by: one list for the three. */
export interface ClientSettings {
  RefreshTokenValidity?: number;
  AccessTokenValidity?: number;
  IdTokenValidity?: number;
  TokenValidityUnits?: TokenValidityUnits;
  ReadAttributes?: string[];
  WriteAttributes?: string[];
  ExplicitAuthFlows?: ExplicitAuthFlows[];
  SupportedIdentityProviders?: string[];
  CallbackURLs?: string[];
  LogoutURLs?: string[];
  DefaultRedirectURI?: string;
  AllowedOAuthFlows?: OAuthFlow[];
  AllowedOAuthScopes?: string[];
  AllowedOAuthFlowsUserPoolClient?: boolean;
  AnalyticsConfiguration?: AnalyticsConfiguration;
  PreventUserExistenceErrors?: PreventUserExistenceErrorTypes;
  EnableTokenRevocation?: boolean;
  EnablePropagateAdditionalUserContextData?: boolean;
  AuthSessionValidity?: number;
  RefreshTokenRotation?: RefreshTokenRotation;
}

export interface CreateUserPoolClientInput extends ClientSettings {
  UserPoolId: string;
  ClientName: string;
  GenerateSecret?: boolean;
  ClientSecret?: string;
}

export type ClientType = 'DCR' | 'REGULAR';

export interface UserPoolClientDescription extends ClientSettings {
  UserPoolId?: string;
  ClientName?: string;
  ClientId?: string;
  ClientSecret?: string;
  LastModifiedDate?: Date;
  CreationDate?: Date;
  ClientType?: ClientType;
}

export interface UpdateUserPoolClientInput extends ClientSettings {
  UserPoolId: string;
  ClientId: string;
  ClientName?: string;
}

export interface UserPoolClientSummary {
  ClientId?: string;
  UserPoolId?: string;
  ClientName?: string;
}
