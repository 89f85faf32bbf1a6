export default async function globalTeardown() {
  await globalThis.__COGNATE__?.stop();
}
