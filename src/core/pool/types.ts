/**
 * The shapes of a user pool's configuration and of the pool-level settings core stores and
 * describes (domains, MFA, risk, log delivery, UI customization, resource servers). Core's own
 * types: plain JSON with dates as Date where the description carries them; the API adapter puts
 * them on the wire unchanged, so each mirrors Cognito's member names.
 */

export type PreTokenGenerationLambdaVersion = 'V1_0' | 'V2_0' | 'V3_0';

export interface PreTokenGenerationVersionConfig {
  LambdaVersion: PreTokenGenerationLambdaVersion;
  LambdaArn: string;
}

export type CustomSMSSenderLambdaVersion = 'V1_0';

export interface CustomSMSLambdaVersionConfig {
  LambdaVersion: CustomSMSSenderLambdaVersion;
  LambdaArn: string;
}

export type CustomEmailSenderLambdaVersion = 'V1_0';

export interface CustomEmailLambdaVersionConfig {
  LambdaVersion: CustomEmailSenderLambdaVersion;
  LambdaArn: string;
}

export type InboundFederationLambdaVersion = 'V1_0';

export interface InboundFederationLambda {
  LambdaVersion: InboundFederationLambdaVersion;
  LambdaArn: string;
}

export interface LambdaConfig {
  PreSignUp?: string;
  CustomMessage?: string;
  PostConfirmation?: string;
  PreAuthentication?: string;
  PostAuthentication?: string;
  DefineAuthChallenge?: string;
  CreateAuthChallenge?: string;
  VerifyAuthChallengeResponse?: string;
  PreTokenGeneration?: string;
  UserMigration?: string;
  PreTokenGenerationConfig?: PreTokenGenerationVersionConfig;
  CustomSMSSender?: CustomSMSLambdaVersionConfig;
  CustomEmailSender?: CustomEmailLambdaVersionConfig;
  KMSKeyID?: string;
  InboundFederation?: InboundFederationLambda;
}

export type Status = 'Disabled' | 'Enabled';

export interface UserPoolSummary {
  Id?: string;
  Name?: string;
  LambdaConfig?: LambdaConfig;
  Status?: Status;
  LastModifiedDate?: Date;
  CreationDate?: Date;
  ReplicaRegions?: string[];
}

export interface ListUserPoolsResult {
  UserPools?: UserPoolSummary[];
  NextToken?: string;
}

export type LogLevel = 'ERROR' | 'INFO';

export type EventSourceName = 'userAuthEvents' | 'userNotification';

export interface CloudWatchLogsConfiguration {
  LogGroupArn?: string;
}

export interface S3Configuration {
  BucketArn?: string;
}

export interface FirehoseConfiguration {
  StreamArn?: string;
}

export interface LogConfiguration {
  LogLevel: LogLevel;
  EventSource: EventSourceName;
  CloudWatchLogsConfiguration?: CloudWatchLogsConfiguration;
  S3Configuration?: S3Configuration;
  FirehoseConfiguration?: FirehoseConfiguration;
}

export interface LogDeliveryConfiguration {
  UserPoolId: string;
  LogConfigurations: LogConfiguration[];
}

export type SecurityPolicy = 'TLS_V1' | 'TLS_V1_2_2021' | 'TLS_V1_3_2025';

export interface CustomDomainConfig {
  CertificateArn: string;
  SecurityPolicy?: SecurityPolicy;
}

export interface Failover {
  SecondaryRegion: string;
  PrimaryRoute53HealthCheckId: string;
}

export interface Routing {
  Failover?: Failover;
}

export interface CreateUserPoolDomainInput {
  Domain: string;
  UserPoolId: string;
  ManagedLoginVersion?: number;
  CustomDomainConfig?: CustomDomainConfig;
  Routing?: Routing;
}

export interface CreateUserPoolDomainResult {
  ManagedLoginVersion?: number;
  CloudFrontDomain?: string;
  Routing?: Routing;
}

export type DomainStatus = 'ACTIVE' | 'CREATING' | 'DELETING' | 'FAILED' | 'UPDATING';

export interface DomainDescription {
  UserPoolId?: string;
  AWSAccountId?: string;
  Domain?: string;
  S3Bucket?: string;
  CloudFrontDistribution?: string;
  Version?: string;
  Status?: DomainStatus;
  CustomDomainConfig?: CustomDomainConfig;
  ManagedLoginVersion?: number;
  Routing?: Routing;
}

export interface UpdateUserPoolDomainInput {
  Domain: string;
  UserPoolId: string;
  ManagedLoginVersion?: number;
  CustomDomainConfig?: CustomDomainConfig;
  Routing?: Routing;
}

export interface UpdateUserPoolDomainResult {
  ManagedLoginVersion?: number;
  CloudFrontDomain?: string;
  Routing?: Routing;
}

export type AttributeData = 'Boolean' | 'DateTime' | 'Number' | 'String';

export interface NumberAttributeConstraints {
  MinValue?: string;
  MaxValue?: string;
}

export interface StringAttributeConstraints {
  MinLength?: string;
  MaxLength?: string;
}

export interface SchemaAttribute {
  Name?: string;
  AttributeDataType?: AttributeData;
  DeveloperOnlyAttribute?: boolean;
  Mutable?: boolean;
  Required?: boolean;
  NumberAttributeConstraints?: NumberAttributeConstraints;
  StringAttributeConstraints?: StringAttributeConstraints;
}

export interface PasswordPolicy {
  MinimumLength?: number;
  RequireUppercase?: boolean;
  RequireLowercase?: boolean;
  RequireNumbers?: boolean;
  RequireSymbols?: boolean;
  PasswordHistorySize?: number;
  TemporaryPasswordValidityDays?: number;
}

export type AuthFactor = 'EMAIL_OTP' | 'PASSWORD' | 'SMS_OTP' | 'SOFTWARE_TOKEN' | 'WEB_AUTHN';

export interface SignInPolicy {
  AllowedFirstAuthFactors?: AuthFactor[];
}

export interface UserPoolPolicy {
  PasswordPolicy?: PasswordPolicy;
  SignInPolicy?: SignInPolicy;
}

export type DeletionProtection = 'ACTIVE' | 'INACTIVE';

export type VerifiedAttribute = 'email' | 'phone_number';

export type DefaultEmailOption = 'CONFIRM_WITH_CODE' | 'CONFIRM_WITH_LINK';

export interface VerificationMessageTemplate {
  SmsMessage?: string;
  EmailMessage?: string;
  EmailSubject?: string;
  EmailMessageByLink?: string;
  EmailSubjectByLink?: string;
  DefaultEmailOption?: DefaultEmailOption;
}

export interface UserAttributeUpdateSettings {
  AttributesRequireVerificationBeforeUpdate?: VerifiedAttribute[];
}

export type UserPoolMfa = 'OFF' | 'ON' | 'OPTIONAL';

export interface DeviceConfiguration {
  ChallengeRequiredOnNewDevice?: boolean;
  DeviceOnlyRememberedOnUserPrompt?: boolean;
}

export type EmailSendingAccount = 'COGNITO_DEFAULT' | 'DEVELOPER';

export interface EmailConfiguration {
  SourceArn?: string;
  ReplyToEmailAddress?: string;
  EmailSendingAccount?: EmailSendingAccount;
  From?: string;
  ConfigurationSet?: string;
}

export interface EumsSmsConfiguration {
  CallerArn: string;
  ExternalId?: string;
  OriginationIdentity?: string;
  ConfigurationSetName?: string;
  InEntityId?: string;
  InTemplateId?: string;
  Region?: string;
}

export interface SmsConfiguration {
  SnsCallerArn?: string;
  ExternalId?: string;
  SnsRegion?: string;
  EumsSms?: EumsSmsConfiguration;
}

export interface MessageTemplate {
  SMSMessage?: string;
  EmailMessage?: string;
  EmailSubject?: string;
}

export interface AdminCreateUserConfig {
  AllowAdminCreateUserOnly?: boolean;
  UnusedAccountValidityDays?: number;
  InviteMessageTemplate?: MessageTemplate;
}

export type AdvancedSecurityMode = 'AUDIT' | 'ENFORCED' | 'OFF';

export type AdvancedSecurityEnabledMode = 'AUDIT' | 'ENFORCED';

export interface AdvancedSecurityAdditionalFlows {
  CustomAuthMode?: AdvancedSecurityEnabledMode;
}

export interface UserPoolAddOns {
  AdvancedSecurityMode: AdvancedSecurityMode;
  AdvancedSecurityAdditionalFlows?: AdvancedSecurityAdditionalFlows;
}

export type OAuthFlow = 'client_credentials' | 'code' | 'implicit';

export interface DcrConfiguration {
  EnableStatus?: Status;
  OpenDcrEnabled?: boolean;
  AuthenticatedGrantTypes?: OAuthFlow[];
  OpenDcrGrantTypes?: OAuthFlow[];
  AllowedScopes?: string[];
}

export type RecoveryOptionName = 'admin_only' | 'verified_email' | 'verified_phone_number';

export interface RecoveryOption {
  Priority: number;
  Name: RecoveryOptionName;
}

export interface AccountRecoverySetting {
  RecoveryMechanisms?: RecoveryOption[];
}

export type UserPoolTier = 'ESSENTIALS' | 'LITE' | 'PLUS';

export type EncryptionKey = 'AWS_OWNED_KEY' | 'CUSTOMER_MANAGED_KEY';

export interface KeyConfiguration {
  KeyType?: EncryptionKey;
  KmsKeyArn?: string;
}

export type Issuer = 'ORIGINAL' | 'UPDATED';

export interface IssuerConfiguration {
  Type?: Issuer;
}

export interface AcrLevelConfig {
  AcrValue: string;
}

export interface UpdateUserPoolInput {
  UserPoolId: string;
  Policies?: UserPoolPolicy;
  DeletionProtection?: DeletionProtection;
  LambdaConfig?: LambdaConfig;
  AutoVerifiedAttributes?: VerifiedAttribute[];
  SmsVerificationMessage?: string;
  EmailVerificationMessage?: string;
  EmailVerificationSubject?: string;
  VerificationMessageTemplate?: VerificationMessageTemplate;
  SmsAuthenticationMessage?: string;
  UserAttributeUpdateSettings?: UserAttributeUpdateSettings;
  MfaConfiguration?: UserPoolMfa;
  DeviceConfiguration?: DeviceConfiguration;
  EmailConfiguration?: EmailConfiguration;
  SmsConfiguration?: SmsConfiguration;
  UserPoolTags?: Record<string, string>;
  AdminCreateUserConfig?: AdminCreateUserConfig;
  UserPoolAddOns?: UserPoolAddOns;
  DcrConfiguration?: DcrConfiguration;
  AccountRecoverySetting?: AccountRecoverySetting;
  PoolName?: string;
  UserPoolTier?: UserPoolTier;
  KeyConfiguration?: KeyConfiguration;
  IssuerConfiguration?: IssuerConfiguration;
  AcrConfiguration?: Record<string, AcrLevelConfig>;
}

export interface UICustomization {
  UserPoolId?: string;
  ClientId?: string;
  ImageUrl?: string;
  CSS?: string;
  CSSVersion?: string;
  LastModifiedDate?: Date;
  CreationDate?: Date;
}

export type AliasAttribute = 'email' | 'phone_number' | 'preferred_username';

export type UsernameAttribute = 'email' | 'phone_number';

export interface UsernameConfiguration {
  CaseSensitive: boolean;
}

export interface CreateUserPoolInput {
  PoolName: string;
  Policies?: UserPoolPolicy;
  DeletionProtection?: DeletionProtection;
  LambdaConfig?: LambdaConfig;
  AutoVerifiedAttributes?: VerifiedAttribute[];
  AliasAttributes?: AliasAttribute[];
  UsernameAttributes?: UsernameAttribute[];
  SmsVerificationMessage?: string;
  EmailVerificationMessage?: string;
  EmailVerificationSubject?: string;
  VerificationMessageTemplate?: VerificationMessageTemplate;
  SmsAuthenticationMessage?: string;
  MfaConfiguration?: UserPoolMfa;
  UserAttributeUpdateSettings?: UserAttributeUpdateSettings;
  DeviceConfiguration?: DeviceConfiguration;
  EmailConfiguration?: EmailConfiguration;
  SmsConfiguration?: SmsConfiguration;
  UserPoolTags?: Record<string, string>;
  AdminCreateUserConfig?: AdminCreateUserConfig;
  Schema?: SchemaAttribute[];
  UserPoolAddOns?: UserPoolAddOns;
  DcrConfiguration?: DcrConfiguration;
  UsernameConfiguration?: UsernameConfiguration;
  AccountRecoverySetting?: AccountRecoverySetting;
  UserPoolTier?: UserPoolTier;
  KeyConfiguration?: KeyConfiguration;
  IssuerConfiguration?: IssuerConfiguration;
  AcrConfiguration?: Record<string, AcrLevelConfig>;
}

export interface UserPoolDescription {
  Id?: string;
  Name?: string;
  Policies?: UserPoolPolicy;
  DeletionProtection?: DeletionProtection;
  LambdaConfig?: LambdaConfig;
  Status?: Status;
  LastModifiedDate?: Date;
  CreationDate?: Date;
  SchemaAttributes?: SchemaAttribute[];
  AutoVerifiedAttributes?: VerifiedAttribute[];
  AliasAttributes?: AliasAttribute[];
  UsernameAttributes?: UsernameAttribute[];
  SmsVerificationMessage?: string;
  EmailVerificationMessage?: string;
  EmailVerificationSubject?: string;
  VerificationMessageTemplate?: VerificationMessageTemplate;
  SmsAuthenticationMessage?: string;
  UserAttributeUpdateSettings?: UserAttributeUpdateSettings;
  MfaConfiguration?: UserPoolMfa;
  DeviceConfiguration?: DeviceConfiguration;
  EstimatedNumberOfUsers?: number;
  EmailConfiguration?: EmailConfiguration;
  SmsConfiguration?: SmsConfiguration;
  UserPoolTags?: Record<string, string>;
  SmsConfigurationFailure?: string;
  EmailConfigurationFailure?: string;
  Domain?: string;
  CustomDomain?: string;
  AdminCreateUserConfig?: AdminCreateUserConfig;
  UserPoolAddOns?: UserPoolAddOns;
  DcrConfiguration?: DcrConfiguration;
  UsernameConfiguration?: UsernameConfiguration;
  Arn?: string;
  AccountRecoverySetting?: AccountRecoverySetting;
  UserPoolTier?: UserPoolTier;
  KeyConfiguration?: KeyConfiguration;
  IssuerConfiguration?: IssuerConfiguration;
  AcrConfiguration?: Record<string, AcrLevelConfig>;
}

export interface GetCSVHeaderResult {
  UserPoolId?: string;
  CSVHeader?: string[];
}

export interface EmailMfaConfig {
  Message?: string;
  Subject?: string;
}

export type UserVerification = 'preferred' | 'required';

export type WebAuthnFactorConfiguration = 'MULTI_FACTOR_WITH_USER_VERIFICATION' | 'SINGLE_FACTOR';

export interface WebAuthnConfiguration {
  RelyingPartyId?: string;
  UserVerification?: UserVerification;
  FactorConfiguration?: WebAuthnFactorConfiguration;
}

export interface ResourceServerScope {
  ScopeName: string;
  ScopeDescription?: string;
}

export type ResourceServerManagedBy = 'COGNITO';

export interface ResourceServerDescription {
  UserPoolId?: string;
  Identifier?: string;
  Name?: string;
  Scopes?: ResourceServerScope[];
  ManagedBy?: ResourceServerManagedBy;
}

export type AccountTakeoverEventAction = 'BLOCK' | 'MFA_IF_CONFIGURED' | 'MFA_REQUIRED' | 'NO_ACTION';

export interface AccountTakeoverAction {
  Notify: boolean;
  EventAction: AccountTakeoverEventAction;
}

export interface NotifyEmail {
  Subject: string;
  HtmlBody?: string;
  TextBody?: string;
}

export interface NotifyConfiguration {
  From?: string;
  ReplyTo?: string;
  SourceArn: string;
  BlockEmail?: NotifyEmail;
  NoActionEmail?: NotifyEmail;
  MfaEmail?: NotifyEmail;
}

export interface AccountTakeoverActions {
  LowAction?: AccountTakeoverAction;
  MediumAction?: AccountTakeoverAction;
  HighAction?: AccountTakeoverAction;
}

export interface AccountTakeoverRiskConfiguration {
  NotifyConfiguration?: NotifyConfiguration;
  Actions: AccountTakeoverActions;
}

export type EventFilter = 'PASSWORD_CHANGE' | 'SIGN_IN' | 'SIGN_UP';

export type CompromisedCredentialsEventAction = 'BLOCK' | 'NO_ACTION';

export interface CompromisedCredentialsActions {
  EventAction: CompromisedCredentialsEventAction;
}

export interface CompromisedCredentialsRiskConfiguration {
  EventFilter?: EventFilter[];
  Actions: CompromisedCredentialsActions;
}

export interface RiskExceptionConfiguration {
  BlockedIPRangeList?: string[];
  SkippedIPRangeList?: string[];
}

export interface RiskConfiguration {
  UserPoolId?: string;
  ClientId?: string;
  CompromisedCredentialsRiskConfiguration?: CompromisedCredentialsRiskConfiguration;
  AccountTakeoverRiskConfiguration?: AccountTakeoverRiskConfiguration;
  RiskExceptionConfiguration?: RiskExceptionConfiguration;
  LastModifiedDate?: Date;
}

export interface SmsMfaConfig {
  SmsAuthenticationMessage?: string;
  SmsConfiguration?: SmsConfiguration;
}

export interface SoftwareTokenMfaConfig {
  Enabled?: boolean;
}

export interface GetUserPoolMfaConfigResult {
  SmsMfaConfiguration?: SmsMfaConfig;
  SoftwareTokenMfaConfiguration?: SoftwareTokenMfaConfig;
  EmailMfaConfiguration?: EmailMfaConfig;
  MfaConfiguration?: UserPoolMfa;
  WebAuthnConfiguration?: WebAuthnConfiguration;
}

export interface SetUserPoolMfaConfigInput {
  UserPoolId: string;
  SmsMfaConfiguration?: SmsMfaConfig;
  SoftwareTokenMfaConfiguration?: SoftwareTokenMfaConfig;
  EmailMfaConfiguration?: EmailMfaConfig;
  MfaConfiguration?: UserPoolMfa;
  WebAuthnConfiguration?: WebAuthnConfiguration;
}
