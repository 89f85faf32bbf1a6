import { enumOf, list, map, num, req, str, struct } from './shapes.js';

// Member types shared by many operations. Constraints are the service model's.
export const UserPoolId = str({ min: 1, max: 55, pattern: '[\\w-]+_[0-9a-zA-Z]+' });
export const ClientId = str({ min: 1, max: 128, pattern: '[\\w+]+', sensitive: true });
export const Username = str({ min: 1, max: 128, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+', sensitive: true });
export const Password = str({ max: 256, pattern: '[\\S]+', sensitive: true });
export const UserPoolName = str({ min: 1, max: 128, pattern: '[\\w\\s+=,.@-]+' });
export const ClientName = str({ min: 1, max: 128, pattern: '[\\w\\s+=,.@-]+' });
export const GroupName = str({ min: 1, max: 128, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' });
export const AttributeName = str({ min: 1, max: 32, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}\\t\\n\\r ]+' });
export const AttributeValue = str({ max: 2048, sensitive: true });
export const PaginationKey = str({ min: 1, max: 131072, pattern: '[\\S]+' });
export const SearchPaginationToken = str({ min: 1, pattern: '[\\S]+' });
export const QueryLimit = num({ min: 0, max: 60 });
export const PoolQueryLimit = num({ min: 1, max: 60 });
export const Arn = str({
  min: 20,
  max: 2048,
  pattern: 'arn:[\\w+=/,.@-]+:[\\w+=/,.@-]+:([\\w+=/,.@-]*)?:[0-9]+:[\\w+=/,.@-]+(:[\\w+=/,.@-]+)?(:[\\w+=/,.@-]+)?',
});
export const TagKey = str({ min: 1, max: 128 });
export const TagValue = str({ min: 0, max: 256 });
export const Domain = str({ min: 1, max: 63, pattern: '^[a-z0-9](?:[a-z0-9\\-]{0,61}[a-z0-9])?$' });
export const ResourceServerIdentifier = str({ min: 1, max: 256, pattern: '[\\x21\\x23-\\x5B\\x5D-\\x7E]+' });
export const CustomAttributeName = str({ min: 1, max: 20, pattern: '[\\p{L}\\p{M}\\p{S}\\p{N}\\p{P}]+' });
export const Description = str({ max: 2048 });
export const Precedence = num({ min: 0 });
export const StringType = str({ min: 0, max: 131072 });
export const SecretHash = str({ min: 1, max: 128, pattern: '[\\w+=/]+', sensitive: true });
export const ClientMetadata = map(StringType, StringType);
export const ClientSecret = str({ min: 24, max: 64, pattern: '[\\w+]+', sensitive: true });
export const Token = str({ pattern: '[A-Za-z0-9-_=.]+', sensitive: true });
// Appended for the user operations.
export const AttributeList = list(struct({ Name: req(AttributeName), Value: AttributeValue }));
export const AttributeNameList = list(AttributeName);
export const DeliveryMediums = list(enumOf(['SMS', 'EMAIL']));
// Appended for the device operations.
export const DeviceRememberedStatus = enumOf(['remembered', 'not_remembered']);
