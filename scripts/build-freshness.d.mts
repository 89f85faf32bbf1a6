/** Whether dist/cli/cognate.cjs under `root` is newer than every file in `root`/src. */
export function isBuildFresh(root: string): boolean;
