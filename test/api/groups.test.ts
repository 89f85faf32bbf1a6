import {
  AdminAddUserToGroupCommand,
  AdminCreateUserCommand,
  AdminDeleteUserCommand,
  AdminListGroupsForUserCommand,
  type AdminListGroupsForUserCommandOutput,
  AdminRemoveUserFromGroupCommand,
  CreateGroupCommand,
  CreateUserPoolCommand,
  DeleteGroupCommand,
  GetGroupCommand,
  ListGroupsCommand,
  type ListGroupsCommandOutput,
  ListUsersInGroupCommand,
  type ListUsersInGroupCommandOutput,
  UpdateGroupCommand,
  paginateListGroups,
} from '@aws-sdk/client-cognito-identity-provider';
import { beforeAll, expect, it } from 'vitest';
import { loadOperations } from '../../src/api/registry.js';
import { forEachEngine } from '../helpers/server.js';

// Membership tests need users; AdminCreateUser/AdminDeleteUser are written by the users engineer.
const operations = await loadOperations();
const hasUsers = operations.has('AdminCreateUser');
const hasUserDeletion = operations.has('AdminDeleteUser');

const ROLE = 'arn:aws:iam::123456789012:role/editors';

forEachEngine('user pool groups', (server) => {
  let poolId: string;
  // For error assertions on commands of different types; results are not read.
  const send = (command: unknown): Promise<unknown> => server().cognito.send(command as never);

  beforeAll(async () => {
    const created = await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'groups' }));
    poolId = created.UserPool!.Id!;
  });

  const createUser = async (Username: string) => {
    await server().cognito.send(new AdminCreateUserCommand({ UserPoolId: poolId, Username, MessageAction: 'SUPPRESS' }));
  };

  it('creates a group with every member and returns it as GroupType', async () => {
    const before = Date.now();
    const { Group } = await server().cognito.send(
      new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'editors', Description: 'People who edit', RoleArn: ROLE, Precedence: 3 }),
    );
    expect(Group).toMatchObject({ GroupName: 'editors', UserPoolId: poolId, Description: 'People who edit', RoleArn: ROLE, Precedence: 3 });
    expect(Group!.CreationDate).toBeInstanceOf(Date);
    expect(Group!.CreationDate!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(Group!.LastModifiedDate).toEqual(Group!.CreationDate);
  });

  it('creates a group with only a name and leaves the optional members out', async () => {
    const { Group } = await server().cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'bare' }));
    expect(Group!.Description).toBeUndefined();
    expect(Group!.RoleArn).toBeUndefined();
    expect(Group!.Precedence).toBeUndefined();
  });

  it('gets a group by name', async () => {
    const { Group } = await server().cognito.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'editors' }));
    expect(Group).toMatchObject({ GroupName: 'editors', Description: 'People who edit', RoleArn: ROLE, Precedence: 3 });
  });

  it('refuses a second group with the same name', async () => {
    await expect(send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'editors' }))).rejects.toMatchObject({
      name: 'GroupExistsException',
      message: 'A group with the name editors already exists.',
    });
  });

  it('answers an unknown group with ResourceNotFoundException', async () => {
    for (const command of [
      new GetGroupCommand({ UserPoolId: poolId, GroupName: 'nobody' }),
      new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'nobody', Description: 'x' }),
      new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'nobody' }),
      new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'nobody' }),
    ]) {
      await expect(send(command)).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Group not found.' });
    }
  });

  it('answers an unknown pool with the pool error', async () => {
    await expect(send(new CreateGroupCommand({ UserPoolId: 'us-east-1_missing1', GroupName: 'g' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'User pool us-east-1_missing1 does not exist.',
    });
    await expect(send(new ListGroupsCommand({ UserPoolId: 'us-east-1_missing1' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('validates the members against the model constraints', async () => {
    await expect(send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'neg', Precedence: -1 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: "1 validation error detected: Value '-1' at 'precedence' failed to satisfy constraint: Member must have value greater than or equal to 0",
    });
    await expect(send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'role', RoleArn: 'not-an-arn-at-all-really' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining("at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern"),
    });
    await expect(send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'long', Description: 'd'.repeat(2049) }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining("at 'description' failed to satisfy constraint: Member must have length less than or equal to 2048"),
    });
    await expect(send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'with space' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining("Value 'with space' at 'groupName' failed to satisfy constraint: Member must satisfy regular expression pattern"),
    });
    await expect(send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'g'.repeat(129) }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: expect.stringContaining('Member must have length less than or equal to 128'),
    });
    await expect(send(new ListGroupsCommand({ UserPoolId: poolId, Limit: 61 }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
      message: "1 validation error detected: Value '61' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 60",
    });
  });

  it('updates only the members given and moves LastModifiedDate', async () => {
    await server().cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'update-me', Description: 'old', RoleArn: ROLE, Precedence: 7 }));
    const { Group } = await server().cognito.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'update-me', Description: 'new' }));
    expect(Group).toMatchObject({ GroupName: 'update-me', Description: 'new', RoleArn: ROLE, Precedence: 7 });
    const again = await server().cognito.send(new UpdateGroupCommand({ UserPoolId: poolId, GroupName: 'update-me', Precedence: 0 }));
    expect(again.Group).toMatchObject({ Description: 'new', RoleArn: ROLE, Precedence: 0 });
    expect(again.Group!.LastModifiedDate!.getTime()).toBeGreaterThanOrEqual(again.Group!.CreationDate!.getTime());
    const read = await server().cognito.send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'update-me' }));
    expect(read.Group).toEqual(again.Group);
  });

  it('deletes a group', async () => {
    await server().cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'short-lived' }));
    await server().cognito.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'short-lived' }));
    await expect(send(new GetGroupCommand({ UserPoolId: poolId, GroupName: 'short-lived' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
    });
  });

  it('pages through ListGroups with Limit and NextToken', async () => {
    const pool = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'many-groups' }))).UserPool!.Id!;
    const names = Array.from({ length: 7 }, (_, i) => `team-${i}`);
    for (const GroupName of names) await server().cognito.send(new CreateGroupCommand({ UserPoolId: pool, GroupName }));

    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page: ListGroupsCommandOutput = await server().cognito.send(new ListGroupsCommand({ UserPoolId: pool, Limit: 3, NextToken }));
      expect(page.Groups!.length).toBeLessThanOrEqual(3);
      seen.push(...page.Groups!.map((g) => g.GroupName!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(names);

    const all = await server().cognito.send(new ListGroupsCommand({ UserPoolId: pool }));
    expect(all.Groups).toHaveLength(7);
    expect(all.NextToken).toBeUndefined();
    expect(all.Groups![0]).toMatchObject({ UserPoolId: pool });
  });

  it('works with the SDK paginator', async () => {
    const pool = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'paginated' }))).UserPool!.Id!;
    for (let i = 0; i < 5; i++) await server().cognito.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: `g${i}` }));
    const names: string[] = [];
    for await (const page of paginateListGroups({ client: server().cognito, pageSize: 2 }, { UserPoolId: pool })) {
      names.push(...(page.Groups ?? []).map((g) => g.GroupName!));
    }
    expect(names.sort()).toEqual(['g0', 'g1', 'g2', 'g3', 'g4']);
  });

  it('refuses a pagination token it did not issue', async () => {
    await expect(send(new ListGroupsCommand({ UserPoolId: poolId, NextToken: 'garbage' }))).rejects.toMatchObject({
      name: 'InvalidParameterException',
    });
  });

  it.skipIf(!hasUsers)('adds users to groups and lists them both ways', async () => {
    await createUser('alice');
    await createUser('bob');
    await server().cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }));
    await server().cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'readers' }));
    await server().cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'alice', GroupName: 'editors' }));
    await server().cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'bob', GroupName: 'readers' }));

    const groups = await server().cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'alice' }));
    expect(groups.Groups!.map((g) => g.GroupName).sort()).toEqual(['editors', 'readers']);
    expect(groups.Groups!.find((g) => g.GroupName === 'editors')).toMatchObject({ RoleArn: ROLE, Precedence: 3, UserPoolId: poolId });

    const members = await server().cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'readers' }));
    expect(members.Users!.map((u) => u.Username).sort()).toEqual(['alice', 'bob']);
    const alice = members.Users!.find((u) => u.Username === 'alice')!;
    expect(alice.Enabled).toBe(true);
    expect(alice.UserStatus).toBe('FORCE_CHANGE_PASSWORD');
    expect(alice.UserCreateDate).toBeInstanceOf(Date);
    expect(alice.UserLastModifiedDate).toBeInstanceOf(Date);
    expect(alice.Attributes!.find((a) => a.Name === 'sub')?.Value).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.skipIf(!hasUsers)('treats adding a user already in the group as a success that changes nothing', async () => {
    await createUser('carol');
    await server().cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'carol', GroupName: 'bare' }));
    await server().cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'carol', GroupName: 'bare' }));
    const members = await server().cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'bare' }));
    expect(members.Users!.map((u) => u.Username)).toEqual(['carol']);
  });

  it.skipIf(!hasUsers)('removes a user from a group', async () => {
    await createUser('dave');
    await server().cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'leavers' }));
    await server().cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'dave', GroupName: 'leavers' }));
    await server().cognito.send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'dave', GroupName: 'leavers' }));
    const groups = await server().cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'dave' }));
    expect(groups.Groups).toEqual([]);
    const members = await server().cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'leavers' }));
    expect(members.Users).toEqual([]);
  });

  it.skipIf(!hasUsers)('answers membership calls for unknown users and groups with Cognito errors', async () => {
    await createUser('erin');
    await expect(send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'ghost', GroupName: 'readers' }))).rejects.toMatchObject({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
    await expect(send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'erin', GroupName: 'nobody' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Group not found.',
    });
    await expect(
      send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'ghost', GroupName: 'readers' })),
    ).rejects.toMatchObject({ name: 'UserNotFoundException' });
    await expect(
      send(new AdminRemoveUserFromGroupCommand({ UserPoolId: poolId, Username: 'erin', GroupName: 'nobody' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFoundException', message: 'Group not found.' });
    await expect(send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'ghost' }))).rejects.toMatchObject({
      name: 'UserNotFoundException',
      message: 'User does not exist.',
    });
  });

  it.skipIf(!hasUsers)('pages through the members of a group and the groups of a user', async () => {
    const pool = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'paged-members' }))).UserPool!.Id!;
    await server().cognito.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: 'crowd' }));
    const usernames = Array.from({ length: 5 }, (_, i) => `member-${i}`);
    for (const Username of usernames) {
      await server().cognito.send(new AdminCreateUserCommand({ UserPoolId: pool, Username, MessageAction: 'SUPPRESS' }));
      await server().cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username, GroupName: 'crowd' }));
    }
    const seen: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const page: ListUsersInGroupCommandOutput = await server().cognito.send(new ListUsersInGroupCommand({ UserPoolId: pool, GroupName: 'crowd', Limit: 2, NextToken }));
      seen.push(...page.Users!.map((u) => u.Username!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    expect(pages).toBe(3);
    expect(seen.sort()).toEqual(usernames);

    for (let i = 0; i < 5; i++) {
      await server().cognito.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: `set-${i}` }));
      await server().cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: 'member-0', GroupName: `set-${i}` }));
    }
    const groups: string[] = [];
    NextToken = undefined;
    pages = 0;
    do {
      const page: AdminListGroupsForUserCommandOutput = await server().cognito.send(
        new AdminListGroupsForUserCommand({ UserPoolId: pool, Username: 'member-0', Limit: 4, NextToken }),
      );
      groups.push(...page.Groups!.map((g) => g.GroupName!));
      NextToken = page.NextToken;
      pages++;
    } while (NextToken);
    expect(pages).toBe(2);
    expect(groups.sort()).toEqual(['crowd', 'set-0', 'set-1', 'set-2', 'set-3', 'set-4']);
  });

  it.skipIf(!hasUsers)('refuses a 101st group for one user with LimitExceededException', async () => {
    const pool = (await server().cognito.send(new CreateUserPoolCommand({ PoolName: 'busy-user' }))).UserPool!.Id!;
    await server().cognito.send(new AdminCreateUserCommand({ UserPoolId: pool, Username: 'joiner', MessageAction: 'SUPPRESS' }));
    for (let i = 0; i < 100; i++) {
      await server().cognito.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: `club-${i}` }));
      await server().cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: 'joiner', GroupName: `club-${i}` }));
    }
    await server().cognito.send(new CreateGroupCommand({ UserPoolId: pool, GroupName: 'one-too-many' }));
    await expect(send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: 'joiner', GroupName: 'one-too-many' }))).rejects.toMatchObject({
      name: 'LimitExceededException',
    });
    // Re-adding to a group the user is already in is still fine at the limit.
    await server().cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: pool, Username: 'joiner', GroupName: 'club-0' }));
  });

  it.skipIf(!hasUsers)('removes the memberships of a deleted group', async () => {
    await createUser('frank');
    await server().cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' }));
    await server().cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'frank', GroupName: 'doomed' }));
    await server().cognito.send(new DeleteGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' }));
    const groups = await server().cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'frank' }));
    expect(groups.Groups).toEqual([]);
    // A new group of the same name starts empty.
    await server().cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' }));
    const members = await server().cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'doomed' }));
    expect(members.Users).toEqual([]);
  });

  it.skipIf(!hasUsers || !hasUserDeletion)('removes the memberships of a deleted user', async () => {
    await createUser('gina');
    await server().cognito.send(new CreateGroupCommand({ UserPoolId: poolId, GroupName: 'gina-group' }));
    await server().cognito.send(new AdminAddUserToGroupCommand({ UserPoolId: poolId, Username: 'gina', GroupName: 'gina-group' }));
    await server().cognito.send(new AdminDeleteUserCommand({ UserPoolId: poolId, Username: 'gina' }));
    const members = await server().cognito.send(new ListUsersInGroupCommand({ UserPoolId: poolId, GroupName: 'gina-group' }));
    expect(members.Users).toEqual([]);
    // A new user of the same name is in no group.
    await createUser('gina');
    const groups = await server().cognito.send(new AdminListGroupsForUserCommand({ UserPoolId: poolId, Username: 'gina' }));
    expect(groups.Groups).toEqual([]);
  });
});
