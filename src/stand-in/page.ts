import type { Html } from '../ui/html.js';
import { html } from '../ui/html.js';
import { errorBox, field, layout } from '../ui/layout.js';
import type { StandInIdentity } from '../store/stand-in.js';
import type { SocialType } from './providers.js';
import { DISPLAY_NAMES } from './providers.js';

/**
 * The stand-in's pages, in the hosted pages' style and escaped by the same templates. Both forms post
 * back to the URL they were shown at (its query carries the authorization request), so the page keeps
 * nothing between the two requests.
 */

/** Where the stand-in serves the hosted pages' stylesheet. */
export const STAND_IN_BASE = '/_cognate/social';

export function identityPage(type: SocialType, earlier: readonly StandInIdentity[], error?: string, typed: Partial<StandInIdentity> = {}): Html {
  const provider = DISPLAY_NAMES[type];
  const picks = earlier.length
    ? html`<h2 class="textDescription-customizable">Sign in as an earlier identity</h2>
<form name="standInPickForm" method="post" class="stand-in-earlier">
${earlier.map((i) => html`<p><button type="submit" name="pick" value="${i.sub}" class="secondary">${i.name || i.email || i.sub}${i.email && i.name ? html` &lt;${i.email}&gt;` : ''} (${i.sub})</button></p>`)}
</form>
<hr>`
    : '';
  const body = html`<h1>${provider}</h1>
<p class="textDescription-customizable">This is Cognate's stand-in for ${provider}: nothing leaves this machine. Type the identity ${provider} would return, or pick one used before.</p>
${errorBox(error)}
${picks}
<form name="standInIdentityForm" method="post" class="stand-in-identity">
${field({ name: 'sub', label: 'Subject (left empty, a new one is made up)', value: typed.sub, required: false, autocomplete: 'off' })}
${field({ name: 'email', label: 'E-mail', type: 'email', value: typed.email, required: false, autocomplete: 'off' })}
${field({ name: 'name', label: 'Name', value: typed.name, required: false, autocomplete: 'off' })}
${field({ name: 'given_name', label: 'Given name (optional)', value: typed.given_name, required: false, autocomplete: 'off' })}
${field({ name: 'family_name', label: 'Family name (optional)', value: typed.family_name, required: false, autocomplete: 'off' })}
${field({ name: 'picture', label: 'Picture URL (optional)', type: 'url', value: typed.picture, required: false, autocomplete: 'off' })}
<button type="submit" name="signIn" class="submitButton-customizable">Sign in</button>
</form>`;
  return layout({ base: STAND_IN_BASE, poolName: `${provider} (Cognate stand-in)` }, `Sign in with ${provider}`, body);
}

/** Apple's response_mode=form_post: the answer goes to the redirect URI as a form the page posts itself. */
export function formPostPage(redirectUri: string, fields: Record<string, string>, scriptNonce: string): Html {
  const body = html`<h1>Returning to the application</h1>
<form name="standInFormPost" method="post" action="${redirectUri}" id="stand-in-form-post">
${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<noscript><button type="submit" class="submitButton-customizable">Continue</button></noscript>
</form>
<script nonce="${scriptNonce}">document.getElementById('stand-in-form-post').submit();</script>`;
  return layout({ base: STAND_IN_BASE, poolName: 'Sign in with Apple (Cognate stand-in)' }, 'Sign in with Apple', body);
}

/** An authorization request the stand-in cannot send back to its client (no usable redirect URI). */
export function refusalPage(type: SocialType, message: string): Html {
  const provider = DISPLAY_NAMES[type];
  return layout({ base: STAND_IN_BASE, poolName: `${provider} (Cognate stand-in)` }, 'Sign-in request refused', html`<h1>Sign-in request refused</h1>${errorBox(message)}`);
}
