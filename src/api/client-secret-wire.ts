import type { ClientSecretDescriptorType } from '@aws-sdk/client-cognito-identity-provider';
import type { ClientSecretDescriptor } from '../core/client/secrets.js';

/** A client secret's descriptor on the wire: its date as a timestamp, the value only when core gave it. */
export function wireClientSecret(d: ClientSecretDescriptor): ClientSecretDescriptorType {
  return {
    ClientSecretId: d.ClientSecretId,
    ...(d.ClientSecretValue !== undefined ? { ClientSecretValue: d.ClientSecretValue } : {}),
    ClientSecretCreateDate: new Date(d.ClientSecretCreateDate),
  };
}
