import type { Attribute } from '../user/types.js';

/**
 * The shapes of a remembered device as core describes it, and of ConfirmDevice.
 */

export interface DeviceDescription {
  DeviceKey?: string;
  DeviceAttributes?: Attribute[];
  DeviceCreateDate?: Date;
  DeviceLastModifiedDate?: Date;
  DeviceLastAuthenticatedDate?: Date;
}

export interface DeviceSecretVerifierConfig {
  PasswordVerifier?: string;
  Salt?: string;
}

export interface ConfirmDeviceInput {
  AccessToken: string;
  DeviceKey: string;
  DeviceSecretVerifierConfig?: DeviceSecretVerifierConfig;
  DeviceName?: string;
}

export interface ConfirmDeviceResult {
  UserConfirmationNecessary?: boolean;
}

export type DeviceRememberedStatus = 'not_remembered' | 'remembered';
