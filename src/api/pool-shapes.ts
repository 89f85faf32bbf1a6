import { Arn, CustomAttributeName, StringType, TagKey, TagValue, UserPoolName } from './common.js';
import { bool, enumOf, list, map, num, req, str, struct } from './shapes.js';

// The members of user pool configuration shared by CreateUserPool and UpdateUserPool (and the MFA
// operations), with the service model's constraints.

const OptionalArn = str({
  min: 0,
  max: 2048,
  pattern:
    '(arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?)?',
});
const RegionCode = str({ min: 5, max: 32 });
const EmailAddress = str({ pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+@[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' });

export const SmsVerificationMessage = str({ min: 6, max: 140, pattern: '.*\\{####\\}.*' });
export const EmailVerificationMessage = str({
  min: 6,
  max: 20000,
  pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{####\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*',
});
export const EmailVerificationSubject = str({ min: 1, max: 140, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s]+' });

export const PasswordPolicy = struct({
  MinimumLength: num({ min: 6, max: 99 }),
  RequireUppercase: bool(),
  RequireLowercase: bool(),
  RequireNumbers: bool(),
  RequireSymbols: bool(),
  PasswordHistorySize: num({ min: 0, max: 24 }),
  TemporaryPasswordValidityDays: num({ min: 0, max: 365 }),
});

export const Policies = struct({
  PasswordPolicy,
  SignInPolicy: struct({
    AllowedFirstAuthFactors: list(enumOf(['PASSWORD', 'EMAIL_OTP', 'SMS_OTP', 'WEB_AUTHN', 'SOFTWARE_TOKEN']), {
      min: 1,
      max: 5,
    }),
  }),
});

const versionedLambda = <const V extends string>(versions: readonly V[]) =>
  struct({ LambdaVersion: req(enumOf(versions)), LambdaArn: req(Arn) });

export const LambdaConfig = struct({
  PreSignUp: Arn,
  CustomMessage: Arn,
  PostConfirmation: Arn,
  PreAuthentication: Arn,
  PostAuthentication: Arn,
  DefineAuthChallenge: Arn,
  CreateAuthChallenge: Arn,
  VerifyAuthChallengeResponse: Arn,
  PreTokenGeneration: Arn,
  UserMigration: Arn,
  PreTokenGenerationConfig: versionedLambda(['V1_0', 'V2_0', 'V3_0']),
  CustomSMSSender: versionedLambda(['V1_0']),
  CustomEmailSender: versionedLambda(['V1_0']),
  KMSKeyID: Arn,
  InboundFederation: versionedLambda(['V1_0']),
});

export const VerifiedAttributes = list(enumOf(['phone_number', 'email']));

export const VerificationMessageTemplate = struct({
  SmsMessage: SmsVerificationMessage,
  EmailMessage: EmailVerificationMessage,
  EmailSubject: EmailVerificationSubject,
  EmailMessageByLink: str({
    min: 6,
    max: 20000,
    pattern:
      '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*\\{##[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*##\\}[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*',
  }),
  EmailSubjectByLink: EmailVerificationSubject,
  DefaultEmailOption: enumOf(['CONFIRM_WITH_LINK', 'CONFIRM_WITH_CODE']),
});

export const UserAttributeUpdateSettings = struct({ AttributesRequireVerificationBeforeUpdate: VerifiedAttributes });

export const MfaConfiguration = enumOf(['OFF', 'ON', 'OPTIONAL']);

export const DeviceConfiguration = struct({
  ChallengeRequiredOnNewDevice: bool(),
  DeviceOnlyRememberedOnUserPrompt: bool(),
});

export const EmailConfiguration = struct({
  SourceArn: Arn,
  ReplyToEmailAddress: EmailAddress,
  EmailSendingAccount: enumOf(['COGNITO_DEFAULT', 'DEVELOPER']),
  From: StringType,
  ConfigurationSet: str({ min: 1, max: 64, pattern: '^[a-zA-Z0-9_-]+$' }),
});

export const SmsConfiguration = struct({
  SnsCallerArn: OptionalArn,
  ExternalId: StringType,
  SnsRegion: RegionCode,
  EumsSms: struct({
    CallerArn: req(Arn),
    ExternalId: StringType,
    OriginationIdentity: StringType,
    ConfigurationSetName: StringType,
    InEntityId: StringType,
    InTemplateId: StringType,
    Region: RegionCode,
  }),
});

export const UserPoolTags = map(TagKey, TagValue);

export const AdminCreateUserConfig = struct({
  AllowAdminCreateUserOnly: bool(),
  UnusedAccountValidityDays: num({ min: 0, max: 365 }),
  InviteMessageTemplate: struct({
    SMSMessage: str({ min: 6, max: 140, pattern: '(?s).*' }),
    EmailMessage: str({ min: 6, max: 20000, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]*' }),
    EmailSubject: EmailVerificationSubject,
  }),
});

export const SchemaAttribute = struct({
  Name: CustomAttributeName,
  AttributeDataType: enumOf(['String', 'Number', 'DateTime', 'Boolean']),
  DeveloperOnlyAttribute: bool(),
  Mutable: bool(),
  Required: bool(),
  NumberAttributeConstraints: struct({ MinValue: StringType, MaxValue: StringType }),
  StringAttributeConstraints: struct({ MinLength: StringType, MaxLength: StringType }),
});

export const UserPoolAddOns = struct({
  AdvancedSecurityMode: req(enumOf(['OFF', 'AUDIT', 'ENFORCED'])),
  AdvancedSecurityAdditionalFlows: struct({ CustomAuthMode: enumOf(['AUDIT', 'ENFORCED']) }),
});

export const AccountRecoverySetting = struct({
  RecoveryMechanisms: list(
    struct({
      Priority: req(num({ min: 1, max: 2 })),
      Name: req(enumOf(['verified_email', 'verified_phone_number', 'admin_only'])),
    }),
    { min: 1, max: 2 },
  ),
});

export const UserPoolTier = enumOf(['LITE', 'ESSENTIALS', 'PLUS']);

export const KeyConfiguration = struct({
  KeyType: enumOf(['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KEY']),
  KmsKeyArn: Arn,
});

export const IssuerConfiguration = struct({ Type: enumOf(['ORIGINAL', 'UPDATED']) });

/** Members UpdateUserPool accepts; CreateUserPool accepts these too, plus the immutable ones. */
export const mutablePoolMembers = {
  Policies,
  DeletionProtection: enumOf(['ACTIVE', 'INACTIVE']),
  LambdaConfig,
  AutoVerifiedAttributes: VerifiedAttributes,
  SmsVerificationMessage,
  EmailVerificationMessage,
  EmailVerificationSubject,
  VerificationMessageTemplate,
  SmsAuthenticationMessage: SmsVerificationMessage,
  UserAttributeUpdateSettings,
  MfaConfiguration,
  DeviceConfiguration,
  EmailConfiguration,
  SmsConfiguration,
  UserPoolTags,
  AdminCreateUserConfig,
  UserPoolAddOns,
  AccountRecoverySetting,
  UserPoolTier,
  KeyConfiguration,
  IssuerConfiguration,
};

export const createPoolMembers = {
  PoolName: req(UserPoolName),
  ...mutablePoolMembers,
  AliasAttributes: list(enumOf(['phone_number', 'email', 'preferred_username'])),
  UsernameAttributes: list(enumOf(['phone_number', 'email'])),
  Schema: list(SchemaAttribute, { min: 1, max: 50 }),
  UsernameConfiguration: struct({ CaseSensitive: req(bool()) }),
};

export const SmsMfaConfig = struct({ SmsAuthenticationMessage: SmsVerificationMessage, SmsConfiguration });
export const SoftwareTokenMfaConfig = struct({ Enabled: bool() });
export const EmailMfaConfig = struct({
  Message: EmailVerificationMessage,
  Subject: str({ pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s]+' }),
});
export const WebAuthnConfiguration = struct({
  RelyingPartyId: str({ min: 1, max: 127 }),
  UserVerification: enumOf(['required', 'preferred']),
  FactorConfiguration: enumOf(['SINGLE_FACTOR', 'MULTI_FACTOR_WITH_USER_VERIFICATION']),
});
