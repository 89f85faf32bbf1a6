import { createHmac } from 'node:crypto';
import { decodeJwt } from 'jose';
import type { CognitoApiOptions } from './cognito-api.js';
import { callCognito } from './cognito-api.js';
import { TokenClientError } from './errors.js';
import type { SrpChallenge } from './srp.js';
import { srpSession } from './srp.js';
import type { TokenResponse } from './token-endpoint.js';
import { totpCode } from './totp.js';

/**
 * Sign-in through Cognito's own API, the way apps and test suites do it without a browser:
 * InitiateAuth with USER_PASSWORD_AUTH or USER_SRP_AUTH, then RespondToAuthChallenge for the
 * challenges an unattended client can answer (the SRP verifier, a new password, TOTP, choosing TOTP,
 * setting TOTP up). Tokens from here carry no OAuth scopes; Cognito refreshes them with
 * REFRESH_TOKEN_AUTH.
 */

export interface CognitoSignInOptions {
  api: CognitoApiOptions;
  poolId: string;
  clientId: string;
  clientSecret?: string;
  flow: 'USER_PASSWORD_AUTH' | 'USER_SRP_AUTH';
  username: string;
  password: string;
  totpSecret?: string;
  newPassword?: string;
  userAttributes?: Record<string, string>;
  onStatus?: (message: string) => void;
}

interface AuthAnswer {
  ChallengeName?: string;
  Session?: string;
  ChallengeParameters?: Record<string, string>;
  AuthenticationResult?: { AccessToken?: string; IdToken?: string; RefreshToken?: string; ExpiresIn?: number; TokenType?: string };
}

/** SECRET_HASH = Base64(HMAC-SHA256(key = client secret, message = username ‖ client id)). */
export const secretHash = (username: string, clientId: string, clientSecret: string): string =>
  createHmac('sha256', clientSecret).update(`${username}${clientId}`, 'utf8').digest('base64');

const challengeError = (message: string, code?: string) => new TokenClientError('sign-in', message, code);

function tokensOf(answer: AuthAnswer): TokenResponse {
  const r = answer.AuthenticationResult;
  if (!r?.AccessToken) throw challengeError('Cognito answered without tokens');
  return {
    access_token: r.AccessToken,
    token_type: r.TokenType ?? 'Bearer',
    ...(r.ExpiresIn !== undefined ? { expires_in: r.ExpiresIn } : {}),
    ...(r.IdToken ? { id_token: r.IdToken } : {}),
    ...(r.RefreshToken ? { refresh_token: r.RefreshToken } : {}),
  };
}

const parseList = (value: string | undefined): string[] => {
  try {
    const list = JSON.parse(value ?? '[]') as unknown;
    return Array.isArray(list) ? list.map(String) : [];
  } catch {
    return [];
  }
};

export async function cognitoPasswordSignIn(options: CognitoSignInOptions): Promise<TokenResponse> {
  const { api, clientId, clientSecret } = options;
  const status = options.onStatus ?? (() => undefined);
  const withSecret = (username: string, params: Record<string, string>) =>
    clientSecret ? { ...params, SECRET_HASH: secretHash(username, clientId, clientSecret) } : params;
  const srp = options.flow === 'USER_SRP_AUTH' ? srpSession(options.poolId) : undefined;

  let answer = await callCognito<AuthAnswer>(api, 'InitiateAuth', {
    AuthFlow: options.flow,
    ClientId: clientId,
    AuthParameters: withSecret(options.username, srp ? { USERNAME: options.username, SRP_A: srp.srpA } : { USERNAME: options.username, PASSWORD: options.password }),
  });
  let totpSecret = options.totpSecret;

  for (let step = 0; answer.ChallengeName && step < 8; step++) {
    const params = answer.ChallengeParameters ?? {};
    const username = params.USERNAME ?? params.USER_ID_FOR_SRP ?? options.username;
    let responses: Record<string, string>;
    let session = answer.Session;
    switch (answer.ChallengeName) {
      case 'PASSWORD_VERIFIER':
        if (!srp) throw challengeError('Cognito sent PASSWORD_VERIFIER to a sign-in that is not SRP');
        responses = srp.claim(params as unknown as SrpChallenge, options.password);
        break;
      case 'NEW_PASSWORD_REQUIRED': {
        if (!options.newPassword) throw challengeError('The user must choose a new password: give --new-password (or COGNATE_NEW_PASSWORD)', 'NEW_PASSWORD_REQUIRED');
        status('Setting the new password');
        responses = { USERNAME: username, NEW_PASSWORD: options.newPassword };
        const missing: string[] = [];
        for (const entry of parseList(params.requiredAttributes)) {
          const name = entry.replace(/^userAttributes\./, '');
          const value = options.userAttributes?.[name];
          if (value === undefined) missing.push(name);
          else responses[`userAttributes.${name}`] = value;
        }
        if (missing.length) throw challengeError(`The new password requires attributes ${missing.join(', ')}: give --user-attribute name=value`);
        break;
      }
      case 'SELECT_MFA_TYPE': {
        const offered = parseList(params.MFAS_CAN_CHOOSE);
        if (!totpSecret || !offered.includes('SOFTWARE_TOKEN_MFA'))
          throw challengeError(`Cognito asks to choose an MFA method (${offered.join(', ')}); only SOFTWARE_TOKEN_MFA with --totp-secret can be answered unattended`);
        responses = { USERNAME: username, ANSWER: 'SOFTWARE_TOKEN_MFA' };
        break;
      }
      case 'SOFTWARE_TOKEN_MFA':
        if (!totpSecret) throw challengeError('Cognito asks for a TOTP code: give --totp-secret', 'SOFTWARE_TOKEN_MFA');
        status('Answering the MFA step with a TOTP code');
        responses = { USERNAME: username, SOFTWARE_TOKEN_MFA_CODE: totpCode(totpSecret) };
        break;
      case 'MFA_SETUP': {
        if (!parseList(params.MFAS_CAN_SETUP).includes('SOFTWARE_TOKEN_MFA')) throw challengeError(`Cognito asks to set up MFA (${params.MFAS_CAN_SETUP}); only TOTP can be set up unattended`);
        const associated = await callCognito<{ SecretCode: string; Session?: string }>(api, 'AssociateSoftwareToken', { Session: session });
        totpSecret = associated.SecretCode;
        status(`Setting up TOTP MFA; the new secret is ${totpSecret} (give it as --totp-secret from now on)`);
        const verified = await callCognito<{ Status: string; Session?: string }>(api, 'VerifySoftwareToken', {
          Session: associated.Session,
          UserCode: totpCode(totpSecret),
          FriendlyDeviceName: 'cognate',
        });
        session = verified.Session;
        responses = { USERNAME: username };
        break;
      }
      default:
        throw challengeError(`Cognito asks for ${answer.ChallengeName}, which unattended sign-in cannot answer`, answer.ChallengeName);
    }
    answer = await callCognito<AuthAnswer>(api, 'RespondToAuthChallenge', {
      ClientId: clientId,
      ChallengeName: answer.ChallengeName,
      ...(session ? { Session: session } : {}),
      ChallengeResponses: withSecret(responses.USERNAME ?? username, responses),
    });
  }
  return tokensOf(answer);
}

/** The username a refresh's SECRET_HASH is computed with: the one inside the tokens. */
function usernameOf(accessToken: string | undefined, idToken: string | undefined): string | undefined {
  for (const token of [accessToken, idToken]) {
    if (!token) continue;
    try {
      const claims = decodeJwt(token);
      const name = claims.username ?? claims['cognito:username'];
      if (typeof name === 'string') return name;
    } catch {
      // not a JWT; try the next
    }
  }
  return undefined;
}

export async function cognitoRefresh(
  api: CognitoApiOptions,
  client: { clientId: string; clientSecret?: string },
  tokens: { refresh_token: string; access_token?: string; id_token?: string },
): Promise<TokenResponse> {
  const params: Record<string, string> = { REFRESH_TOKEN: tokens.refresh_token };
  if (client.clientSecret) {
    const username = usernameOf(tokens.access_token, tokens.id_token);
    if (username) params.SECRET_HASH = secretHash(username, client.clientId, client.clientSecret);
  }
  const answer = await callCognito<AuthAnswer>(api, 'InitiateAuth', { AuthFlow: 'REFRESH_TOKEN_AUTH', ClientId: client.clientId, AuthParameters: params });
  return tokensOf(answer);
}
