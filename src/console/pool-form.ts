import { html } from '../ui/html.js';
import type { Html } from '../ui/html.js';
import type { Form } from './forms.js';
import { checked, jsonObject, lines, number, text, values } from './forms.js';
import { checkbox, choices, field, select, textarea } from './layout.js';

/**
 * The user pool form, for CreateUserPool and UpdateUserPool: the settings the AWS console's pages
 * ask for (sign-in identifiers, password policy, MFA, account recovery, attributes, messages), with
 * its defaults, and every other member of the request as JSON. The form is read into the request
 * here; whether the request is valid is the operation's to say.
 */

const STANDARD = ['address', 'birthdate', 'email', 'family_name', 'gender', 'given_name', 'locale', 'middle_name', 'name', 'nickname', 'phone_number', 'picture', 'preferred_username', 'profile', 'updated_at', 'website', 'zoneinfo'];

/** Members the form has its own fields for; the JSON box holds the rest. */
const FORM_MEMBERS = new Set([
  'PoolName', 'Policies', 'MfaConfiguration', 'AccountRecoverySetting', 'AdminCreateUserConfig', 'AutoVerifiedAttributes', 'VerificationMessageTemplate',
  'DeletionProtection', 'UsernameAttributes', 'AliasAttributes', 'UsernameConfiguration', 'Schema',
]);
/** Members DescribeUserPool answers that UpdateUserPool does not take. */
const UPDATE_MEMBERS = ['LambdaConfig', 'SmsAuthenticationMessage', 'UserAttributeUpdateSettings', 'DeviceConfiguration', 'EmailConfiguration', 'SmsConfiguration', 'UserPoolTags', 'UserPoolAddOns', 'UserPoolTier', 'KeyConfiguration', 'IssuerConfiguration'];

const RECOVERY: Record<string, { Name: string; Priority: number }[] | undefined> = {
  email: [{ Name: 'verified_email', Priority: 1 }],
  'email-phone': [{ Name: 'verified_email', Priority: 1 }, { Name: 'verified_phone_number', Priority: 2 }],
  'phone-email': [{ Name: 'verified_phone_number', Priority: 1 }, { Name: 'verified_email', Priority: 2 }],
  phone: [{ Name: 'verified_phone_number', Priority: 1 }],
  admin: [{ Name: 'admin_only', Priority: 1 }],
  none: undefined,
};

/** What the AWS console proposes for a new pool. */
export const NEW_POOL_FORM: Form = {
  signIn: ['username', 'email'],
  MinimumLength: '8',
  RequireUppercase: 'true',
  RequireLowercase: 'true',
  RequireNumbers: 'true',
  RequireSymbols: 'true',
  TemporaryPasswordValidityDays: '7',
  MfaConfiguration: 'OFF',
  mfaFactors: ['SOFTWARE_TOKEN'],
  recovery: 'email',
  selfSignUp: 'true',
  AutoVerifiedAttributes: ['email'],
  required: ['email'],
  DeletionProtection: 'true',
  EmailSubject: 'Your verification code',
  EmailMessage: 'Your verification code is {####}. ',
  SmsMessage: 'Your verification code is {####}. ',
};

export interface PoolRequests {
  /** CreateUserPool's or UpdateUserPool's request (without UserPoolId). */
  pool: Record<string, unknown>;
  /** SetUserPoolMfaConfig's request, when MFA is on or optional. */
  mfa?: Record<string, unknown>;
}

export function poolRequests(form: Form, mode: 'create' | 'edit', accountId: string, region: string): PoolRequests {
  const more = jsonObject(form, 'more');
  const recovery = RECOVERY[text(form, 'recovery') ?? 'email'];
  const mfaConfiguration = text(form, 'MfaConfiguration') ?? 'OFF';
  const factors = values(form, 'mfaFactors');
  const request: Record<string, unknown> = {
    Policies: {
      PasswordPolicy: {
        MinimumLength: number(form, 'MinimumLength'),
        RequireUppercase: checked(form, 'RequireUppercase'),
        RequireLowercase: checked(form, 'RequireLowercase'),
        RequireNumbers: checked(form, 'RequireNumbers'),
        RequireSymbols: checked(form, 'RequireSymbols'),
        TemporaryPasswordValidityDays: number(form, 'TemporaryPasswordValidityDays'),
        PasswordHistorySize: number(form, 'PasswordHistorySize'),
      },
    },
    // MFA other than OFF is set by SetUserPoolMfaConfig, which also enables its factors.
    MfaConfiguration: 'OFF',
    AccountRecoverySetting: recovery ? { RecoveryMechanisms: recovery } : undefined,
    AdminCreateUserConfig: {
      AllowAdminCreateUserOnly: !checked(form, 'selfSignUp'),
      InviteMessageTemplate: pruned({ EmailSubject: text(form, 'InviteSubject'), EmailMessage: text(form, 'InviteEmail'), SMSMessage: text(form, 'InviteSms') }),
    },
    AutoVerifiedAttributes: values(form, 'AutoVerifiedAttributes'),
    VerificationMessageTemplate: pruned({ EmailSubject: text(form, 'EmailSubject'), EmailMessage: text(form, 'EmailMessage'), SmsMessage: text(form, 'SmsMessage'), DefaultEmailOption: 'CONFIRM_WITH_CODE' }),
    DeletionProtection: checked(form, 'DeletionProtection') ? 'ACTIVE' : 'INACTIVE',
  };
  if (mode === 'create') {
    request.PoolName = text(form, 'PoolName');
    const signIn = values(form, 'signIn');
    const ids = signIn.filter((s) => s === 'email' || s === 'phone_number');
    if (signIn.includes('username')) {
      const aliases = [...ids, ...(checked(form, 'preferredUsername') ? ['preferred_username'] : [])];
      if (aliases.length) request.AliasAttributes = aliases;
    } else if (ids.length) request.UsernameAttributes = ids;
    request.UsernameConfiguration = { CaseSensitive: checked(form, 'caseSensitive') };
    const required = values(form, 'required');
    const custom = lines(form, 'customAttributes').map((line) => {
      const [name = '', type = 'String', mutable = 'mutable'] = line.split(/\s+/);
      return { Name: name.replace(/^custom:/, ''), AttributeDataType: type, Mutable: mutable !== 'immutable' };
    });
    const schema = [...required.map((Name) => ({ Name, Required: true, Mutable: true })), ...custom];
    if (schema.length) request.Schema = schema;
  }
  const usesSms = factors.includes('SMS') || values(form, 'AutoVerifiedAttributes').includes('phone_number');
  const pool: Record<string, unknown> = { ...request, ...more };
  // The AWS console makes an IAM role for SMS; here it only has to name one.
  const smsConfiguration = (pool.SmsConfiguration as Record<string, unknown> | undefined) ?? (usesSms ? { SnsCallerArn: `arn:aws:iam::${accountId}:role/service-role/CognitoIdpSNSServiceRole`, ExternalId: 'cognate', SnsRegion: region } : undefined);
  if (smsConfiguration) pool.SmsConfiguration = smsConfiguration;
  const mfa =
    mfaConfiguration === 'OFF'
      ? undefined
      : {
          MfaConfiguration: mfaConfiguration,
          SoftwareTokenMfaConfiguration: { Enabled: factors.includes('SOFTWARE_TOKEN') },
          ...(factors.includes('SMS') ? { SmsMfaConfiguration: { SmsConfiguration: smsConfiguration } } : {}),
          ...(factors.includes('EMAIL') ? { EmailMfaConfiguration: {} } : {}),
        };
  return { pool, mfa };
}

function pruned(o: Record<string, unknown>): Record<string, unknown> | undefined {
  const entries = Object.entries(o).filter(([, v]) => v !== undefined);
  return entries.length ? Object.fromEntries(entries) : undefined;
}

const onOff = (v: unknown): string | undefined => (v ? 'true' : undefined);

/** DescribeUserPool's answer (and GetUserPoolMfaConfig's) as the edit form's values. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function formOfPool(pool: any, mfa: any): Form {
  const policy = pool.Policies?.PasswordPolicy ?? {};
  const mechanisms = (pool.AccountRecoverySetting?.RecoveryMechanisms ?? []) as { Name: string; Priority: number }[];
  const recovery = Object.entries(RECOVERY).find(([, v]) => JSON.stringify(v ?? []) === JSON.stringify([...mechanisms].sort((a, b) => a.Priority - b.Priority)))?.[0] ?? 'none';
  const template = pool.VerificationMessageTemplate ?? {};
  const invite = pool.AdminCreateUserConfig?.InviteMessageTemplate ?? {};
  const more = Object.fromEntries(UPDATE_MEMBERS.filter((k) => pool[k] !== undefined && !FORM_MEMBERS.has(k)).map((k) => [k, pool[k]]));
  const factors = [mfa?.SoftwareTokenMfaConfiguration?.Enabled ? 'SOFTWARE_TOKEN' : '', mfa?.SmsMfaConfiguration ? 'SMS' : '', mfa?.EmailMfaConfiguration ? 'EMAIL' : ''].filter(Boolean);
  return {
    MinimumLength: policy.MinimumLength === undefined ? undefined : String(policy.MinimumLength),
    RequireUppercase: onOff(policy.RequireUppercase),
    RequireLowercase: onOff(policy.RequireLowercase),
    RequireNumbers: onOff(policy.RequireNumbers),
    RequireSymbols: onOff(policy.RequireSymbols),
    TemporaryPasswordValidityDays: policy.TemporaryPasswordValidityDays === undefined ? undefined : String(policy.TemporaryPasswordValidityDays),
    PasswordHistorySize: policy.PasswordHistorySize === undefined ? undefined : String(policy.PasswordHistorySize),
    MfaConfiguration: pool.MfaConfiguration ?? 'OFF',
    mfaFactors: factors,
    recovery,
    selfSignUp: onOff(!pool.AdminCreateUserConfig?.AllowAdminCreateUserOnly),
    AutoVerifiedAttributes: pool.AutoVerifiedAttributes ?? [],
    DeletionProtection: onOff(pool.DeletionProtection === 'ACTIVE'),
    EmailSubject: template.EmailSubject,
    EmailMessage: template.EmailMessage,
    SmsMessage: template.SmsMessage,
    InviteSubject: invite.EmailSubject,
    InviteEmail: invite.EmailMessage,
    InviteSms: invite.SMSMessage,
    more: Object.keys(more).length ? JSON.stringify(more, null, 2) : undefined,
  };
}

/** Which field an error message of the operation is about, so it is shown there too. */
function errorAt(error: string | undefined, ...members: string[]): string | undefined {
  if (!error) return undefined;
  const lower = error.toLowerCase();
  return members.some((m) => lower.includes(m.toLowerCase())) ? error : undefined;
}

export function poolFormFields(form: Form, mode: 'create' | 'edit', error?: string): Html {
  const t = (name: string) => text(form, name);
  const v = (name: string) => values(form, name);
  return html`${
    mode === 'create'
      ? html`<fieldset><legend>Name and sign-in</legend>
${field({ name: 'PoolName', label: 'User pool name', value: t('PoolName'), required: true, error: errorAt(error, 'PoolName') })}
${choices({ name: 'signIn', legend: 'Cognito user pool sign-in options', options: [['username', 'User name'], ['email', 'Email'], ['phone_number', 'Phone number']], checked: v('signIn'), hint: 'With "User name", email and phone number are aliases; without it they are the user name.' })}
${checkbox('preferredUsername', 'Allow users to sign in with a preferred user name', checked(form, 'preferredUsername'))}
${checkbox('caseSensitive', 'Make user name case sensitive', checked(form, 'caseSensitive'))}
</fieldset>`
      : ''
  }
<fieldset><legend>Password policy</legend>
<div class="row">${field({ name: 'MinimumLength', label: 'Password minimum length', type: 'number', value: t('MinimumLength'), error: errorAt(error, 'minimumLength', 'password length') })}
${field({ name: 'TemporaryPasswordValidityDays', label: 'Temporary passwords set by administrators expire in (days)', type: 'number', value: t('TemporaryPasswordValidityDays'), error: errorAt(error, 'temporaryPasswordValidityDays') })}
${field({ name: 'PasswordHistorySize', label: 'Prevent reuse of previous passwords (count, Plus tier)', type: 'number', value: t('PasswordHistorySize'), error: errorAt(error, 'passwordHistorySize') })}</div>
<div class="choices">${checkbox('RequireNumbers', 'Contains at least 1 number', checked(form, 'RequireNumbers'))}${checkbox('RequireSymbols', 'Contains at least 1 special character', checked(form, 'RequireSymbols'))}${checkbox('RequireUppercase', 'Contains at least 1 uppercase letter', checked(form, 'RequireUppercase'))}${checkbox('RequireLowercase', 'Contains at least 1 lowercase letter', checked(form, 'RequireLowercase'))}</div>
</fieldset>
<fieldset><legend>Multi-factor authentication</legend>
${choices({ name: 'MfaConfiguration', legend: 'MFA enforcement', radio: true, options: [['OFF', 'No MFA'], ['OPTIONAL', 'Optional MFA'], ['ON', 'Require MFA']], checked: [t('MfaConfiguration') ?? 'OFF'] })}
${choices({ name: 'mfaFactors', legend: 'MFA methods', options: [['SOFTWARE_TOKEN', 'Authenticator apps'], ['SMS', 'SMS message'], ['EMAIL', 'Email message']], checked: v('mfaFactors') })}
</fieldset>
<fieldset><legend>Account recovery and sign-up</legend>
${select({ name: 'recovery', label: 'Delivery method for user account recovery messages', value: t('recovery'), options: [['email', 'Email only'], ['email-phone', 'Email if available, otherwise SMS'], ['phone-email', 'SMS if available, otherwise email'], ['phone', 'SMS only'], ['admin', 'None: administrators only'], ['none', 'Not set']] })}
${checkbox('selfSignUp', 'Enable self-registration', checked(form, 'selfSignUp'))}
${choices({ name: 'AutoVerifiedAttributes', legend: 'Attributes to verify (Cognito-assisted verification)', options: [['email', 'Send email message, verify email address'], ['phone_number', 'Send SMS message, verify phone number']], checked: v('AutoVerifiedAttributes') })}
</fieldset>
${
  mode === 'create'
    ? html`<fieldset><legend>Attributes</legend>
${choices({ name: 'required', legend: 'Required attributes', options: STANDARD, checked: v('required') })}
${textarea({ name: 'customAttributes', label: 'Custom attributes', value: t('customAttributes'), rows: 3, hint: 'One a line: name, then String, Number, DateTime or Boolean, then "immutable" if it is. For example: tenant String', error: errorAt(error, 'schema') })}
</fieldset>`
    : ''
}
<fieldset><legend>Messages</legend>
<div class="row">${field({ name: 'EmailSubject', label: 'Verification email subject', value: t('EmailSubject') })}
${field({ name: 'EmailMessage', label: 'Verification email message', value: t('EmailMessage'), hint: 'Must contain {####}', error: errorAt(error, 'emailMessage') })}
${field({ name: 'SmsMessage', label: 'Verification SMS message', value: t('SmsMessage'), error: errorAt(error, 'smsMessage') })}</div>
<div class="row">${field({ name: 'InviteSubject', label: 'Invitation email subject', value: t('InviteSubject') })}
${field({ name: 'InviteEmail', label: 'Invitation email message', value: t('InviteEmail'), hint: 'Must contain {username} and {####}' })}
${field({ name: 'InviteSms', label: 'Invitation SMS message', value: t('InviteSms') })}</div>
</fieldset>
<fieldset><legend>Deletion protection and everything else</legend>
${checkbox('DeletionProtection', 'Enable deletion protection', checked(form, 'DeletionProtection'))}
${textarea({ name: 'more', label: `Other ${mode === 'create' ? 'CreateUserPool' : 'UpdateUserPool'} settings (JSON)`, value: t('more'), rows: 5, hint: 'Any other member of the request, as the API takes it: LambdaConfig, EmailConfiguration, SmsConfiguration, DeviceConfiguration, UserPoolTags, UserPoolAddOns, UserPoolTier...', error: errorAt(error, 'JSON') })}
</fieldset>`;
}
