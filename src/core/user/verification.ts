import type { CodeDeliveryDetails } from './types.js';
import { createHash } from 'node:crypto';
import * as repo from '../../store/users.js';
import { CognitoError, err } from '../errors.js';
import type { Channel, MessageKind, OutgoingMessage } from '../outbox/outbox.js';
import { fillTemplate, sendMessage } from '../outbox/outbox.js';
import type { UserPool } from '../pool/pools.js';
import type { AttemptKind } from './attempts.js';
import { updateUserSettings } from '../mfa/settings.js';
import { checkAttempts, reserveAttempt, settingsWithAttempt, settingsWithoutAttempts } from './attempts.js';
import type { Services } from '../services.js';
import { syncAliases } from './aliases.js';
import type { CodePurpose } from './codes.js';
import { checkCode, newCode, settingsWithCode, settingsWithoutCode } from './codes.js';
import type { User, UserSettings } from './users.js';
import type { MessageCustomizer } from '../trigger/custom-message.js';
import { POOL_MESSAGES, customMessage } from '../trigger/custom-message.js';
import { deliverToCustomSenders } from '../trigger/custom-sender.js';

/**
 * Codes that prove a user owns an email address or phone number: the sign-up confirmation code,
 * and the attribute verification codes of UpdateUserAttributes / GetUserAttributeVerificationCode.
 */

export type VerifiableAttribute = 'email' | 'phone_number';
export const VERIFIABLE: readonly VerifiableAttribute[] = ['email', 'phone_number'];
export const verifiedFlag = (attribute: VerifiableAttribute) => `${attribute}_verified` as const;
export const isVerifiable = (name: string): name is VerifiableAttribute => (VERIFIABLE as readonly string[]).includes(name);

/** Sign-up confirmation and attribute verification codes last 24 hours in Cognito. */
export const VERIFICATION_CODE_TTL_MS = 24 * 60 * 60 * 1000;

const DEFAULT_MESSAGE = 'Your verification code is {####}.';
const DEFAULT_SUBJECT = 'Your verification code';
const DEFAULT_LINK_MESSAGE = 'Please click the link below to verify your email address. {##Verify Email##}';
const DEFAULT_LINK_SUBJECT = 'Your verification link';

export const channelOf = (attribute: VerifiableAttribute): Channel => (attribute === 'email' ? 'EMAIL' : 'SMS');

/** Values a user is changing but that only take effect once verified (AttributesRequireVerificationBeforeUpdate). */
export const pendingOf = (settings: UserSettings) => (settings.pendingAttributes as Record<string, string> | undefined) ?? {};

export function settingsWithPending(settings: UserSettings, attribute: VerifiableAttribute, value: string | undefined): UserSettings {
  const pending = { ...pendingOf(settings) };
  if (value === undefined) delete pending[attribute];
  else pending[attribute] = value;
  return { ...settings, pendingAttributes: pending };
}

/**
 * How Cognito shows where a code went: `a***@e***` for an email (the first character of the mailbox
 * and of the domain; nothing of the domain's top-level part), the last four digits of a phone number
 * (`+*******0100`).
 */
export function maskDestination(channel: Channel, address: string): string {
  if (channel === 'SMS') {
    const digits = address.replace(/^\+/, '');
    const shown = digits.slice(-4);
    return `+${'*'.repeat(Math.max(0, digits.length - shown.length))}${shown}`;
  }
  const at = address.lastIndexOf('@');
  const local = address.slice(0, Math.max(at, 0));
  const domain = address.slice(at + 1);
  return `${[...local][0] ?? ''}***@${[...domain][0] ?? ''}***`;
}

export function codeDelivery(attribute: VerifiableAttribute, address: string): CodeDeliveryDetails {
  const channel = channelOf(attribute);
  return { Destination: maskDestination(channel, address), DeliveryMedium: channel, AttributeName: attribute };
}

/**
 * What PreventUserExistenceErrors=ENABLED answers for a user that does not exist: a delivery that
 * looks real and stays the same for the same name, so repeated probes learn nothing.
 */
export function fakeCodeDelivery(pool: UserPool, username: string, preferred: VerifiableAttribute[] = []): CodeDeliveryDetails {
  if (/^[^\s@]+@[^\s@]+$/u.test(username)) return codeDelivery('email', username);
  if (/^\+[0-9]{5,15}$/.test(username)) return codeDelivery('phone_number', username);
  const seed = createHash('sha256').update(`${pool.Id}\0${username}`).digest();
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const auto = (pool.AutoVerifiedAttributes ?? []) as string[];
  const attribute = preferred[0] ?? (auto.includes('phone_number') && !auto.includes('email') ? 'phone_number' : 'email');
  if (attribute === 'phone_number') return codeDelivery('phone_number', `+1${String(seed.readUInt32BE(0)).padStart(10, '0').slice(-10)}`);
  return codeDelivery('email', `${letters[seed[0]! % 26]}@${letters[seed[1]! % 26]}.com`);
}

/**
 * Where the sign-up confirmation code goes: an auto-verified attribute the user has, the phone
 * number first when the pool verifies both, as Cognito does.
 */
export function confirmationAttribute(pool: UserPool, attributes: Record<string, string>): VerifiableAttribute | undefined {
  const auto = (pool.AutoVerifiedAttributes ?? []) as string[];
  if (auto.includes('phone_number') && attributes.phone_number) return 'phone_number';
  if (auto.includes('email') && attributes.email) return 'email';
  return undefined;
}

export interface VerificationMessageRequest {
  pool: UserPool;
  user: Pick<User, 'username'>;
  kind: Extract<MessageKind, 'confirmation' | 'verification'>;
  attribute: VerifiableAttribute;
  address: string;
  code: string;
  /** For a sign-up confirmation by link (DefaultEmailOption CONFIRM_WITH_LINK): the link to put in the email. */
  link?: string;
}

/** The email or SMS carrying a code, from the pool's VerificationMessageTemplate. */
export function verificationMessage(req: VerificationMessageRequest): OutgoingMessage {
  const { pool, code } = req;
  const template = pool.VerificationMessageTemplate ?? {};
  const base = { poolId: pool.Id, username: req.user.username, destination: req.address, kind: req.kind, code };
  if (req.attribute === 'phone_number') {
    return { ...base, channel: 'SMS', body: fillTemplate(template.SmsMessage ?? pool.SmsVerificationMessage ?? DEFAULT_MESSAGE, { code }) };
  }
  if (req.link && template.DefaultEmailOption === 'CONFIRM_WITH_LINK') {
    const body = (template.EmailMessageByLink ?? DEFAULT_LINK_MESSAGE).replace(/\{##(.*?)##\}/su, (_m, text: string) => `<a href="${escapeHtml(req.link!)}">${text}</a>`);
    return { ...base, channel: 'EMAIL', subject: template.EmailSubjectByLink ?? DEFAULT_LINK_SUBJECT, body };
  }
  return {
    ...base,
    channel: 'EMAIL',
    subject: template.EmailSubject ?? pool.EmailVerificationSubject ?? DEFAULT_SUBJECT,
    body: fillTemplate(template.EmailMessage ?? pool.EmailVerificationMessage ?? DEFAULT_MESSAGE, { code }),
  };
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export const codeMismatch = () => new CognitoError('CodeMismatchException', 'Invalid verification code provided, please try again.');
export const expiredCode = () => new CognitoError('ExpiredCodeException', 'Invalid code provided, please request a code again.');

/**
 * Checks a typed code against the stored one, within the user's hourly attempt cap (the attempt is
 * counted first). Returns the user as it now stands; the caller's successful write removes the code
 * and the counter (`settingsAfterCode`).
 */
export async function requireCode(services: Services, user: User, purpose: CodePurpose, code: string, kind: AttemptKind): Promise<User> {
  const counted = await reserveAttempt(services, user, kind);
  const result = checkCode(services, counted, purpose, code);
  if (result === 'mismatch') throw codeMismatch();
  if (result !== 'ok') throw expiredCode();
  return counted;
}

/** The settings after a successful code: the code and the failure counter are gone. */
export const settingsAfterCode = (user: Pick<User, 'settings'>, purpose: CodePurpose, kind: AttemptKind): UserSettings =>
  settingsWithoutAttempts(settingsWithoutCode(user, purpose), kind);

/**
 * Stores a new verification code for the attribute and returns the settings and the message to send
 * with them (as the pool's CustomMessage function, if any, rewrote it). The code goes to the pending
 * value when there is one.
 */
export function newVerificationCode(
  services: Services,
  pool: UserPool,
  user: User,
  settings: UserSettings,
  attribute: VerifiableAttribute,
  custom: MessageCustomizer = POOL_MESSAGES,
): { settings: UserSettings; message: OutgoingMessage; delivery: CodeDeliveryDetails } {
  const address = pendingOf(settings)[attribute] ?? user.attributes[attribute];
  if (!address) throw err.invalidParameter(`User has no ${attribute} to verify.`);
  const code = newCode(services.random);
  const next = settingsWithCode(services, { ...user, settings }, `verify:${attribute}`, code, VERIFICATION_CODE_TTL_MS);
  return {
    settings: next,
    message: custom(verificationMessage({ pool, user, kind: 'verification', attribute, address, code })),
    delivery: codeDelivery(attribute, address),
  };
}

function verifiableName(name: string): VerifiableAttribute {
  if (!isVerifiable(name)) throw err.invalidParameter(`Invalid attribute name: ${name} cannot be verified.`);
  return name;
}

/** GetUserAttributeVerificationCode: a fresh code to the user's email or phone number (five per hour). */
export async function sendAttributeVerificationCode(
  services: Services,
  pool: UserPool,
  user: User,
  attributeName: string,
  caller: { clientId?: string; clientMetadata?: Record<string, string> } = {},
): Promise<CodeDeliveryDetails> {
  const attribute = verifiableName(attributeName);
  checkAttempts(services, user, 'send-verification');
  const custom = await customMessage(services, { pool, source: 'CustomMessage_VerifyUserAttribute', user, ...caller, channels: [channelOf(attribute)] });
  let sent: ReturnType<typeof newVerificationCode> | undefined;
  await updateUserSettings(
    services,
    user,
    (current) => {
      checkAttempts(services, current, 'send-verification');
      sent = newVerificationCode(services, pool, current, settingsWithAttempt(services, current.settings, 'send-verification'), attribute, custom);
      return sent.settings;
    },
    { then: (trx) => sendMessage(services, sent!.message, trx) },
  );
  await deliverToCustomSenders(services, pool, [sent!.message]);
  return sent!.delivery;
}

/**
 * VerifyUserAttribute: the code proves the address. A pending value (AttributesRequireVerificationBeforeUpdate)
 * replaces the old one now; the attribute becomes verified and, where it is a sign-in alias, must be
 * free (AliasExistsException).
 */
export async function verifyAttribute(services: Services, pool: UserPool, user: User, attributeName: string, code: string): Promise<void> {
  const attribute = verifiableName(attributeName);
  const counted = await requireCode(services, user, `verify:${attribute}`, code, 'verify-attribute');
  await saveUser(services, pool, counted, (current) => {
    const pending = pendingOf(current.settings)[attribute];
    const attributes = new Map(Object.entries(current.attributes));
    if (pending !== undefined) attributes.set(attribute, pending);
    if (!attributes.get(attribute)) throw err.invalidParameter(`User has no ${attribute} to verify.`);
    attributes.set(verifiedFlag(attribute), 'true');
    return { attributes, settings: settingsWithPending(settingsAfterCode(current, `verify:${attribute}`, 'verify-attribute'), attribute, undefined) };
  });
}

/** What one write to a user should leave: computed from the freshest user, as it may be computed again. */
export interface UserChangePlan {
  attributes: ReadonlyMap<string, string>;
  settings: UserSettings;
  changes?: Omit<repo.UserChanges, 'updated_at' | 'settings'>;
  messages?: OutgoingMessage[];
}

/**
 * Writes one change to a user: settings (compare-and-set, so a concurrent change to them, say an
 * MFA code, is never lost), attributes, the aliases that follow from them, other columns and the
 * messages to send, in one transaction.
 */
export async function saveUser(
  services: Services,
  pool: UserPool,
  user: User,
  plan: (current: User) => UserChangePlan,
  options: { forceAliasCreation?: boolean } = {},
): Promise<void> {
  let planned: UserChangePlan | undefined;
  await updateUserSettings(
    services,
    user,
    (current) => {
      planned = plan(current);
      // A new object even when nothing in the settings changed, so the write (and its lock) happens.
      return { ...planned.settings };
    },
    {
      touch: true,
      then: async (trx, current) => {
        const next = planned!.attributes;
        const removed = Object.keys(current.attributes).filter((name) => !next.has(name));
        const changed = [...next].filter(([name, value]) => current.attributes[name] !== value);
        await repo.deleteAttributes(trx, pool.Id, current.usernameKey, removed);
        for (const [name, value] of changed) await repo.setAttribute(trx, pool.Id, current.usernameKey, name, value);
        await syncAliases(trx, pool, current.usernameKey, next, { creating: false, forceAliasCreation: options.forceAliasCreation }, current.updatedAt);
        if (planned!.changes && Object.keys(planned!.changes).length > 0) {
          await repo.updateUser(trx, pool.Id, current.usernameKey, { ...planned!.changes, updated_at: current.updatedAt });
        }
        for (const message of planned!.messages ?? []) await sendMessage(services, message, trx);
      },
    },
  );
}
