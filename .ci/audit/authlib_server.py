"""An authorization server built the way Authlib's documentation builds one
(Flask integration, `AuthorizationCodeGrant` with `CodeChallenge(required=True)`,
RFC 9207 `IssuerParameter`, RFC 8414 metadata), for the PKCE audit's CI
(.ci/audit.sh, audit/tests/servers.rs). Nothing here decides PKCE: Authlib
does. Users are signed in already and consent is automatic, so that a plain
HTTP client can drive the flow.

Clients: `audit-public` (public, `none`) and `audit-confidential` (secret
`audit-secret`, `client_secret_basic` and `client_secret_post`), both
accepting any loopback redirect `http://127.0.0.1:<port>/callback`
(RFC 8252 §7.3). Codes and tokens live in memory.

It listens on a port the OS picks and prints `listening http://127.0.0.1:PORT`.
"""

import secrets
import sys
import time
from urllib.parse import urlsplit

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2 import OAuth2Error
from authlib.oauth2.rfc6749 import grants
from authlib.oauth2.rfc6749.models import AuthorizationCodeMixin, ClientMixin, TokenMixin
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oauth2.rfc9207 import IssuerParameter
from flask import Flask, jsonify, request
from werkzeug.serving import make_server

CLIENT_SECRETS = {"audit-public": None, "audit-confidential": "audit-secret"}
REDIRECT_PATH = "/callback"


class Client(ClientMixin):
    def __init__(self, client_id, secret):
        self.client_id = client_id
        self.secret = secret

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        return scope or ""

    def check_redirect_uri(self, redirect_uri):
        # RFC 8252 §7.3: any port on the loopback IP literal.
        parts = urlsplit(redirect_uri)
        return (
            parts.scheme == "http"
            and parts.hostname == "127.0.0.1"
            and parts.path == REDIRECT_PATH
            and not parts.query
            and not parts.fragment
        )

    def check_client_secret(self, client_secret):
        return self.secret is not None and secrets.compare_digest(self.secret, client_secret)

    def check_endpoint_auth_method(self, method, endpoint):
        if self.secret is None:
            return method == "none"
        return method in ("client_secret_basic", "client_secret_post")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


class AuthorizationCode(AuthorizationCodeMixin):
    def __init__(self, code, client_id, redirect_uri, scope, challenge, method):
        self.code = code
        self.client_id = client_id
        self.redirect_uri = redirect_uri
        self.scope = scope
        self.code_challenge = challenge
        self.code_challenge_method = method
        self.issued_at = time.time()

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def is_expired(self):
        return time.time() - self.issued_at > 60


class Token(TokenMixin):
    def __init__(self, client_id, scope):
        self.client_id = client_id
        self.scope = scope

    def check_client(self, client):
        return client.get_client_id() == self.client_id

    def get_scope(self):
        return self.scope

    def get_expires_in(self):
        return 3600

    def is_expired(self):
        return False

    def is_revoked(self):
        return False


CODES = {}
TOKENS = []


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post", "none"]

    def save_authorization_code(self, code, request):
        data = request.payload.data
        CODES[code] = AuthorizationCode(
            code,
            request.client.get_client_id(),
            request.payload.redirect_uri,
            request.payload.scope,
            data.get("code_challenge"),
            data.get("code_challenge_method"),
        )

    def query_authorization_code(self, code, client):
        item = CODES.get(code)
        if item is not None and item.client_id == client.get_client_id() and not item.is_expired():
            return item
        return None

    def delete_authorization_code(self, authorization_code):
        CODES.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return {"id": "audit-user"}


class Issuer(IssuerParameter):
    def __init__(self, issuer):
        self.issuer = issuer

    def get_issuer(self):
        return self.issuer


def main():
    app = Flask(__name__)
    listener = make_server("127.0.0.1", 0, app)
    issuer = f"http://127.0.0.1:{listener.server_port}"

    def query_client(client_id):
        if client_id in CLIENT_SECRETS:
            return Client(client_id, CLIENT_SECRETS[client_id])
        return None

    def save_token(token, request):
        TOKENS.append(Token(request.client.get_client_id(), token.get("scope")))

    server = AuthorizationServer(app, query_client=query_client, save_token=save_token)
    server.register_grant(AuthorizationCodeGrant, [CodeChallenge(required=True)])
    server.register_extension(Issuer(issuer))

    @app.get("/.well-known/oauth-authorization-server")
    def metadata():
        # What this server supports, as Authlib defines it.
        return jsonify(
            issuer=issuer,
            authorization_endpoint=f"{issuer}/authorize",
            token_endpoint=f"{issuer}/token",
            response_types_supported=["code"],
            grant_types_supported=["authorization_code"],
            token_endpoint_auth_methods_supported=AuthorizationCodeGrant.TOKEN_ENDPOINT_AUTH_METHODS,
            code_challenge_methods_supported=CodeChallenge.SUPPORTED_CODE_CHALLENGE_METHOD,
            authorization_response_iss_parameter_supported=True,
        )

    @app.get("/authorize")
    def authorize():
        # The consent page's request is validated by Authlib; a request it
        # refuses gets an error page (400) rather than a redirect, as a
        # server shows one before any consent screen. The audit's page path
        # is exercised here; oidc-provider's error redirects cover the other.
        user = {"id": "audit-user"}
        try:
            grant = server.get_consent_grant(end_user=user)
        except OAuth2Error as error:
            return jsonify(error=error.error), 400
        # The user is signed in and consents at once.
        return server.create_authorization_response(grant_user=user, grant=grant)

    @app.post("/token")
    def token():
        return server.create_token_response()

    print(f"listening {issuer}", flush=True)
    listener.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
