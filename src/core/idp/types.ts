/**
 * The shapes of an external identity provider as core describes it.
 */

export type ProviderType = 'Facebook' | 'Google' | 'LoginWithAmazon' | 'OIDC' | 'SAML' | 'SignInWithApple';

export interface IdentityProviderDescription {
  UserPoolId?: string;
  ProviderName?: string;
  ProviderType?: ProviderType;
  ProviderDetails?: Record<string, string>;
  AttributeMapping?: Record<string, string>;
  IdpIdentifiers?: string[];
  AcrMapping?: Record<string, string>;
  LastModifiedDate?: Date;
  CreationDate?: Date;
}

export interface IdentityProviderSummary {
  ProviderName?: string;
  ProviderType?: ProviderType;
  LastModifiedDate?: Date;
  CreationDate?: Date;
}
