import type { Channel, OutgoingMessage } from '../outbox/outbox.js';
import { fillTemplate } from '../outbox/outbox.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';
import { sentByCustomSender } from './custom-sender.js';
import { hasTrigger, invokeTrigger } from './invoke.js';
import { eventAttributes } from './sign-up.js';

/**
 * CustomMessage: the pool's function rewrites the text of a message before it is sent. It answers
 * with templates holding Cognito's placeholders, never the code itself, so it runs once before the
 * write that creates the code, and the templates are applied to the message that write builds (which
 * may be built again if the write is retried). Every message a pool sends passes through `MessageCustomizer`,
 * which also marks the messages of a channel the pool hands to a custom sender (custom-sender.ts):
 * those are the sender's to write, so CustomMessage does not run for them.
 */

export type CustomMessageSource =
  | 'CustomMessage_SignUp'
  | 'CustomMessage_AdminCreateUser'
  | 'CustomMessage_ResendCode'
  | 'CustomMessage_ForgotPassword'
  | 'CustomMessage_UpdateUserAttribute'
  | 'CustomMessage_VerifyUserAttribute'
  | 'CustomMessage_Authentication';

const CODE_PARAMETER = '{####}';
const USERNAME_PARAMETER = '{username}';
const LINK_PARAMETER = '{##Click Here##}';
/** The link placeholder as Cognito reads it: `{##<text of the link>##}`. */
const LINK_PLACEHOLDER = /\{##(.*?)##\}/su;

/** What a message needs besides its code to fill the function's templates. */
export interface MessageValues {
  /** The user name shown in an invitation (`{username}`). */
  username?: string;
  /** A confirmation link: the message is the link e-mail, and `{##text##}` becomes the link. */
  link?: string;
}

/** Turns the message the pool's own templates produced into the one actually sent. */
export type MessageCustomizer = (message: OutgoingMessage, values?: MessageValues) => OutgoingMessage;

/** The pool's own messages, unchanged: no CustomMessage function. */
export const POOL_MESSAGES: MessageCustomizer = (message) => message;

export interface CustomMessageCall {
  pool: UserPool;
  source: CustomMessageSource;
  user: Pick<User, 'username' | 'attributes' | 'status'>;
  clientId?: string;
  clientMetadata?: Record<string, string>;
  /** The channels the messages will go by. */
  channels: readonly Channel[];
}

/**
 * Runs the pool's CustomMessage function, if any, for a message about to be sent, and returns how to
 * rewrite it. A failing function throws Cognito's error before anything is written.
 */
export async function customMessage(services: Services, call: CustomMessageCall): Promise<MessageCustomizer> {
  const toSender = (channel: Channel) => sentByCustomSender(call.pool, channel);
  const rewrite = await rewriteByFunction(services, call, call.channels.some((channel) => !toSender(channel)));
  const handOver = {
    source: call.source.slice('CustomMessage_'.length),
    userName: call.user.username,
    ...(call.clientId ? { clientId: call.clientId } : {}),
    ...(call.clientMetadata ? { clientMetadata: call.clientMetadata } : {}),
    userAttributes: eventAttributes(call.user),
  };
  return (message, values) => (toSender(message.channel) ? { ...message, customSender: handOver } : rewrite(message, values));
}

async function rewriteByFunction(services: Services, call: CustomMessageCall, needed: boolean): Promise<MessageCustomizer> {
  if (!needed || !hasTrigger(call.pool, 'CustomMessage')) return POOL_MESSAGES;
  const invitation = call.source === 'CustomMessage_AdminCreateUser';
  const withLink = call.source === 'CustomMessage_SignUp' || call.source === 'CustomMessage_ResendCode';
  const response = await invokeTrigger(services, {
    pool: call.pool,
    kind: 'CustomMessage',
    triggerSource: call.source,
    userName: call.user.username,
    clientId: call.clientId,
    request: {
      userAttributes: eventAttributes(call.user),
      codeParameter: CODE_PARAMETER,
      linkParameter: withLink ? LINK_PARAMETER : null,
      usernameParameter: invitation ? USERNAME_PARAMETER : null,
      ...(call.clientMetadata ? { clientMetadata: call.clientMetadata } : {}),
    },
    response: { smsMessage: null, emailMessage: null, emailSubject: null },
  });
  if (!response) return POOL_MESSAGES;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  const answer = { sms: text(response.smsMessage), email: text(response.emailMessage), subject: text(response.emailSubject) };
  if (answer.sms === undefined && answer.email === undefined && answer.subject === undefined) return POOL_MESSAGES;

  return (message, values = {}) => {
    const template = message.channel === 'EMAIL' ? answer.email : answer.sms;
    const subject = message.channel === 'EMAIL' ? (answer.subject ?? message.subject) : message.subject;
    // Cognito sends its own text when the function's leaves out what the message must carry.
    const usable = template !== undefined && carriesWhatIsNeeded(template, invitation, values);
    if (!usable) return { ...message, subject };
    const filled = fillTemplate(template, { code: message.code, username: values.username });
    const body = values.link ? filled.replace(LINK_PLACEHOLDER, (_m, label: string) => `<a href="${escapeHtml(values.link!)}">${label}</a>`) : filled;
    return { ...message, subject, body };
  };
}

/** The code (or, for a link e-mail, the link), and for an invitation also the user name. */
function carriesWhatIsNeeded(template: string, invitation: boolean, values: MessageValues): boolean {
  if (values.link) return LINK_PLACEHOLDER.test(template);
  if (!template.includes(CODE_PARAMETER)) return false;
  return !invitation || template.includes(USERNAME_PARAMETER);
}

const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
