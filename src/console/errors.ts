import { CognitoError } from '../core/errors.js';
import { OAuthError } from '../core/oauth/errors.js';

/** The message a form shows for a refused request, in Cognito's words; anything else is a bug and propagates. */
export function refusal(error: unknown): string {
  if (error instanceof CognitoError) return `${error.type}: ${error.message}`;
  if (error instanceof OAuthError) return error.description ? `${error.error}: ${error.description}` : error.error;
  throw error;
}

/** Runs a change; answers its refusal as text instead of throwing. */
export async function attempt<T>(change: () => Promise<T>): Promise<{ ok: T; error?: undefined } | { ok?: undefined; error: string }> {
  try {
    return { ok: await change() };
  } catch (error) {
    return { error: refusal(error) };
  }
}
