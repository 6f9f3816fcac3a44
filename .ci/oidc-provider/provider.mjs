// A certified OpenID provider (node `oidc-provider`) on 127.0.0.1, for the
// client interop test (tests/client/oidc_provider.rs): PKCE required for
// every client, `iss` in every authorization response (RFC 9207), one
// public client, and an interaction endpoint that signs the user in and
// grants consent at once, so that a plain HTTP client can drive the flow.
//
// It listens on a port the OS picks and prints one JSON line with its
// issuer, client and redirect URI; .ci/oidc-provider.sh reads it.
import http from 'node:http';
import Provider from 'oidc-provider';

import { interactionSettings, signInAtOnce } from './interactions.mjs';

const CLIENT_ID = 'oauth-pkce-interop';
// Never listened on: the test reads the code from the redirect's Location.
const REDIRECT_URI = 'http://127.0.0.1:8400/callback';
const ACCOUNT = 'interop-user';

const server = http.createServer();
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

const provider = new Provider(issuer, {
  clients: [
    {
      client_id: CLIENT_ID,
      application_type: 'native',
      token_endpoint_auth_method: 'none', // a public client
      redirect_uris: [REDIRECT_URI],
      grant_types: ['authorization_code'],
      response_types: ['code'],
    },
  ],
  // Required for every client, not only public ones (the default).
  pkce: { required: () => true },
  ...interactionSettings,
  cookies: { keys: ['oauth-pkce-interop-test-only-key'] },
});

// The user signs in and consents to what was asked, with no page between.
signInAtOnce(provider, ACCOUNT);

server.on('request', provider.callback());
console.log(JSON.stringify({ issuer, client_id: CLIENT_ID, redirect_uri: REDIRECT_URI }));
