// A strict OpenID provider for the PKCE audit's CI (.ci/audit.sh): node
// `oidc-provider`, the version pinned in .ci/oidc-provider/ (one pin for the
// repository), with PKCE required for every client, S256 only (its only
// method) and `iss` in every authorization response (RFC 9207). Two native
// clients accept any loopback port (RFC 8252 §7.3): `audit-public` (no
// secret) and `audit-confidential` (secret `audit-secret`, client_secret_basic
// and client_secret_post). Interactions sign the user in and consent at once,
// so that a plain HTTP client can drive the flow.
//
// It listens on a port the OS picks and prints `listening http://127.0.0.1:PORT`.
import http from 'node:http';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

import { interactionSettings, signInAtOnce } from '../oidc-provider/interactions.mjs';

const require = createRequire(new URL('../oidc-provider/package.json', import.meta.url));
const { default: Provider } = await import(pathToFileURL(require.resolve('oidc-provider')).href);

const REDIRECT_URI = 'http://127.0.0.1/callback';
const ACCOUNT = 'audit-user';
const native = {
  application_type: 'native',
  redirect_uris: [REDIRECT_URI],
  grant_types: ['authorization_code'],
  response_types: ['code'],
};

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    { ...native, client_id: 'audit-public', token_endpoint_auth_method: 'none' },
    {
      ...native,
      client_id: 'audit-confidential',
      client_secret: 'audit-secret',
      token_endpoint_auth_method: 'client_secret_basic',
    },
  ],
  clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
  pkce: { required: () => true },
  ...interactionSettings,
  cookies: { keys: ['oauth-pkce-audit-test-only-key'] },
});

signInAtOnce(provider, ACCOUNT);

server.on('request', provider.callback());
console.log(`listening ${issuer}`);
