import { StringType } from './common.js';
import { enumOf, list, map, req, str, struct } from './shapes.js';

// Input members shared by the four sign-in operations. Constraints are the service model's.
export const AuthFlow = enumOf([
  'USER_SRP_AUTH',
  'REFRESH_TOKEN_AUTH',
  'REFRESH_TOKEN',
  'CUSTOM_AUTH',
  'ADMIN_NO_SRP_AUTH',
  'USER_PASSWORD_AUTH',
  'ADMIN_USER_PASSWORD_AUTH',
  'USER_AUTH',
]);
export const ChallengeName = enumOf([
  'SMS_MFA',
  'EMAIL_OTP',
  'SOFTWARE_TOKEN_MFA',
  'SELECT_MFA_TYPE',
  'MFA_SETUP',
  'PASSWORD_VERIFIER',
  'CUSTOM_CHALLENGE',
  'SELECT_CHALLENGE',
  'DEVICE_SRP_AUTH',
  'DEVICE_PASSWORD_VERIFIER',
  'ADMIN_NO_SRP_AUTH',
  'NEW_PASSWORD_REQUIRED',
  'SMS_OTP',
  'PASSWORD',
  'WEB_AUTHN',
  'PASSWORD_SRP',
]);
export const AuthParameters = map(StringType, StringType, { sensitive: true });
export const ChallengeResponses = map(StringType, StringType, { sensitive: true });
export const Session = str({ min: 20, max: 2048, sensitive: true });
export const AnalyticsMetadata = struct({ AnalyticsEndpointId: StringType });
export const UserContextData = struct({ IpAddress: StringType, EncodedData: StringType }, { sensitive: true });
export const ContextData = struct({
  IpAddress: req(StringType),
  ServerName: req(StringType),
  ServerPath: req(StringType),
  HttpHeaders: req(list(struct({ headerName: StringType, headerValue: StringType }))),
  EncodedData: StringType,
});
