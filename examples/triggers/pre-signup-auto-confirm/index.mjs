/**
 * PreSignUp trigger: users whose e-mail address is in a trusted domain are confirmed at once, with
 * the address marked verified; everyone else signs up as usual and confirms with a code. Refuses
 * sign-ups without an e-mail address.
 *
 * Domains come from AUTO_CONFIRM_DOMAINS (comma-separated), default "example.com".
 * Wire it up: cognate serve --function pre-signup-auto-confirm=examples/triggers/pre-signup-auto-confirm/index.mjs
 * and LambdaConfig: { PreSignUp: 'arn:aws:lambda:us-east-1:123456789012:function:pre-signup-auto-confirm' }.
 */
import process from 'node:process';

const trusted = (process.env.AUTO_CONFIRM_DOMAINS ?? 'example.com')
  .split(',')
  .map((domain) => domain.trim().toLowerCase())
  .filter(Boolean);

export const handler = async (event) => {
  const email = event.request.userAttributes.email;
  if (!email) throw new Error('An e-mail address is required');
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  if (trusted.includes(domain)) {
    event.response.autoConfirmUser = true;
    event.response.autoVerifyEmail = true;
  }
  return event;
};
