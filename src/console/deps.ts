import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Services } from '../core/services.js';
import type { Html } from '../ui/html.js';
import type { PageContext } from './layout.js';
import type { ConsoleApi } from './operations.js';

/** What every route module of the console is given by plugin.ts. */
export interface Deps {
  services: Services;
  api: ConsoleApi;
  secure(): boolean;
  /** The page context of this request: its CSRF token (set as a cookie when new). */
  context(request: FastifyRequest, reply: FastifyReply): PageContext;
  send(reply: FastifyReply, body: Html, status?: number): FastifyReply;
  /** A one-time notice shown by the next page (post, redirect, get). */
  flash(reply: FastifyReply, message: string): void;
  takeFlash(request: FastifyRequest, reply: FastifyReply): string | undefined;
  poolOfHost(host: string | undefined): Promise<{ poolId: string; poolName: string } | undefined>;
  /** Whether this request may see the list of pools on the start page. */
  mayListPools(request: FastifyRequest): Promise<boolean>;
}

/** The callback every "Sign in through the hosted UI" of the console lands on. */
export const callbackUrl = (services: Services): string => `${services.settings.publicUrl}/console/callback`;
