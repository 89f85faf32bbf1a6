import type { Random } from './providers.js';

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const MIXED_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** `us-east-1_AbC123xyz`: the region, an underscore and 9 mixed-case alphanumerics, as Cognito mints them. */
export const newUserPoolId = (random: Random, region: string) => `${region}_${random.string(9, MIXED_ALNUM)}`;

/** 26 lowercase alphanumerics, as Cognito's client ids. */
export const newClientId = (random: Random) => random.string(26, LOWER_ALNUM);

/** 51 lowercase alphanumerics: inside the model's 24–64 and the length real secrets have. */
export const newClientSecret = (random: Random) => random.string(51, LOWER_ALNUM);

/**
 * The region a pool id names: Cognito's ids begin with it, so a pool's region is never stored apart
 * (ARNs, issuers, domains and trigger events all derive it from here).
 */
export const regionOfPoolId = (userPoolId: string) => userPoolId.slice(0, Math.max(0, userPoolId.indexOf('_')));

/** What Cognate accepts as a region name (from a signature's credential scope or `--region`): `eu-west-1`, `local`. */
export const isRegionName = (value: string) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(value) && value.length <= 32;

/** The part of a pool id after the region, used as the SRP "pool name". */
export const poolNameOf = (userPoolId: string) => userPoolId.slice(userPoolId.indexOf('_') + 1);

export const userPoolArn = (region: string, accountId: string, userPoolId: string) =>
  `arn:aws:cognito-idp:${region}:${accountId}:userpool/${userPoolId}`;

/** The account id shown in ARNs; local tools conventionally use this one. */
export const LOCAL_ACCOUNT_ID = '000000000000';
