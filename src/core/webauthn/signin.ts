import type { AuthenticationResponseJSON, AuthenticatorTransportFuture } from '@simplewebauthn/server';
import { simpleWebAuthn } from './library.js';
import * as repo from '../../store/webauthn-credentials.js';
import type { FirstFactor } from '../signin/extensions.js';
import { judgeAttempt, reserveAttempt } from '../signin/lockout.js';
import type { SignInState } from '../signin/session.js';
import type { ChallengeStep } from '../signin/steps.js';
import { challengeState } from '../signin/steps.js';
import type { SignInContext } from '../signin/user.js';
import { err } from '../errors.js';
import { updateUserSettings } from '../mfa/settings.js';
import type { UserPool } from '../pool/pools.js';
import type { Services } from '../services.js';
import type { User } from '../user/users.js';
import { allowedOrigin, originNotAllowed, passkeyAllowedByMfa, relyingPartyIdOf, userVerification, verificationRequired, webAuthnEnabled } from './config.js';

/**
 * WEB_AUTHN, the passkey first factor of USER_AUTH: the challenge carries CREDENTIAL_REQUEST_OPTIONS
 * (the user's passkeys for the pool's relying party, and a fresh challenge kept in the sealed sign-in
 * state), answered with CREDENTIAL, the browser's assertion as JSON. A failed assertion counts toward
 * the lockout like a wrong password; a challenge signs in once, even though the Session could be sent again.
 */

const USED_CHALLENGE = 'webAuthnLastChallenge';

const failed = () => err.notAuthorized('The passkey credential could not be verified.');

async function credentialsOf(services: Services, pool: UserPool, user: User) {
  const rpId = await relyingPartyIdOf(services, pool);
  return { rpId, credentials: (await repo.listCredentials(services.store.db, pool.Id, user.usernameKey)).filter((c) => c.relying_party_id === rpId) };
}

/**
 * What navigator.credentials.get takes for the user's passkeys and a challenge: the WEB_AUTHN
 * challenge's CREDENTIAL_REQUEST_OPTIONS, rebuilt the same from its state's challenge by a page shown again.
 */
export async function credentialRequestOptions(services: Services, pool: UserPool, user: User, challenge: Uint8Array<ArrayBuffer>) {
  const { rpId, credentials } = await credentialsOf(services, pool, user);
  return (await simpleWebAuthn()).generateAuthenticationOptions({
    rpID: rpId,
    challenge,
    allowCredentials: credentials.map((c) => ({ id: c.credential_id, transports: c.transports as AuthenticatorTransportFuture[] })),
    userVerification: verificationRequired(pool, user) ? 'required' : userVerification(pool),
    timeout: 180_000,
  });
}

export const WEB_AUTHN_FACTOR: FirstFactor = {
  async usable(services, pool, user) {
    if (!webAuthnEnabled(pool) || !passkeyAllowedByMfa(pool, user)) return false;
    try {
      return (await credentialsOf(services, pool, user)).credentials.length > 0;
    } catch {
      // No relying party: nobody could have registered a passkey for it.
      return false;
    }
  },

  async start(ctx: SignInContext, user: User, authTime: number): Promise<ChallengeStep> {
    const options = await credentialRequestOptions(ctx.services, ctx.pool, user, new Uint8Array(ctx.services.random.bytes(32)));
    return {
      kind: 'challenge',
      challengeName: 'WEB_AUTHN',
      parameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options), USERNAME: user.username, USER_ID_FOR_SRP: user.username },
      state: challengeState(ctx, user, 'WEB_AUTHN', authTime, { firstFactor: 'WEB_AUTHN', webAuthnChallenge: options.challenge }),
    };
  },

  async answer(ctx: SignInContext, state: SignInState, user: User, responses: Record<string, string>): Promise<void> {
    const raw = responses.CREDENTIAL;
    if (raw === undefined || raw === '') throw err.invalidParameter('Missing required parameter CREDENTIAL');
    let assertion: AuthenticationResponseJSON;
    try {
      assertion = JSON.parse(raw) as AuthenticationResponseJSON;
    } catch {
      throw err.invalidParameter('CREDENTIAL is not valid JSON.');
    }
    if (typeof assertion !== 'object' || assertion === null || typeof assertion.id !== 'string' || typeof assertion.response !== 'object' || assertion.response === null) {
      throw err.invalidParameter('CREDENTIAL is not a passkey assertion.');
    }
    const rpId = await relyingPartyIdOf(ctx.services, ctx.pool);
    const origin = allowedOrigin(assertion.response.clientDataJSON, rpId);
    if (!origin) throw originNotAllowed();
    const reservation = await reserveAttempt(ctx.services, ctx.pool.Id, user.usernameKey);
    // Every refusal from here on is a failed attempt, as a wrong password is.
    await judgeAttempt(ctx.services, reservation, async () => {
      const stored = await repo.findCredential(ctx.services.store.db, ctx.pool.Id, assertion.id);
      if (!stored || stored.username_key !== user.usernameKey || stored.relying_party_id !== rpId || !state.webAuthnChallenge) throw failed();
      // The user's or the pool's MFA setting may have changed since the challenge was offered.
      if (!passkeyAllowedByMfa(ctx.pool, user)) throw failed();
      let newCounter: number;
      try {
        const result = await (await simpleWebAuthn()).verifyAuthenticationResponse({
          response: assertion,
          expectedChallenge: state.webAuthnChallenge,
          expectedOrigin: origin,
          expectedRPID: rpId,
          credential: {
            id: stored.credential_id,
            publicKey: new Uint8Array(Buffer.from(stored.public_key, 'base64url')),
            counter: stored.sign_count,
            transports: stored.transports as AuthenticatorTransportFuture[],
          },
          // Without user verification a passkey is one factor; where it stands for MFA it must be two.
          requireUserVerification: verificationRequired(ctx.pool, user),
        });
        if (!result.verified) throw failed();
        newCounter = result.authenticationInfo.newCounter;
      } catch {
        throw failed();
      }
      await useChallengeOnce(ctx, user, state.webAuthnChallenge);
      await repo.updateSignCount(ctx.services.store.db, ctx.pool.Id, stored.credential_id, newCounter);
    });
  },
};

/** Marks the challenge as used; a second answer to the same Session finds it taken. */
async function useChallengeOnce(ctx: SignInContext, user: User, challenge: string): Promise<void> {
  let replayed = false;
  await updateUserSettings(ctx.services, user, (current) => {
    replayed = current.settings[USED_CHALLENGE] === challenge;
    return replayed ? current.settings : { ...current.settings, [USED_CHALLENGE]: challenge };
  });
  if (replayed) throw err.sessionExpired();
}
