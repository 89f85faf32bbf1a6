import { describe, expect, expectTypeOf, it } from 'vitest';
import { enumOf, list, num, req, str, struct } from '../../src/api/shapes.js';
import { validateInput } from '../../src/api/validate.js';

describe('input validation', () => {
  it("accepts Java's inline dot-all flag in model patterns, as in the SMS message templates", () => {
    const shape = struct({ SMSMessage: str({ min: 6, max: 140, pattern: '(?s).*\\{####\\}.*' }) });
    expect(() => validateInput(shape, { SMSMessage: 'Your code\nis {####}' })).not.toThrow();
    expect(() => validateInput(shape, { SMSMessage: 'no code here' })).toThrow(/regular expression pattern/);
  });

  it('counts every violation in one message', () => {
    const shape = struct({ A: str({ max: 2 }), B: str({ min: 3 }) });
    expect(() => validateInput(shape, { A: 'abc', B: 'x' })).toThrow(/^2 validation errors detected: Value 'abc' at 'a' .*; Value 'x' at 'b'/);
  });

  it('counts lengths in code points, as Cognito does: a character outside the BMP is one, not two', () => {
    const shape = struct({ Name: str({ min: 2, max: 3 }) });
    expect(() => validateInput(shape, { Name: '😀😀😀' })).not.toThrow();
    expect(() => validateInput(shape, { Name: '😀😀😀😀' })).toThrow(/length less than or equal to 3/);
    expect(() => validateInput(shape, { Name: '😀' })).toThrow(/length greater than or equal to 2/);
    expect(() => validateInput(shape, { Name: 'abcd' })).toThrow(/length less than or equal to 3/);
  });

  it('never shows the value of a sensitive member', () => {
    const shape = struct({ Password: str({ min: 6, sensitive: true }) });
    expect(() => validateInput(shape, { Password: 'abc' })).toThrow(
      "1 validation error detected: Value at 'password' failed to satisfy constraint: Member must have length greater than or equal to 6",
    );
  });

  it('narrows the body to the declared shape: required members present, enums literal', () => {
    const shape = struct({ Id: req(str()), Limit: num(), Kind: enumOf(['A', 'B']), Items: list(struct({ Name: req(str()) })) });
    const body: unknown = { Id: 'x', Kind: 'A', Items: [{ Name: 'n' }] };
    validateInput(shape, body);
    expectTypeOf(body).toEqualTypeOf<{ Id: string; Limit?: number; Kind?: 'A' | 'B'; Items?: { Name: string }[] }>();
    expect(body.Id).toBe('x');
  });
});
