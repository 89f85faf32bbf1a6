import { str, struct } from './shapes.js';
import { StringType, Token } from './common.js';

// Members of the self-service operations (sign-up, recovery, access-token operations). Constraints are the service model's.
export const AnalyticsMetadata = struct({ AnalyticsEndpointId: StringType });
export const UserContextData = struct({ IpAddress: StringType, EncodedData: StringType }, { sensitive: true });
export const ConfirmationCode = str({ min: 1, max: 2048, pattern: '[\\S]+' });
export const Session = str({ min: 20, max: 2048, sensitive: true });
export const DeviceKey = str({ min: 1, max: 55, pattern: '[\\w-]+_[0-9a-f-]+' });
export const AccessToken = Token;
