import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningCognate } from '../../src/index.js';
import { startCognate } from '../../src/index.js';

/** boto3 (Debian's python3-boto3, or any python3 on PATH that has it), unchanged, pointed at Cognate. */

const run = promisify(execFile);

function pythonWithBoto3(): string | undefined {
  for (const python of ['/usr/bin/python3', 'python3']) {
    try {
      execFileSync(python, ['-c', 'import boto3'], { stdio: 'ignore' });
      return python;
    } catch {
      // not this one
    }
  }
  return undefined;
}

const python = pythonWithBoto3();
if (!python) console.log("SKIP: no python3 with boto3 (Debian's python3-boto3); the boto3 suite is skipped.");

const SCRIPT = `
import json, os, boto3
idp = boto3.client('cognito-idp', endpoint_url=os.environ['COGNATE_ENDPOINT'], region_name='us-east-1',
                   aws_access_key_id='local', aws_secret_access_key='local')
pool = idp.create_user_pool(PoolName='from-boto3')['UserPool']
client = idp.create_user_pool_client(UserPoolId=pool['Id'], ClientName='py', GenerateSecret=False,
                                     ExplicitAuthFlows=['ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'])['UserPoolClient']
idp.admin_create_user(UserPoolId=pool['Id'], Username='pat', MessageAction='SUPPRESS')
idp.admin_set_user_password(UserPoolId=pool['Id'], Username='pat', Password='Passw0rd!', Permanent=True)
auth = idp.initiate_auth(ClientId=client['ClientId'], AuthFlow='USER_PASSWORD_AUTH',
                         AuthParameters={'USERNAME': 'pat', 'PASSWORD': 'Passw0rd!'})['AuthenticationResult']
user = idp.get_user(AccessToken=auth['AccessToken'])
try:
    idp.initiate_auth(ClientId=client['ClientId'], AuthFlow='USER_PASSWORD_AUTH', AuthParameters={'USERNAME': 'pat', 'PASSWORD': 'wrong'})
    error = None
except idp.exceptions.NotAuthorizedException as e:
    error = e.response['Error']['Code']
print(json.dumps({'pool': pool['Id'], 'client': client['ClientId'], 'user': user['Username'], 'error': error,
                  'refresh': bool(auth.get('RefreshToken')), 'boto3': boto3.__version__}))
`;

describe.skipIf(!python)('boto3 manages and signs in against Cognate', () => {
  let cognate: RunningCognate;
  beforeAll(async () => void (cognate = await startCognate({ logLevel: 'error' })));
  afterAll(async () => cognate?.stop());

  it('creates a pool and a client, signs a user in, and gets Cognito’s modelled error for a wrong password', async () => {
    const { stdout } = await run(python!, ['-c', SCRIPT], {
      env: { ...process.env, COGNATE_ENDPOINT: cognate.endpoint, AWS_CONFIG_FILE: '/dev/null', AWS_SHARED_CREDENTIALS_FILE: '/dev/null' },
    });
    const result = JSON.parse(stdout) as Record<string, unknown>;
    console.log(`boto3 ${String(result.boto3)} (${python})`);
    expect(result).toMatchObject({ pool: expect.stringMatching(/^us-east-1_/), user: 'pat', error: 'NotAuthorizedException', refresh: true });
  }, 60_000);
});
