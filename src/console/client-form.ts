import { html } from '../ui/html.js';
import type { Html } from '../ui/html.js';
import { POSTMAN_CALLBACK } from '../client/postman.js';
import type { Form } from './forms.js';
import { checked, jsonObject, lines, number, text, values } from './forms.js';
import { checkbox, choices, field, textarea } from './layout.js';

/**
 * The app client form, for CreateUserPoolClient and UpdateUserPoolClient, with the fields of the
 * walkthrough's "Create app client" page and the AWS console's defaults; other members as JSON.
 */

export const STANDARD_SCOPES = ['openid', 'email', 'phone', 'profile', 'aws.cognito.signin.user.admin'];
const AUTH_FLOWS = ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_ADMIN_USER_PASSWORD_AUTH', 'ALLOW_CUSTOM_AUTH', 'ALLOW_USER_AUTH'];
const FORM_MEMBERS = new Set([
  'UserPoolId', 'ClientId', 'ClientName', 'ClientSecret', 'GenerateSecret', 'SupportedIdentityProviders', 'AllowedOAuthFlows', 'AllowedOAuthScopes', 'AllowedOAuthFlowsUserPoolClient',
  'CallbackURLs', 'LogoutURLs', 'DefaultRedirectURI', 'ExplicitAuthFlows', 'AccessTokenValidity', 'IdTokenValidity', 'RefreshTokenValidity', 'TokenValidityUnits',
  'PreventUserExistenceErrors', 'EnableTokenRevocation', 'AuthSessionValidity', 'CreationDate', 'LastModifiedDate', 'UserPoolId',
]);

export function newClientForm(consoleCallback: string): Form {
  return {
    appType: 'public',
    SupportedIdentityProviders: ['COGNITO'],
    AllowedOAuthFlows: ['code'],
    AllowedOAuthScopes: ['openid', 'email', 'phone'],
    CallbackURLs: `${POSTMAN_CALLBACK}\n${consoleCallback}`,
    ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
    AccessTokenValidity: '60',
    IdTokenValidity: '60',
    RefreshTokenValidity: '30',
    PreventUserExistenceErrors: 'true',
    EnableTokenRevocation: 'true',
    AuthSessionValidity: '3',
  };
}

export function clientRequest(form: Form, mode: 'create' | 'edit'): Record<string, unknown> {
  const flows = values(form, 'AllowedOAuthFlows');
  const request: Record<string, unknown> = {
    ClientName: text(form, 'ClientName'),
    SupportedIdentityProviders: values(form, 'SupportedIdentityProviders'),
    AllowedOAuthFlows: flows,
    AllowedOAuthFlowsUserPoolClient: flows.length > 0,
    AllowedOAuthScopes: values(form, 'AllowedOAuthScopes'),
    CallbackURLs: lines(form, 'CallbackURLs'),
    LogoutURLs: lines(form, 'LogoutURLs'),
    DefaultRedirectURI: text(form, 'DefaultRedirectURI'),
    ExplicitAuthFlows: values(form, 'ExplicitAuthFlows'),
    AccessTokenValidity: number(form, 'AccessTokenValidity'),
    IdTokenValidity: number(form, 'IdTokenValidity'),
    RefreshTokenValidity: number(form, 'RefreshTokenValidity'),
    TokenValidityUnits: { AccessToken: 'minutes', IdToken: 'minutes', RefreshToken: 'days' },
    PreventUserExistenceErrors: checked(form, 'PreventUserExistenceErrors') ? 'ENABLED' : 'LEGACY',
    EnableTokenRevocation: checked(form, 'EnableTokenRevocation'),
    AuthSessionValidity: number(form, 'AuthSessionValidity'),
  };
  if (mode === 'create') request.GenerateSecret = text(form, 'appType') === 'confidential';
  return { ...request, ...jsonObject(form, 'more') };
}

/** Token lifetimes in the form's units, from whatever units the client was saved with. */
function inUnits(value: number | undefined, unit: string | undefined, want: 'minutes' | 'days', fallback: string): string | undefined {
  if (value === undefined) return fallback;
  const seconds = value * ({ seconds: 1, minutes: 60, hours: 3600, days: 86400 }[unit ?? (want === 'days' ? 'days' : 'hours')] ?? 1);
  return String(seconds / (want === 'days' ? 86400 : 60));
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function formOfClient(client: any): Form {
  const units = client.TokenValidityUnits ?? {};
  const more = Object.fromEntries(Object.entries(client).filter(([k]) => !FORM_MEMBERS.has(k)));
  return {
    ClientName: client.ClientName,
    appType: client.ClientSecret ? 'confidential' : 'public',
    SupportedIdentityProviders: client.SupportedIdentityProviders ?? [],
    AllowedOAuthFlows: client.AllowedOAuthFlows ?? [],
    AllowedOAuthScopes: client.AllowedOAuthScopes ?? [],
    CallbackURLs: (client.CallbackURLs ?? []).join('\n'),
    LogoutURLs: (client.LogoutURLs ?? []).join('\n'),
    DefaultRedirectURI: client.DefaultRedirectURI,
    ExplicitAuthFlows: client.ExplicitAuthFlows ?? [],
    AccessTokenValidity: inUnits(client.AccessTokenValidity, units.AccessToken, 'minutes', '60'),
    IdTokenValidity: inUnits(client.IdTokenValidity, units.IdToken, 'minutes', '60'),
    RefreshTokenValidity: inUnits(client.RefreshTokenValidity, units.RefreshToken, 'days', '30'),
    PreventUserExistenceErrors: client.PreventUserExistenceErrors === 'ENABLED' ? 'true' : undefined,
    EnableTokenRevocation: client.EnableTokenRevocation ? 'true' : undefined,
    AuthSessionValidity: client.AuthSessionValidity === undefined ? undefined : String(client.AuthSessionValidity),
    more: Object.keys(more).length ? JSON.stringify(more, null, 2) : undefined,
  };
}

const errorAt = (error: string | undefined, ...members: string[]) => (error && members.some((m) => error.toLowerCase().includes(m.toLowerCase())) ? error : undefined);

export function clientFormFields(form: Form, mode: 'create' | 'edit', providers: string[], resourceScopes: string[], error?: string): Html {
  const t = (name: string) => text(form, name);
  const v = (name: string) => values(form, name);
  return html`<fieldset><legend>App client</legend>
${
  mode === 'create'
    ? choices({ name: 'appType', legend: 'Application type', radio: true, options: [['public', 'Public client (a browser or mobile app: no client secret)'], ['confidential', 'Confidential client (a server: generate a client secret)']], checked: [t('appType') ?? 'public'] })
    : ''
}
${field({ name: 'ClientName', label: 'App client name', value: t('ClientName'), required: true, error: errorAt(error, 'clientName') })}
</fieldset>
<fieldset><legend>Hosted UI and OAuth 2.0</legend>
${choices({ name: 'SupportedIdentityProviders', legend: 'Identity providers', options: [['COGNITO', 'Cognito user pool'], ...providers.map((p): [string, string] => [p, p])], checked: v('SupportedIdentityProviders') })}
${choices({ name: 'AllowedOAuthFlows', legend: 'OAuth 2.0 grant types', options: [['code', 'Authorization code grant'], ['implicit', 'Implicit grant'], ['client_credentials', 'Client credentials']], checked: v('AllowedOAuthFlows'), hint: 'Client credentials needs a confidential client and a custom scope; the other two need a callback URL.' })}
${choices({ name: 'AllowedOAuthScopes', legend: 'OpenID Connect and custom scopes', options: [...STANDARD_SCOPES, ...resourceScopes], checked: v('AllowedOAuthScopes') })}
${textarea({ name: 'CallbackURLs', label: 'Allowed callback URLs', value: t('CallbackURLs'), rows: 3, hint: 'One a line. https, or http on localhost only. Postman\'s is https://oauth.pstmn.io/v1/callback; the console\'s own lets "Try it" sign in.', error: errorAt(error, 'callback', 'redirect') })}
${textarea({ name: 'LogoutURLs', label: 'Allowed sign-out URLs', value: t('LogoutURLs'), rows: 2, hint: 'One a line.', error: errorAt(error, 'logout') })}
${field({ name: 'DefaultRedirectURI', label: 'Default redirect URL (optional)', value: t('DefaultRedirectURI') })}
</fieldset>
<fieldset><legend>Authentication flows and tokens</legend>
${choices({ name: 'ExplicitAuthFlows', legend: 'Authentication flows', options: AUTH_FLOWS, checked: v('ExplicitAuthFlows') })}
<div class="row">${field({ name: 'AccessTokenValidity', label: 'Access token expiration (minutes)', type: 'number', value: t('AccessTokenValidity'), error: errorAt(error, 'accessToken') })}
${field({ name: 'IdTokenValidity', label: 'ID token expiration (minutes)', type: 'number', value: t('IdTokenValidity'), error: errorAt(error, 'idToken') })}
${field({ name: 'RefreshTokenValidity', label: 'Refresh token expiration (days)', type: 'number', value: t('RefreshTokenValidity'), error: errorAt(error, 'refreshToken') })}
${field({ name: 'AuthSessionValidity', label: 'Authentication flow session duration (minutes)', type: 'number', value: t('AuthSessionValidity') })}</div>
${checkbox('PreventUserExistenceErrors', 'Prevent user existence errors', checked(form, 'PreventUserExistenceErrors'))}
${checkbox('EnableTokenRevocation', 'Enable token revocation', checked(form, 'EnableTokenRevocation'))}
${textarea({ name: 'more', label: 'Other settings (JSON)', value: t('more'), rows: 3, hint: 'Any other member of the request: ReadAttributes, WriteAttributes, RefreshTokenRotation, AnalyticsConfiguration...' })}
</fieldset>`;
}
