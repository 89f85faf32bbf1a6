import { generateKeyPairSync } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { SignJWT, createLocalJWKSet, importJWK, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { rememberToken, rememberedToken } from '../../src/core/token/parsed-tokens.js';
import { JwtRejected, parseJws, privateKeyFromJwk, publicKeyFromJwk, signRs256, verifyJws } from '../../src/crypto/jwt.js';
import { cacheStatements } from '../../src/store/statement-cache.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const privateJwk = { ...privateKey.export({ format: 'jwk' }), alg: 'RS256', kid: 'k1' };
const publicJwk = { ...publicKey.export({ format: 'jwk' }), alg: 'RS256', kid: 'k1', use: 'sig' };
const keys = new Map([['k1', publicKeyFromJwk(publicJwk)]]);
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('RS256 tokens through node:crypto', () => {
  it('signs tokens jose verifies, with the header jose wrote', async () => {
    const token = signRs256({ sub: 'a', n: 1 }, 'k1', privateKeyFromJwk(privateJwk));
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toEqual({ kid: 'k1', alg: 'RS256' });
    const { payload } = await jwtVerify(token, createLocalJWKSet({ keys: [publicJwk] }), { algorithms: ['RS256'] });
    expect(payload).toEqual({ sub: 'a', n: 1 });
  });

  it('verifies what jose signs, and refuses another key, alg none, crit and malformed tokens', async () => {
    const token = await new SignJWT({ sub: 'a' }).setProtectedHeader({ kid: 'k1', alg: 'RS256' }).sign(await importJWK(privateJwk, 'RS256'));
    const jws = parseJws(token);
    expect(() => verifyJws(jws, keys)).not.toThrow();
    expect(jws.payload).toEqual({ sub: 'a' });

    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(() => verifyJws(jws, new Map([['k1', other]]))).toThrow(JwtRejected);
    expect(() => verifyJws(jws, new Map([['k2', keys.get('k1')!]]))).toThrow(JwtRejected);
    const [, payload, signature] = token.split('.');
    expect(() => verifyJws(parseJws(`${b64({ kid: 'k1', alg: 'none' })}.${payload}.`), keys)).toThrow(JwtRejected);
    expect(() => verifyJws(parseJws(`${b64({ kid: 'k1', alg: 'RS256', crit: ['x'], x: 1 })}.${payload}.${signature}`), keys)).toThrow(JwtRejected);
    // A changed payload under the old signature.
    expect(() => verifyJws(parseJws(`${token.split('.')[0]}.${b64({ sub: 'b' })}.${signature}`), keys)).toThrow(JwtRejected);
    // Other spellings of the same bytes: padding, a character outside the alphabet, altered spare bits.
    const last = signature!.at(-1)!;
    const spare = String.fromCharCode(last.charCodeAt(0) + 1);
    for (const respelt of [`${signature}=`, `${signature!.slice(0, 10)}.${signature!.slice(10)}`.replace('.', '+'), `${signature!.slice(0, -1)}${spare}`]) {
      expect(() => verifyJws(parseJws(`${token.split('.')[0]}.${payload}.${respelt}`), keys)).toThrow(JwtRejected);
    }
    expect(() => parseJws(`${token.split('.')[0]}=.${payload}.${signature}`)).toThrow(JwtRejected);
    for (const bad of ['', 'a.b', 'a.b.c', `${b64([1])}.${b64({})}.x`, `${b64({ alg: 'RS256' })}.${b64('s')}.x`]) expect(() => parseJws(bad)).toThrow(JwtRejected);
  });
});

describe('the SQLite statement cache', () => {
  it('prepares a statement once, and a fresh one while the kept one is being iterated', () => {
    const db = cacheStatements(new SQLite(':memory:'));
    db.exec('create table t (n integer)');
    const insert = db.prepare('insert into t values (?)');
    expect(db.prepare('insert into t values (?)')).toBe(insert);
    for (const n of [1, 2, 3]) insert.run(n);
    const select = 'select n from t order by n';
    const outer = db.prepare(select).iterate() as IterableIterator<{ n: number }>;
    expect(outer.next().value).toEqual({ n: 1 });
    // The kept statement is busy: a second use of the same SQL gets its own.
    expect(db.prepare(select).all()).toEqual([{ n: 1 }, { n: 2 }, { n: 3 }]);
    expect([...outer]).toEqual([{ n: 2 }, { n: 3 }]);
    db.close();
  });
});

describe('access tokens taken apart once', () => {
  it('remembers the frozen parts of a verified token by its text, and no token longer than 8 KB', () => {
    const token = signRs256({ sub: 'a', 'cognito:groups': ['g'] }, 'k1', privateKeyFromJwk(privateJwk));
    expect(rememberedToken(token)).toBeUndefined();
    const jws = parseJws(token);
    rememberToken(token, jws);
    // Another string of the same text, as each request brings.
    const again = rememberedToken(token.split('').join(''));
    expect(again).toBe(jws);
    expect(again).toEqual(parseJws(token));
    expect(Object.isFrozen(jws.payload) && Object.isFrozen(jws.payload['cognito:groups'])).toBe(true);
    expect(() => {
      (jws.payload as Record<string, unknown>).sub = 'b';
    }).toThrow(TypeError);
    const long = signRs256({ sub: 'a', padding: 'x'.repeat(9000) }, 'k1', privateKeyFromJwk(privateJwk));
    rememberToken(long, parseJws(long));
    expect(rememberedToken(long)).toBeUndefined();
  });
});
