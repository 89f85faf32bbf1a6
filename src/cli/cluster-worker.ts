import cluster from 'node:cluster';
import type { ClusterMessage } from '../http/worker-link.js';
import { isClusterMessage, WorkerLink } from '../http/worker-link.js';

/** Set by the primary for --in-memory: the temporary folder whose SQLite file the workers share. */
export const CLUSTER_DATA_ENV = 'COGNATE_CLUSTER_DATA';
/** Set by the primary on the worker that starts alone: it migrates, creates keys and applies the seed. */
export const CLUSTER_FIRST_ENV = 'COGNATE_CLUSTER_FIRST';

export interface ClusterWorker {
  link: WorkerLink;
  dataDir: string | undefined;
  first: boolean;
  announce(message: Extract<ClusterMessage, { cognate: 'listening' }>): void;
}

/** In a worker of `serve --workers N`, hears the primary before anything is cached; elsewhere undefined. */
export function joinCluster(): ClusterWorker | undefined {
  if (!cluster.isWorker) return undefined;
  const send = (message: ClusterMessage) => {
    if (process.connected) process.send?.(message);
  };
  const link = new WorkerLink(send, (key) => console.error(`cognate: worker ${process.pid}: the other workers did not confirm a change to ${key} within 5 s`));
  process.on('message', (message) => {
    if (isClusterMessage(message)) link.receive(message);
  });
  send({ cognate: 'ready' });
  return { link, dataDir: process.env[CLUSTER_DATA_ENV] || undefined, first: process.env[CLUSTER_FIRST_ENV] === '1', announce: send };
}

/** A worker that cannot start exits with its reason: its IPC channel would otherwise keep it waiting for the primary. */
export function exitIfWorkerFails<A extends unknown[]>(action: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  return async (...args) => {
    try {
      await action(...args);
    } catch (error) {
      if (!cluster.isWorker) throw error;
      console.error(`cognate: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    }
  };
}
