// Types for TypeScript callers (the tests) of this plain-JavaScript example.
export declare function handler<E>(event: E): Promise<E>;
