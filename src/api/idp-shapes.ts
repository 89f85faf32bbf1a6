import { Arn, ClientId, StringType, UserPoolId } from './common.js';
import { bool, enumOf, list, map, req, str, struct } from './shapes.js';

// Members of the identity-provider, risk-configuration and log-delivery operations, with the
// service model's constraints.

/** CreateIdentityProvider's name (ProviderNameTypeV2): no underscore or space at either end. */
export const NewProviderName = str({ min: 1, max: 32, pattern: '[^_\\p{Z}][\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}][^_\\p{Z}]+' });
/** The name of an existing provider (ProviderNameType). */
export const ProviderName = str({ min: 1, max: 32, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\p{Z}]+' });
export const ProviderType = enumOf(['SAML', 'Facebook', 'Google', 'LoginWithAmazon', 'SignInWithApple', 'OIDC']);
// Values may be client secrets and private keys: never echoed in validation messages.
export const ProviderDetails = map(StringType, str({ min: 0, max: 131072, sensitive: true }));
export const AttributeMapping = map(str({ min: 1, max: 32 }), StringType);
export const IdpIdentifier = str({ min: 1, max: 40, pattern: '[\\w\\s+=.@-]+' });
export const IdpIdentifiers = list(IdpIdentifier, { min: 0, max: 50 });

export const createIdentityProviderInput = struct({
  UserPoolId: req(UserPoolId),
  ProviderName: req(NewProviderName),
  ProviderType: req(ProviderType),
  ProviderDetails: req(ProviderDetails),
  AttributeMapping,
  IdpIdentifiers,
});

export const updateIdentityProviderInput = struct({
  UserPoolId: req(UserPoolId),
  ProviderName: req(ProviderName),
  ProviderDetails,
  AttributeMapping,
  IdpIdentifiers,
});

export const providerInPoolInput = struct({ UserPoolId: req(UserPoolId), ProviderName: req(ProviderName) });

// SetRiskConfiguration.
const EmailSubject = str({ min: 1, max: 140, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s]+' });
const EmailBody = str({ min: 6, max: 20000, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\s*]+' });
const NotifyEmail = struct({ Subject: req(EmailSubject), HtmlBody: EmailBody, TextBody: EmailBody });
const AccountTakeoverAction = struct({
  Notify: req(bool()),
  EventAction: req(enumOf(['BLOCK', 'MFA_IF_CONFIGURED', 'MFA_REQUIRED', 'NO_ACTION'])),
});

export const CompromisedCredentialsRiskConfiguration = struct({
  EventFilter: list(enumOf(['SIGN_IN', 'PASSWORD_CHANGE', 'SIGN_UP'])),
  Actions: req(struct({ EventAction: req(enumOf(['BLOCK', 'NO_ACTION'])) })),
});

export const AccountTakeoverRiskConfiguration = struct({
  NotifyConfiguration: struct({
    From: StringType,
    ReplyTo: StringType,
    SourceArn: req(Arn),
    BlockEmail: NotifyEmail,
    NoActionEmail: NotifyEmail,
    MfaEmail: NotifyEmail,
  }),
  Actions: req(struct({ LowAction: AccountTakeoverAction, MediumAction: AccountTakeoverAction, HighAction: AccountTakeoverAction })),
});

export const RiskExceptionConfiguration = struct({
  BlockedIPRangeList: list(StringType, { max: 200 }),
  SkippedIPRangeList: list(StringType, { max: 200 }),
});

export const setRiskConfigurationInput = struct({
  UserPoolId: req(UserPoolId),
  ClientId,
  CompromisedCredentialsRiskConfiguration,
  AccountTakeoverRiskConfiguration,
  RiskExceptionConfiguration,
});

export const describeRiskConfigurationInput = struct({ UserPoolId: req(UserPoolId), ClientId });

// SetLogDeliveryConfiguration.
const S3Arn = str({ min: 3, max: 1024, pattern: 'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:::[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?' });

export const LogConfiguration = struct({
  LogLevel: req(enumOf(['ERROR', 'INFO'])),
  EventSource: req(enumOf(['userNotification', 'userAuthEvents'])),
  CloudWatchLogsConfiguration: struct({ LogGroupArn: Arn }),
  S3Configuration: struct({ BucketArn: S3Arn }),
  FirehoseConfiguration: struct({ StreamArn: Arn }),
});

export const setLogDeliveryConfigurationInput = struct({
  UserPoolId: req(UserPoolId),
  LogConfigurations: req(list(LogConfiguration, { min: 0, max: 2 })),
});
