/**
 * Verifying Cognito and Cognate tokens in your own API (`import { verifier } from 'cognate/verify'`):
 * a verifier with a cached JWKS, and Fastify and Express middleware. It never imports server code,
 * so it works against real Cognito as well.
 */
export { TokenVerificationError, bearerChallenge, rejectionBody } from './errors.js';
export type { RejectionReason } from './errors.js';
export { JwksCache } from './jwks.js';
export type { JwksCacheOptions } from './jwks.js';
export { expressAuth, fastifyAuth } from './middleware.js';
export type { ExpressLikeRequest, MiddlewareOptions } from './middleware.js';
export { bearerToken, verifier } from './verifier.js';
export type { CognitoClaims, Requirements, TokenUse, VerifiedToken, Verifier, VerifierOptions } from './verifier.js';
