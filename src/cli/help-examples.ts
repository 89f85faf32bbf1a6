import type { Command } from 'commander';

/**
 * Two or three real examples at the end of every command's `--help`, against the walkthrough's seed
 * (examples/seed.yaml), so a newcomer can copy a line that works. Keyed by the command's path.
 */
const POOL = 'us-east-1_DemoPool1';
const PUBLIC = 'postmandemoclient000000001';
const MACHINE = 'servicedemoclient000000001';
const SECRET = 'demo0secret0do0not0use0in0production0000000000001';

export const EXAMPLES: Record<string, string[]> = {
  cognate: [
    'cognate serve --seed examples/seed.yaml            # the walkthrough on http://localhost:9400',
    `cognate token --pool ${POOL} --grant client_credentials --client-id ${MACHINE} --client-secret ${SECRET}`,
    'cognate outbox --pool us-east-1_DemoPool1',
  ],
  serve: [
    'cognate serve --seed examples/seed.yaml',
    'cognate serve --in-memory --port 0 --seed examples/seed.yaml   # a free port, nothing on disk (tests)',
    'cognate serve --database-url postgres://postgres@127.0.0.1:5432/cognate --issuer-style aws --workers auto   # a process per core',
  ],
  outbox: ['cognate outbox', `cognate outbox --pool ${POOL} --user demo`, `cognate outbox --pool ${POOL} --json | jq -r '.[-1].code'`],
  invocations: [`cognate invocations --pool ${POOL}`, `cognate invocations --pool ${POOL} --json --endpoint http://localhost:9400`],
  seed: ['cognate seed examples/seed.yaml', 'cognate seed my-pools.json --endpoint http://localhost:9400'],
  keys: [`cognate keys rotate --pool ${POOL}`, 'cognate keys rotate --help'],
  'keys rotate': [`cognate keys rotate --pool ${POOL}`, `cognate keys rotate --pool ${POOL} --json`],
  token: [
    `cognate token --pool ${POOL} --client-id ${PUBLIC} --scope "openid email"          # in the browser`,
    `COGNATE_PASSWORD='Passw0rd!' cognate token --pool ${POOL} --client-id ${PUBLIC} --username demo --redirect-uri http://127.0.0.1/callback --raw`,
    `cognate token --pool ${POOL} --grant client_credentials --client-id ${MACHINE} --client-secret ${SECRET} --raw`,
  ],
  'token decode': ['cognate token decode eyJraWQiOi...', `cognate token --profile demo --raw | cognate token decode - --json`],
  'token verify': [`cognate token verify --pool ${POOL} eyJraWQiOi...`, `cognate token --profile demo --raw | cognate token verify --profile demo -`],
  'token profiles': ['cognate token profiles', 'cognate token profiles --json', 'cognate token profiles --delete demo'],
  'token revoke': ['cognate token revoke --profile demo', `cognate token revoke --pool ${POOL} --client-id ${PUBLIC}`],
  call: [
    'cognate call --profile demo http://127.0.0.1:3000/hello',
    `COGNATE_PASSWORD='Passw0rd!' cognate call --pool ${POOL} --client-id ${PUBLIC} --username demo --redirect-uri http://127.0.0.1/callback http://127.0.0.1:3000/hello`,
    `cognate call --profile demo POST http://127.0.0.1:3000/items -d '{"name":"x"}' -H 'content-type: application/json'`,
  ],
  postman: [
    `cognate postman --pool ${POOL} --client-id ${PUBLIC} --out postman/`,
    `cognate postman --pool ${POOL} --client-id ${PUBLIC} --machine-client-id ${MACHINE} --api-url http://127.0.0.1:3000 --out postman/`,
  ],
};

function pathOf(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c?.parent; c = c.parent) names.unshift(c.name());
  return names.length ? names.join(' ') : cmd.name();
}

/** Adds the examples to the program and every command under it; a command without examples gets none. */
export function addHelpExamples(cmd: Command): void {
  const examples = EXAMPLES[pathOf(cmd)];
  if (examples) cmd.addHelpText('after', `\nExamples:\n${examples.map((line) => `  $ ${line}`).join('\n')}\n`);
  for (const sub of cmd.commands) addHelpExamples(sub);
}
