import type { AdminCreateUserConfig, PasswordPolicy, UpdateUserPoolInput, UserPoolPolicy, VerificationMessageTemplate } from './types.js';
import { err } from '../errors.js';
import type { UserPool } from './pools.js';

/** The members CreateUserPool and UpdateUserPool both set; UpdateUserPool replaces all of them at once. */
export type MutablePoolInput = Omit<UpdateUserPoolInput, 'UserPoolId' | 'PoolName'>;

export const DEFAULT_TEMPORARY_PASSWORD_VALIDITY_DAYS = 7;

/** AWS's cap on tags per user pool. */
export const MAX_TAGS = 50;

// Wording unconfirmed; the quota is AWS's.
export const tooManyTags = () => err.invalidParameter(`A user pool can have at most ${MAX_TAGS} tags.`);

/** What Cognito applies when a request carries no PasswordPolicy at all. */
export const DEFAULT_PASSWORD_POLICY: Readonly<PasswordPolicy> = Object.freeze({
  MinimumLength: 8,
  RequireUppercase: true,
  RequireLowercase: true,
  RequireNumbers: true,
  RequireSymbols: true,
  TemporaryPasswordValidityDays: DEFAULT_TEMPORARY_PASSWORD_VALIDITY_DAYS,
});

/**
 * The mutable part of a pool's configuration as the request sets it, with Cognito's default for
 * every member left out. Members Cognito omits from DescribeUserPool until set stay absent.
 */
export function mutableConfiguration(input: MutablePoolInput): Partial<UserPool> {
  checkPoolRules(input);
  const temporaryPasswordDays = temporaryPasswordValidityDays(input);
  const template = verificationTemplate(input);
  return prune({
    Policies: policies(input.Policies, temporaryPasswordDays),
    DeletionProtection: input.DeletionProtection ?? 'INACTIVE',
    LambdaConfig: input.LambdaConfig ?? {},
    AutoVerifiedAttributes: input.AutoVerifiedAttributes,
    SmsVerificationMessage: template.SmsMessage,
    EmailVerificationMessage: template.EmailMessage,
    EmailVerificationSubject: template.EmailSubject,
    VerificationMessageTemplate: template,
    SmsAuthenticationMessage: input.SmsAuthenticationMessage,
    UserAttributeUpdateSettings: input.UserAttributeUpdateSettings ?? { AttributesRequireVerificationBeforeUpdate: [] },
    MfaConfiguration: input.MfaConfiguration ?? 'OFF',
    DeviceConfiguration: input.DeviceConfiguration,
    EmailConfiguration: { EmailSendingAccount: 'COGNITO_DEFAULT', ...input.EmailConfiguration },
    SmsConfiguration: input.SmsConfiguration,
    UserPoolTags: input.UserPoolTags,
    AdminCreateUserConfig: adminCreateUserConfig(input.AdminCreateUserConfig, temporaryPasswordDays),
    UserPoolAddOns: input.UserPoolAddOns,
    AccountRecoverySetting: input.AccountRecoverySetting,
    UserPoolTier: input.UserPoolTier ?? 'ESSENTIALS',
    KeyConfiguration: input.KeyConfiguration,
    IssuerConfiguration: input.IssuerConfiguration,
  });
}

function checkPoolRules(input: MutablePoolInput): void {
  if (Object.keys(input.UserPoolTags ?? {}).length > MAX_TAGS) throw tooManyTags();

  const mustVerify = input.UserAttributeUpdateSettings?.AttributesRequireVerificationBeforeUpdate ?? [];
  const autoVerified = input.AutoVerifiedAttributes ?? [];
  if (mustVerify.some((a) => !autoVerified.includes(a)))
    throw err.invalidParameter('All attributes in AttributesRequireVerificationBeforeUpdate must exist in AutoVerifiedAttributes');

  const mechanisms = input.AccountRecoverySetting?.RecoveryMechanisms ?? [];
  if (new Set(mechanisms.map((m) => m.Priority)).size !== mechanisms.length)
    throw err.invalidParameter('Priority values in RecoveryMechanisms must be unique.');
  if (new Set(mechanisms.map((m) => m.Name)).size !== mechanisms.length)
    throw err.invalidParameter('Names in RecoveryMechanisms must be unique.');
}

/**
 * The legacy UnusedAccountValidityDays and PasswordPolicy.TemporaryPasswordValidityDays are one
 * setting; Cognito shows it in both places. 0 means "the default" in either.
 */
function temporaryPasswordValidityDays(input: MutablePoolInput): number {
  const modern = input.Policies?.PasswordPolicy?.TemporaryPasswordValidityDays || undefined;
  const legacy = input.AdminCreateUserConfig?.UnusedAccountValidityDays || undefined;
  // Cognito refuses the two together; sending back the same number (as a describe-then-update does) is let through.
  if (modern !== undefined && legacy !== undefined && modern !== legacy)
    throw err.invalidParameter('Please use TemporaryPasswordValidityDays in PasswordPolicy instead of UnusedAccountValidityDays');
  return modern ?? legacy ?? DEFAULT_TEMPORARY_PASSWORD_VALIDITY_DAYS;
}

function policies(requested: UserPoolPolicy | undefined, temporaryPasswordDays: number): UserPoolPolicy {
  const given = requested?.PasswordPolicy;
  // A PasswordPolicy that is sent is taken as a whole: booleans left out are false, as in Cognito.
  const passwordPolicy: PasswordPolicy = given
    ? prune({
        MinimumLength: given.MinimumLength ?? DEFAULT_PASSWORD_POLICY.MinimumLength,
        RequireUppercase: given.RequireUppercase ?? false,
        RequireLowercase: given.RequireLowercase ?? false,
        RequireNumbers: given.RequireNumbers ?? false,
        RequireSymbols: given.RequireSymbols ?? false,
        PasswordHistorySize: given.PasswordHistorySize,
        TemporaryPasswordValidityDays: temporaryPasswordDays,
      })
    : { ...DEFAULT_PASSWORD_POLICY, TemporaryPasswordValidityDays: temporaryPasswordDays };
  return {
    PasswordPolicy: passwordPolicy,
    SignInPolicy: requested?.SignInPolicy ?? { AllowedFirstAuthFactors: ['PASSWORD'] },
  };
}

/** Cognito keeps the top-level verification messages and the template in step; the template wins. */
function verificationTemplate(input: MutablePoolInput): VerificationMessageTemplate {
  const t = input.VerificationMessageTemplate ?? {};
  return prune({
    SmsMessage: t.SmsMessage ?? input.SmsVerificationMessage,
    EmailMessage: t.EmailMessage ?? input.EmailVerificationMessage,
    EmailSubject: t.EmailSubject ?? input.EmailVerificationSubject,
    EmailMessageByLink: t.EmailMessageByLink,
    EmailSubjectByLink: t.EmailSubjectByLink,
    DefaultEmailOption: t.DefaultEmailOption ?? 'CONFIRM_WITH_CODE',
  });
}

function adminCreateUserConfig(
  requested: AdminCreateUserConfig | undefined,
  temporaryPasswordDays: number,
): AdminCreateUserConfig {
  return prune({
    AllowAdminCreateUserOnly: requested?.AllowAdminCreateUserOnly ?? false,
    UnusedAccountValidityDays: temporaryPasswordDays,
    InviteMessageTemplate: requested?.InviteMessageTemplate,
  });
}

/** Drops members whose value is undefined, so they are absent from the stored JSON and the wire. */
export function prune<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
