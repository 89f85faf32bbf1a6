/**
 * The shapes core takes and returns for users, their attributes, groups, sign-up and
 * verification codes, with Cognito's member names so the API adapter passes them through.
 */

export interface Attribute {
  Name: string;
  Value?: string;
}

export type DeliveryMedium = 'EMAIL' | 'SMS';

export interface MFAOption {
  DeliveryMedium?: DeliveryMedium;
  AttributeName?: string;
}

export type UserStatus = 'ARCHIVED' | 'COMPROMISED' | 'CONFIRMED' | 'EXTERNAL_PROVIDER' | 'FORCE_CHANGE_PASSWORD' | 'RESET_REQUIRED' | 'UNCONFIRMED' | 'UNKNOWN';

export interface UserDescription {
  Username?: string;
  Attributes?: Attribute[];
  UserCreateDate?: Date;
  UserLastModifiedDate?: Date;
  Enabled?: boolean;
  UserStatus?: UserStatus;
  MFAOptions?: MFAOption[];
}

export interface ListUsersInput {
  UserPoolId: string;
  AttributesToGet?: string[];
  Limit?: number;
  PaginationToken?: string;
  Filter?: string;
}

export interface ListUsersResult {
  Users?: UserDescription[];
  PaginationToken?: string;
}

export interface AdminGetUserResult {
  Username: string;
  UserAttributes?: Attribute[];
  UserCreateDate?: Date;
  UserLastModifiedDate?: Date;
  Enabled?: boolean;
  UserStatus?: UserStatus;
  MFAOptions?: MFAOption[];
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
}

export interface CodeDeliveryDetails {
  Destination?: string;
  DeliveryMedium?: DeliveryMedium;
  AttributeName?: string;
}

export interface CreateGroupInput {
  GroupName: string;
  UserPoolId: string;
  Description?: string;
  RoleArn?: string;
  Precedence?: number;
}

export interface GroupDescription {
  GroupName?: string;
  UserPoolId?: string;
  Description?: string;
  RoleArn?: string;
  Precedence?: number;
  LastModifiedDate?: Date;
  CreationDate?: Date;
}

export interface ListGroupsResult {
  Groups?: GroupDescription[];
  NextToken?: string;
}

export interface ListUsersInGroupResult {
  Users?: UserDescription[];
  NextToken?: string;
}

export interface UpdateGroupInput {
  GroupName: string;
  UserPoolId: string;
  Description?: string;
  RoleArn?: string;
  Precedence?: number;
}

export interface GetUserResult {
  Username: string;
  UserAttributes: Attribute[];
  MFAOptions?: MFAOption[];
  PreferredMfaSetting?: string;
  UserMFASettingList?: string[];
}

export type MessageAction = 'RESEND' | 'SUPPRESS';

export interface AdminCreateUserInput {
  UserPoolId: string;
  Username: string;
  UserAttributes?: Attribute[];
  ValidationData?: Attribute[];
  TemporaryPassword?: string;
  ForceAliasCreation?: boolean;
  MessageAction?: MessageAction;
  DesiredDeliveryMediums?: DeliveryMedium[];
  ClientMetadata?: Record<string, string>;
}

export interface AnalyticsMetadata {
  AnalyticsEndpointId?: string;
}

export interface UserContextData {
  IpAddress?: string;
  EncodedData?: string;
}

export interface ConfirmForgotPasswordInput {
  ClientId: string;
  SecretHash?: string;
  Username: string;
  ConfirmationCode: string;
  Password: string;
  AnalyticsMetadata?: AnalyticsMetadata;
  UserContextData?: UserContextData;
  ClientMetadata?: Record<string, string>;
}

export interface ForgotPasswordInput {
  ClientId: string;
  SecretHash?: string;
  UserContextData?: UserContextData;
  Username: string;
  AnalyticsMetadata?: AnalyticsMetadata;
  ClientMetadata?: Record<string, string>;
}

export interface ConfirmSignUpInput {
  ClientId: string;
  SecretHash?: string;
  Username: string;
  ConfirmationCode: string;
  ForceAliasCreation?: boolean;
  AnalyticsMetadata?: AnalyticsMetadata;
  UserContextData?: UserContextData;
  ClientMetadata?: Record<string, string>;
  Session?: string;
}

export interface ResendConfirmationCodeInput {
  ClientId: string;
  SecretHash?: string;
  UserContextData?: UserContextData;
  Username: string;
  AnalyticsMetadata?: AnalyticsMetadata;
  ClientMetadata?: Record<string, string>;
}

export interface SignUpInput {
  ClientId: string;
  SecretHash?: string;
  Username: string;
  Password?: string;
  UserAttributes?: Attribute[];
  ValidationData?: Attribute[];
  AnalyticsMetadata?: AnalyticsMetadata;
  UserContextData?: UserContextData;
  ClientMetadata?: Record<string, string>;
}

export interface SignUpResult {
  UserConfirmed: boolean;
  CodeDeliveryDetails?: CodeDeliveryDetails;
  UserSub: string;
  Session?: string;
}
