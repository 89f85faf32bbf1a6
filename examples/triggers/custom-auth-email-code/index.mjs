// A CUSTOM_AUTH e-mail code challenge: DefineAuthChallenge, CreateAuthChallenge and
// VerifyAuthChallengeResponse in one module, dispatched on the event's triggerSource, so one function
// name can serve all three LambdaConfig entries.
//
// The code is kept in privateChallengeParameters (Cognito never shows those to the client) and
// "sent" by appending it to `deliveries`, this example's stand-in for an e-mail service: replace
// `deliver` with a call to SES or your mailer. A user has three tries; a started SRP sign-in
// (CHALLENGE_NAME: SRP_A) proves the password first, then gets the code.
import { randomInt } from 'node:crypto';

/** What the example "sent": { email, code }, newest last. */
export const deliveries = [];

const MAX_TRIES = 3;

function deliver(email, code) {
  deliveries.push({ email, code });
}

function define(event) {
  const session = event.request.session;
  const last = session.at(-1);
  const answered = session.filter((c) => c.challengeName === 'CUSTOM_CHALLENGE');
  event.response.issueTokens = false;
  event.response.failAuthentication = false;
  if (session.length === 1 && last.challengeName === 'SRP_A') {
    event.response.challengeName = 'PASSWORD_VERIFIER';
  } else if (last?.challengeName === 'PASSWORD_VERIFIER' && !last.challengeResult) {
    event.response.failAuthentication = true;
  } else if (last?.challengeName === 'CUSTOM_CHALLENGE' && last.challengeResult) {
    event.response.issueTokens = true;
  } else if (answered.length >= MAX_TRIES) {
    event.response.failAuthentication = true;
  } else {
    event.response.challengeName = 'CUSTOM_CHALLENGE';
  }
  return event;
}

function create(event) {
  // A retry keeps the code already sent: it travels as the last challenge's metadata.
  const previous = event.request.session
    .filter((c) => c.challengeName === 'CUSTOM_CHALLENGE')
    .at(-1)
    ?.challengeMetadata?.replace(/^CODE-/, '');
  const email = event.request.userAttributes.email;
  const code = previous ?? String(randomInt(0, 1_000_000)).padStart(6, '0');
  // A name without a user (the client hides unknown users: userNotFound) gets a challenge that looks
  // the same but whose code goes nowhere, so the answer never tells who exists.
  if (!previous && email && !event.request.userNotFound) deliver(email, code);
  event.response.publicChallengeParameters = { delivery: 'EMAIL' };
  event.response.privateChallengeParameters = { code };
  event.response.challengeMetadata = `CODE-${code}`;
  return event;
}

function verify(event) {
  event.response.answerCorrect = event.request.challengeAnswer === event.request.privateChallengeParameters.code;
  return event;
}

export async function handler(event) {
  switch (event.triggerSource) {
    case 'DefineAuthChallenge_Authentication':
      return define(event);
    case 'CreateAuthChallenge_Authentication':
      return create(event);
    case 'VerifyAuthChallengeResponse_Authentication':
      return verify(event);
    default:
      throw new Error(`Unexpected trigger ${event.triggerSource}`);
  }
}
