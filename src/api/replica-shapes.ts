import type { LimitType, UserPoolReplicaType } from '@aws-sdk/client-cognito-identity-provider';
import type { Limit } from '../core/pool/provisioned-limits.js';
import type { UserPoolReplica } from '../core/pool/replicas.js';
import { StringType } from './common.js';
import { enumOf, map, req, str, struct } from './shapes.js';

// The members of the replica and provisioned-limit operations, with the service model's constraints.
export const RegionName = str({ min: 5, max: 32 });
export const LimitDefinition = struct({ LimitClass: req(enumOf(['API_CATEGORY'])), Attributes: req(map(StringType, StringType)) });

export const wireReplica = (r: UserPoolReplica): UserPoolReplicaType => ({ ...r });
export const wireLimit = (l: Limit): LimitType => ({ ...l, LimitDefinition: { ...l.LimitDefinition, LimitClass: 'API_CATEGORY' } });
