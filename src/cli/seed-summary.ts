import type { SeedDocument } from '../api/seed.js';
import type { Services } from '../core/services.js';

/**
 * After `serve --seed`, tells the developer what to type into Postman, in the walkthrough's words,
 * for the first pool that has a public authorization-code client.
 */
export function seedSummary(services: Services, doc: SeedDocument, port: number): string {
  const lines: string[] = [];
  const base = services.settings.publicUrl;
  for (const pool of doc.UserPools ?? []) {
    if (!pool.Id) continue;
    const poolBase = `${base}/${pool.Id}`;
    const hosted = pool.Domain ? `http://${pool.Domain}.auth.localhost:${port}` : undefined;
    lines.push(`User pool ${pool.Id} (${pool.PoolName})`);
    lines.push(`  Issuer / discovery:     ${poolBase}/.well-known/openid-configuration`);
    if (hosted) lines.push(`  Domain (browser):       ${hosted}`);
    for (const client of pool.Clients ?? []) {
      const flows = (client.AllowedOAuthFlows as string[] | undefined) ?? [];
      if (flows.includes('code') && !client.GenerateSecret && !client.ClientSecret) {
        const callback = ((client.CallbackURLs as string[] | undefined) ?? [])[0] ?? '';
        lines.push('');
        // A link that works as it is: the hosted UI, then the console's page showing the tokens (src/console).
        if (((client.CallbackURLs as string[] | undefined) ?? []).includes(`${base}/console/callback`) && client.ClientId) {
          const state = Buffer.from(JSON.stringify({ p: pool.Id, c: client.ClientId })).toString('base64url');
          const params = new URLSearchParams({ client_id: client.ClientId, response_type: 'code', redirect_uri: `${base}/console/callback`, scope: ((client.AllowedOAuthScopes as string[] | undefined) ?? []).join(' '), state });
          lines.push(`  Sign in now (browser):  ${poolBase}/login?${params}`);
          lines.push(`  Console:                ${base}/console`);
          lines.push('');
        }
        lines.push(`  Postman → Authorization → Type OAuth 2.0 → Configure New Token (app client "${client.ClientName}"):`);
        lines.push(`    Grant Type:            Authorization Code`);
        lines.push(`    Callback URL:          ${callback}   (check "Authorize using browser")`);
        lines.push(`    Auth URL:              ${poolBase}/login${hosted ? `   (or ${hosted}/login)` : ''}`);
        lines.push(`    Access Token URL:      ${poolBase}/oauth2/token`);
        lines.push(`    Client ID:             ${client.ClientId ?? '(generated)'}`);
        lines.push(`    Client Secret:         (none: public client)`);
        lines.push(`    Scope:                 ${((client.AllowedOAuthScopes as string[] | undefined) ?? []).join(' ')}`);
        lines.push(`    Client Authentication: Send client credentials in body`);
      } else if (flows.includes('client_credentials')) {
        lines.push('');
        lines.push(`  Client credentials (app client "${client.ClientName}"):`);
        lines.push(`    Access Token URL:      ${poolBase}/oauth2/token`);
        lines.push(`    Client ID:             ${client.ClientId ?? '(generated)'}`);
        lines.push(`    Client Secret:         ${(client.ClientSecret as string | undefined) ?? '(generated: see DescribeUserPoolClient)'}`);
        lines.push(`    Scope:                 ${((client.AllowedOAuthScopes as string[] | undefined) ?? []).join(' ')}`);
      }
    }
    const users = pool.Users ?? [];
    if (users.length > 0) {
      lines.push('');
      lines.push(`  Users: ${users.map((u) => `${u.Username}${u.Password ? ` / ${u.Password}` : ''}`).join(', ')}`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
