/**
 * Cognito's request-rate categories and which operation counts in which. The rates are AWS's
 * documented defaults ("Quotas in Amazon Cognito"); `UserAuthentication` and `UserCreation` list their
 * operations in the documentation's text, the rest follow the categories' descriptions and are
 * unconfirmed (docs/compatibility.md).
 */
export const AWS_DEFAULT_RATES = {
  UserAuthentication: 120,
  UserCreation: 50,
  UserFederation: 25,
  UserAccountRecovery: 30,
  UserRead: 120,
  UserUpdate: 25,
  UserResourceRead: 50,
  UserResourceUpdate: 25,
  UserList: 30,
  UserPoolRead: 15,
  UserPoolUpdate: 15,
  UserPoolResourceRead: 20,
  UserPoolResourceUpdate: 15,
  UserPoolClientRead: 15,
  UserPoolClientUpdate: 15,
  UserToken: 120,
  ClientAuthentication: 150,
} as const;

export type QuotaCategory = keyof typeof AWS_DEFAULT_RATES;

export const isQuotaCategory = (name: string): name is QuotaCategory => Object.hasOwn(AWS_DEFAULT_RATES, name);

const byCategory: Record<QuotaCategory, readonly string[]> = {
  UserAuthentication: ['InitiateAuth', 'AdminInitiateAuth', 'RespondToAuthChallenge', 'AdminRespondToAuthChallenge'],
  UserCreation: ['SignUp', 'ConfirmSignUp', 'AdminCreateUser', 'AdminConfirmSignUp'],
  UserFederation: [],
  UserAccountRecovery: ['ForgotPassword', 'ConfirmForgotPassword', 'AdminResetUserPassword', 'AdminSetUserPassword', 'ChangePassword'],
  UserRead: ['GetUser', 'AdminGetUser'],
  UserUpdate: [
    'AdminDeleteUser', 'AdminDeleteUserAttributes', 'AdminDisableUser', 'AdminEnableUser', 'AdminUpdateUserAttributes',
    'AdminSetUserMFAPreference', 'AdminSetUserSettings', 'AdminLinkProviderForUser', 'AdminDisableProviderForUser',
    'AdminAddUserToGroup', 'AdminRemoveUserFromGroup', 'DeleteUser', 'DeleteUserAttributes', 'UpdateUserAttributes',
    'SetUserMFAPreference', 'SetUserSettings', 'VerifyUserAttribute', 'GetUserAttributeVerificationCode', 'ResendConfirmationCode',
    'AssociateSoftwareToken', 'VerifySoftwareToken',
  ],
  UserResourceRead: ['AdminGetDevice', 'AdminListDevices', 'GetDevice', 'ListDevices', 'AdminListGroupsForUser', 'AdminListUserAuthEvents', 'GetUserAuthFactors', 'AdminGetUserAuthFactors'],
  UserResourceUpdate: [
    'AdminForgetDevice', 'AdminUpdateDeviceStatus', 'ForgetDevice', 'UpdateDeviceStatus', 'ConfirmDevice',
    'AdminUpdateAuthEventFeedback', 'UpdateAuthEventFeedback',
  ],
  UserList: ['ListUsers', 'ListUsersInGroup'],
  UserPoolRead: ['DescribeUserPool', 'ListUserPools', 'GetUserPoolMfaConfig'],
  UserPoolUpdate: ['CreateUserPool', 'UpdateUserPool', 'DeleteUserPool', 'AddCustomAttributes', 'SetUserPoolMfaConfig'],
  UserPoolResourceRead: [
    'DescribeIdentityProvider', 'DescribeResourceServer', 'DescribeRiskConfiguration', 'DescribeUserImportJob', 'DescribeUserPoolDomain',
    'GetCSVHeader', 'GetGroup', 'GetIdentityProviderByIdentifier', 'GetLogDeliveryConfiguration', 'GetSigningCertificate',
    'GetUICustomization', 'ListGroups', 'ListIdentityProviders', 'ListResourceServers', 'ListTagsForResource', 'ListUserImportJobs',
  ],
  UserPoolResourceUpdate: [
    'CreateGroup', 'UpdateGroup', 'DeleteGroup', 'CreateIdentityProvider', 'UpdateIdentityProvider', 'DeleteIdentityProvider',
    'CreateResourceServer', 'UpdateResourceServer', 'DeleteResourceServer', 'CreateUserImportJob', 'StartUserImportJob',
    'StopUserImportJob', 'CreateUserPoolDomain', 'UpdateUserPoolDomain', 'DeleteUserPoolDomain', 'SetRiskConfiguration',
    'SetUICustomization', 'SetLogDeliveryConfiguration', 'TagResource', 'UntagResource',
  ],
  UserPoolClientRead: ['DescribeUserPoolClient', 'ListUserPoolClients'],
  UserPoolClientUpdate: ['CreateUserPoolClient', 'UpdateUserPoolClient', 'DeleteUserPoolClient'],
  UserToken: ['RevokeToken', 'GlobalSignOut', 'AdminUserGlobalSignOut', 'GetTokensFromRefreshToken'],
  ClientAuthentication: [],
};

const operations = new Map<string, QuotaCategory>(
  (Object.entries(byCategory) as [QuotaCategory, readonly string[]][]).flatMap(([category, names]) => names.map((n) => [n, category] as const)),
);

/** The category an API operation is counted in; undefined for one Cognito does not count (or Cognate does not know). */
export const categoryOfOperation = (operation: string): QuotaCategory | undefined => operations.get(operation);

/**
 * The token endpoint: `client_credentials` is ClientAuthentication (documented); the grants that sign
 * a user in or renew the sign-in count as UserAuthentication (unconfirmed).
 */
export const categoryOfGrant = (grantType: string | undefined): QuotaCategory | undefined =>
  grantType === 'client_credentials'
    ? 'ClientAuthentication'
    : grantType === 'authorization_code' || grantType === 'refresh_token' || grantType === 'password'
      ? 'UserAuthentication'
      : undefined;

/** RespondToAuthChallenge and its admin twin have their own allowance of three times the category's rate. */
export const isChallengeResponse = (operation: string) => operation === 'RespondToAuthChallenge' || operation === 'AdminRespondToAuthChallenge';
