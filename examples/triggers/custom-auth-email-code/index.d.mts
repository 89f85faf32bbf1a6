// Types for TypeScript callers (the tests) of this plain-JavaScript example.
export declare const deliveries: { email: string; code: string }[];
export declare function handler<E>(event: E): Promise<E>;
