/** @simplewebauthn/server, loaded by the first passkey operation: it is the largest library Cognate has, and most servers never use passkeys. */
export const simpleWebAuthn = () => import('@simplewebauthn/server');
