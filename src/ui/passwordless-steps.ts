import type { FastifyRequest } from 'fastify';
import type { HostedSignIn } from '../core/signin/hosted.js';
import { poolOffersPasswordless, poolSignsInWithPassword } from '../core/signin/hosted.js';
import { supportsCognito } from '../core/idp/sign-in-choices.js';
import type { Services } from '../core/services.js';
import { managedLoginVersion } from '../web/managed-login-version.js';
import type { PageName, PageRequest } from './request.js';

/**
 * Where the managed login (version 2) pages' choice-based sign-in enters the sign-in pages: whether
 * `/login` offers it, and which page asks what its states wait for. The classic pages (version 1)
 * offer no passwordless factor, as Cognito's classic hosted UI.
 */

/**
 * What this request's `/login` offers beside the password: undefined on the classic pages, in a pool
 * without passwordless factors, or for a client that does not sign in with Cognito; else whether the
 * form has a password field at all (PASSWORD among the pool's first factors).
 */
export async function passwordlessOffer(services: Services, request: Pick<FastifyRequest, 'poolContext' | 'headers'>, pr: PageRequest): Promise<{ passwordField: boolean } | undefined> {
  if (!poolOffersPasswordless(pr.ctx.pool) || !supportsCognito(pr.client)) return undefined;
  if ((await managedLoginVersion(services, request)) !== 2) return undefined;
  return { passwordField: poolSignsInWithPassword(pr.ctx.pool) };
}

/** The page of a choice-based sign-in's state: the choice, a code, or the passkey; undefined for every other state. */
export function passwordlessPageOf(state: HostedSignIn): PageName | undefined {
  if (state.challengeName === 'SELECT_CHALLENGE') return 'selectChallenge';
  if (state.firstFactor === 'EMAIL_OTP' || state.firstFactor === 'SMS_OTP') return 'passwordlessCode';
  if (state.firstFactor === 'WEB_AUTHN') return 'passkeySignIn';
  return undefined;
}
