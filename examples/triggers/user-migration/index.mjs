// UserMigration from a legacy system: the users of legacy-users.json (name, e-mail, and a salted
// scrypt hash of the password, as an old system would keep them). On a sign-in with
// USER_PASSWORD_AUTH the typed password is checked against the old hash; on ForgotPassword the user
// is moved without one and then resets it. Cognito creates the user with the answered attributes.
import { readFileSync } from 'node:fs';
import { Buffer } from 'node:buffer';
import { scryptSync, timingSafeEqual } from 'node:crypto';
import { URL } from 'node:url';

const legacyUsers = JSON.parse(readFileSync(new URL('./legacy-users.json', import.meta.url), 'utf8'));

/** The legacy record of a name, by username or e-mail. */
function findLegacyUser(name) {
  const wanted = name.toLowerCase();
  return legacyUsers.find((u) => u.username.toLowerCase() === wanted || u.email.toLowerCase() === wanted);
}

function passwordMatches(user, password) {
  const [salt, hash] = user.password.split(':');
  return timingSafeEqual(scryptSync(password, Buffer.from(salt, 'hex'), 32), Buffer.from(hash, 'hex'));
}

export async function handler(event) {
  const user = findLegacyUser(event.userName);
  if (!user) throw new Error('User does not exist');
  if (event.triggerSource === 'UserMigration_Authentication' && !passwordMatches(user, event.request.password)) {
    throw new Error('Bad password');
  }
  if (event.triggerSource !== 'UserMigration_Authentication' && event.triggerSource !== 'UserMigration_ForgotPassword') {
    throw new Error(`Unexpected trigger ${event.triggerSource}`);
  }
  event.response.userAttributes = { email: user.email, email_verified: 'true', name: user.name };
  event.response.finalUserStatus = 'CONFIRMED';
  // The old system already welcomed this user.
  event.response.messageAction = 'SUPPRESS';
  return event;
}
