import { CognitoError } from '../errors.js';
import { invokeTrigger } from './invoke.js';
import type { TriggerSite } from './signin-triggers.js';

/**
 * The CUSTOM_AUTH trio's events (DefineAuthChallenge, CreateAuthChallenge,
 * VerifyAuthChallengeResponse), in Cognito's shapes; the loop that drives them is signin/custom-auth.ts.
 */

/** One answered challenge of a custom sign-in, as Define and Create see it in `request.session`. */
export interface ChallengeResult {
  challengeName: string;
  challengeResult: boolean;
  challengeMetadata?: string;
}

/**
 * Whom the trio's events are about: a user (`userName`, `userAttributes` with the account status), or,
 * when the client hides unknown users (PreventUserExistenceErrors ENABLED), a name that matches no
 * user (`userAttributes: {}`, `userNotFound: true`). Cognito populates `userNotFound` only for such
 * clients, so it is absent otherwise and `false` for a real user of such a client.
 */
export interface ChallengeSubject {
  userName: string;
  userAttributes: Record<string, string>;
  userNotFound?: boolean;
}

const subjectRequest = (subject: ChallengeSubject) => ({
  userAttributes: subject.userAttributes,
  ...(subject.userNotFound !== undefined ? { userNotFound: subject.userNotFound } : {}),
});

export type DefineDecision =
  | { kind: 'fail' }
  | { kind: 'tokens' }
  | { kind: 'challenge'; challengeName: string };

export interface CreatedChallenge {
  publicParameters: Record<string, string>;
  privateParameters: Record<string, string>;
  metadata?: string;
}

const invalid = (kind: string) => new CognitoError('InvalidLambdaResponseException', `Invalid lambda response received: invalid ${kind} response`);

const stringMap = (value: unknown, kind: string): Record<string, string> => {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Object.values(value).some((v) => typeof v !== 'string')) throw invalid(kind);
  return value as Record<string, string>;
};

/** DefineAuthChallenge: what comes next, given the challenges answered so far. */
export async function defineAuthChallenge(site: TriggerSite, subject: ChallengeSubject, session: ChallengeResult[]): Promise<DefineDecision> {
  const response = await invokeTrigger(site.services, {
    pool: site.pool,
    kind: 'DefineAuthChallenge',
    triggerSource: 'DefineAuthChallenge_Authentication',
    userName: subject.userName,
    clientId: site.clientId,
    request: { ...subjectRequest(subject), session, clientMetadata: site.clientMetadata ?? {} },
    response: { challengeName: null, issueTokens: null, failAuthentication: null },
  });
  if (!response) throw invalid('DefineAuthChallenge');
  if (response.failAuthentication === true) return { kind: 'fail' };
  if (response.issueTokens === true) return { kind: 'tokens' };
  if (typeof response.challengeName === 'string' && response.challengeName !== '') return { kind: 'challenge', challengeName: response.challengeName };
  throw invalid('DefineAuthChallenge');
}

/** CreateAuthChallenge: the challenge to put to the user. */
export async function createAuthChallenge(site: TriggerSite, subject: ChallengeSubject, challengeName: string, session: ChallengeResult[]): Promise<CreatedChallenge> {
  const response = await invokeTrigger(site.services, {
    pool: site.pool,
    kind: 'CreateAuthChallenge',
    triggerSource: 'CreateAuthChallenge_Authentication',
    userName: subject.userName,
    clientId: site.clientId,
    request: { ...subjectRequest(subject), challengeName, session, clientMetadata: site.clientMetadata ?? {} },
    response: { publicChallengeParameters: null, privateChallengeParameters: null, challengeMetadata: null },
  });
  // A pool with Define but no Create cannot put a custom challenge (Cognito fails the same way).
  if (!response) throw new CognitoError('UnexpectedLambdaException', 'CreateAuthChallenge invocation failed due to error ResourceNotFoundException.');
  const metadata = response.challengeMetadata;
  if (metadata !== undefined && metadata !== null && typeof metadata !== 'string') throw invalid('CreateAuthChallenge');
  return {
    publicParameters: stringMap(response.publicChallengeParameters, 'CreateAuthChallenge'),
    privateParameters: stringMap(response.privateChallengeParameters, 'CreateAuthChallenge'),
    ...(typeof metadata === 'string' ? { metadata } : {}),
  };
}

/** VerifyAuthChallengeResponse: whether the answer is right. */
export async function verifyAuthChallengeResponse(site: TriggerSite, subject: ChallengeSubject, privateParameters: Record<string, string>, answer: string): Promise<boolean> {
  const response = await invokeTrigger(site.services, {
    pool: site.pool,
    kind: 'VerifyAuthChallengeResponse',
    triggerSource: 'VerifyAuthChallengeResponse_Authentication',
    userName: subject.userName,
    clientId: site.clientId,
    request: { ...subjectRequest(subject), privateChallengeParameters: privateParameters, challengeAnswer: answer, clientMetadata: site.clientMetadata ?? {} },
    response: { answerCorrect: false },
  });
  if (!response) throw new CognitoError('UnexpectedLambdaException', 'VerifyAuthChallengeResponse invocation failed due to error ResourceNotFoundException.');
  return response.answerCorrect === true;
}
