import { TokenCache, cacheKeyOf } from './cache.js';
import type { Profile } from './config.js';
import { configDir, deleteProfile, readProfile, saveProfile } from './config.js';
import { configError } from './errors.js';
import type { ClientSettings } from './settings.js';

/**
 * How the settings given for one run (flags, environment, or a caller's object) combine with a saved
 * profile: what is given wins, the profile fills the rest, defaults come last. A pool and an issuer are
 * two ways of saying where the pool is, so giving either replaces both of the profile's.
 */

export interface SettingsSource {
  /** The settings given for this run; only those actually given. */
  given: Profile;
  /** The profile to read, if any. */
  profile?: string;
  /** A missing profile is fine (it is about to be created); otherwise it is an error. */
  creatingProfile?: boolean;
}

const withoutLocation = (profile: Profile): Profile => {
  const { issuer: _issuer, poolId: _poolId, ...rest } = profile;
  return rest;
};

const namesLocation = (given: Profile) => Boolean(given.poolId || given.issuer);

/** The given settings over the profile's, with the default grant and an empty client id last. */
export async function settingsOf(source: SettingsSource): Promise<ClientSettings> {
  let stored: Profile = {};
  if (source.profile) {
    const found = await readProfile(source.profile);
    if (!found && !source.creatingProfile) throw configError(`No profile '${source.profile}' in ${configDir()}/config.json; create it with --save`);
    stored = found ?? {};
  }
  const merged: Profile = { ...(namesLocation(source.given) ? withoutLocation(stored) : stored), ...source.given };
  return { ...merged, grant: merged.grant ?? 'authorization_code', clientId: merged.clientId ?? '' };
}

/** Adds the given settings to a profile (creating it); credentials are never written (saveProfile). */
export async function saveGivenSettings(profile: string, given: Profile): Promise<void> {
  const existing = (await readProfile(profile)) ?? {};
  await saveProfile(profile, { ...(namesLocation(given) ? withoutLocation(existing) : existing), ...given });
}

/** Deletes a profile and its cached tokens; false when there was no such profile. */
export async function forgetProfile(name: string, cache = new TokenCache()): Promise<boolean> {
  const existed = await deleteProfile(name);
  await cache.delete(cacheKeyOf(name, ''));
  return existed;
}
