// The Jest recipe's global set-up and teardown, in the one-function shape vitest's globalSetup takes.
type Hook = { default: () => Promise<void> };
const recipe = (file: string) => import(new URL(`../../examples/embedding/jest/${file}`, import.meta.url).href) as Promise<Hook>;

export default async function setup(): Promise<() => Promise<void>> {
  await (await recipe('global-setup.mjs')).default();
  const teardown = (await recipe('global-teardown.mjs')).default;
  return teardown;
}
