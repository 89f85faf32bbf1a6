import { describe, expect, it } from 'vitest';
import { toWireJson } from '../../src/api/wire.js';

describe('awsJson1.1 bodies', () => {
  it('writes timestamps as epoch seconds wherever they are nested, and other values as JSON does', () => {
    const at = new Date(1_700_000_000_500);
    expect(JSON.parse(toWireJson({ Users: [{ Username: 'a', UserCreateDate: at, Attributes: [] }], Pool: { LastModifiedDate: at } }))).toEqual({
      Users: [{ Username: 'a', UserCreateDate: 1_700_000_000.5, Attributes: [] }],
      Pool: { LastModifiedDate: 1_700_000_000.5 },
    });
    const plain = { Username: 'a', UserAttributes: [{ Name: 'email', Value: 'a@example.com' }], Missing: undefined, Empty: null };
    expect(toWireJson(plain)).toBe(JSON.stringify(plain));
  });
});
