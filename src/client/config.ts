import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { configError } from './errors.js';
import type { ClientSettings } from './settings.js';

/**
 * Where the client keeps its profiles and cached tokens: `$COGNATE_CONFIG_DIR`, else
 * `$XDG_CONFIG_HOME/cognate`, else `~/.config/cognate` (`%APPDATA%\cognate` on Windows).
 */
export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.COGNATE_CONFIG_DIR) return env.COGNATE_CONFIG_DIR;
  if (env.XDG_CONFIG_HOME) return join(env.XDG_CONFIG_HOME, 'cognate');
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'cognate');
  return join(homedir(), '.config', 'cognate');
}

/** Creates the folder private to its owner (tokens and client secrets live there). */
export async function privateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  await chmod(dir, 0o700);
}

/** Writes a file readable only by its owner, atomically, so a crash never leaves half a file. */
export async function writePrivateFile(path: string, text: string): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await chmod(tmp, 0o600);
  await rename(tmp, path);
}

/** A named set of settings, so that `cognate token --profile dev` needs nothing else. */
export type Profile = Partial<ClientSettings>;

export interface ConfigFile {
  profiles: Record<string, Profile>;
}

export const configFile = (dir = configDir()) => join(dir, 'config.json');

export async function readConfig(dir = configDir()): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(configFile(dir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { profiles: {} };
    throw error;
  }
  try {
    const doc = JSON.parse(text) as Partial<ConfigFile>;
    return { profiles: doc.profiles ?? {} };
  } catch {
    throw configError(`${configFile(dir)} is not valid JSON`);
  }
}

const PROFILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

export function checkProfileName(name: string): string {
  if (!PROFILE_NAME.test(name)) throw configError(`Profile names are letters, digits, '.', '_' and '-' (got '${name}')`);
  return name;
}

export async function readProfile(name: string, dir = configDir()): Promise<Profile | undefined> {
  return (await readConfig(dir)).profiles[checkProfileName(name)];
}

/** Saves a profile. A user's credentials (passwords, TOTP secret) are never written: they come from flags or the environment each time. */
export async function saveProfile(name: string, profile: Profile, dir = configDir()): Promise<void> {
  const config = await readConfig(dir);
  const { password: _password, newPassword: _newPassword, totpSecret: _totpSecret, refreshToken: _refreshToken, ...kept } = profile;
  config.profiles[checkProfileName(name)] = kept;
  await privateDir(dir);
  await writePrivateFile(configFile(dir), `${JSON.stringify(config, null, 2)}\n`);
}

export async function deleteProfile(name: string, dir = configDir()): Promise<boolean> {
  const config = await readConfig(dir);
  if (!(checkProfileName(name) in config.profiles)) return false;
  delete config.profiles[name];
  await privateDir(dir);
  await writePrivateFile(configFile(dir), `${JSON.stringify(config, null, 2)}\n`);
  return true;
}
