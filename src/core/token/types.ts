/**
 * The tokens a finished sign-in or a refresh hands back, and the refresh request.
 */

export interface NewDeviceMetadata {
  DeviceKey?: string;
  DeviceGroupKey?: string;
}

export interface AuthenticationTokens {
  AccessToken?: string;
  ExpiresIn?: number;
  TokenType?: string;
  RefreshToken?: string;
  IdToken?: string;
  NewDeviceMetadata?: NewDeviceMetadata;
}

export interface GetTokensFromRefreshTokenInput {
  RefreshToken: string;
  ClientId: string;
  ClientSecret?: string;
  DeviceKey?: string;
  ClientMetadata?: Record<string, string>;
}
