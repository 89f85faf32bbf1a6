import {
  CreateUserPoolCommand,
  CreateUserPoolReplicaCommand,
  DeleteUserPoolReplicaCommand,
  GetProvisionedLimitCommand,
  ListUserPoolReplicasCommand,
  UpdateProvisionedLimitCommand,
  UpdateUserPoolReplicaCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { forEachEngine } from '../helpers/server.js';

forEachEngine('replicas and provisioned limits', (server) => {
  let poolId: string;
  const send = <T>(command: T) => server().cognito.send(command as never) as Promise<never>;

  beforeAll(async () => {
    poolId = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'replicated' }))).UserPool!.Id!;
  });

  it('records a replica, lists it after the primary, updates and deletes it', async () => {
    const region = poolId.split('_')[0]!;
    const created = await server().cognito.send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'eu-west-1', UserPoolTags: { team: 'id' } }));
    expect(created.UserPoolReplica).toEqual({
      RegionName: 'eu-west-1',
      Status: 'CREATING',
      Role: 'SECONDARY',
      UserPoolArn: `arn:aws:cognito-idp:eu-west-1:000000000000:userpool/${poolId}`,
    });
    const listed = await server().cognito.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId }));
    expect(listed.UserPoolReplicas!.map((r) => [r.RegionName, r.Role, r.Status])).toEqual([
      [region, 'PRIMARY', 'ACTIVE'],
      ['eu-west-1', 'SECONDARY', 'ACTIVE'],
    ]);
    await expect(send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'eu-west-1' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: region }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(send(new CreateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'moon-base' }))).rejects.toMatchObject({ name: 'InvalidParameterException' });

    const updated = await server().cognito.send(new UpdateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'eu-west-1', Status: 'INACTIVE' }));
    expect(updated.UserPoolReplica?.Status).toBe('INACTIVE');
    expect((await server().cognito.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId }))).UserPoolReplicas![1]!.Status).toBe('INACTIVE');
    await expect(send(new UpdateUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'eu-west-1', Status: 'DELETING' as never }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });

    const deleted = await server().cognito.send(new DeleteUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'eu-west-1' }));
    expect(deleted.UserPoolReplica?.Status).toBe('DELETING');
    expect((await server().cognito.send(new ListUserPoolReplicasCommand({ UserPoolId: poolId }))).UserPoolReplicas).toHaveLength(1);
    await expect(send(new DeleteUserPoolReplicaCommand({ UserPoolId: poolId, RegionName: 'eu-west-1' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('describes and provisions API-category limits', async () => {
    const LimitDefinition = { LimitClass: 'API_CATEGORY' as const, Attributes: { Category: 'UserAuthentication' } };
    const before = await server().cognito.send(new GetProvisionedLimitCommand({ LimitDefinition }));
    expect(before.Limit).toEqual({ LimitDefinition, ProvisionedLimitValue: 120, FreeLimitValue: 120 });
    const after = await server().cognito.send(new UpdateProvisionedLimitCommand({ LimitDefinition, RequestedLimitValue: 200 }));
    expect(after.Limit).toEqual({ LimitDefinition, ProvisionedLimitValue: 200, FreeLimitValue: 120 });
    expect((await server().cognito.send(new GetProvisionedLimitCommand({ LimitDefinition }))).Limit?.ProvisionedLimitValue).toBe(200);
    await expect(send(new UpdateProvisionedLimitCommand({ LimitDefinition, RequestedLimitValue: 10 }))).rejects.toMatchObject({ name: 'InvalidParameterException' });
    await expect(send(new UpdateProvisionedLimitCommand({ LimitDefinition, RequestedLimitValue: 1_000_000 }))).rejects.toMatchObject({
      name: 'ServiceQuotaExceededException',
    });
    await expect(
      send(new GetProvisionedLimitCommand({ LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: { Category: 'Teleportation' } } })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
    await expect(send(new GetProvisionedLimitCommand({ LimitDefinition: { LimitClass: 'API_CATEGORY', Attributes: {} } }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });
});
