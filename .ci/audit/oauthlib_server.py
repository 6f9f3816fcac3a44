"""An authorization server on oauthlib's `WebApplicationServer` and a
`RequestValidator` over memory, for the PKCE audit's CI (.ci/audit.sh,
audit/tests/servers.rs), with the standard library's HTTP server. PKCE is
decided by oauthlib; the validator only stores what oauthlib asks it to and
says which clients must use PKCE (`is_pkce_required`: the public one, as
oauthlib's documentation suggests). The user is signed in and consents at
once. Metadata comes from oauthlib's own `MetadataEndpoint` (RFC 8414).

Clients: `audit-public` (public) and `audit-confidential` (secret
`audit-secret`, client_secret_basic or client_secret_post), both accepting
any loopback redirect `http://127.0.0.1:<port>/callback` (RFC 8252 §7.3).

It listens on a port the OS picks and prints `listening http://127.0.0.1:PORT`.
"""

import base64
import hmac
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote_plus, urlsplit

# Plain HTTP on loopback, for this test server only.
os.environ["OAUTHLIB_INSECURE_TRANSPORT"] = "1"

from oauthlib.oauth2 import RequestValidator, WebApplicationServer  # noqa: E402
from oauthlib.oauth2.rfc6749.endpoints.metadata import MetadataEndpoint  # noqa: E402
from oauthlib.oauth2.rfc6749.errors import FatalClientError  # noqa: E402

SECRETS = {"audit-public": None, "audit-confidential": "audit-secret"}
CODES = {}


class Client:
    def __init__(self, client_id):
        self.client_id = client_id


class Validator(RequestValidator):
    def client_authentication_required(self, request, *args, **kwargs):
        return SECRETS.get(request.client_id) is not None or "Authorization" in request.headers

    def authenticate_client(self, request, *args, **kwargs):
        client_id, secret = request.client_id, request.client_secret
        auth = request.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            # RFC 6749 §2.3.1: each part form-encoded inside Basic.
            raw = base64.b64decode(auth[6:]).decode()
            client_id, _, secret = (unquote_plus(p) for p in raw.partition(":"))
        expected = SECRETS.get(client_id)
        if expected is None or secret is None or not hmac.compare_digest(expected, secret):
            return False
        request.client = Client(client_id)
        request.client_id = client_id
        return True

    def authenticate_client_id(self, client_id, request, *args, **kwargs):
        if client_id in SECRETS and SECRETS[client_id] is None:
            request.client = Client(client_id)
            return True
        return False

    def validate_client_id(self, client_id, request, *args, **kwargs):
        return client_id in SECRETS

    def validate_redirect_uri(self, client_id, redirect_uri, request, *args, **kwargs):
        parts = urlsplit(redirect_uri)
        return (
            parts.scheme == "http"
            and parts.hostname == "127.0.0.1"
            and parts.path == "/callback"
            and not parts.query
            and not parts.fragment
        )

    def get_default_redirect_uri(self, client_id, request, *args, **kwargs):
        return None

    def validate_response_type(self, client_id, response_type, client, request, *args, **kwargs):
        return response_type == "code"

    def validate_scopes(self, client_id, scopes, client, request, *args, **kwargs):
        return True

    def get_default_scopes(self, client_id, request, *args, **kwargs):
        return ["profile"]

    def is_pkce_required(self, client_id, request):
        return client_id in SECRETS and SECRETS[client_id] is None

    def save_authorization_code(self, client_id, code, request, *args, **kwargs):
        CODES[code["code"]] = {
            "client_id": client_id,
            "redirect_uri": request.redirect_uri,
            "scopes": request.scopes,
            "challenge": request.code_challenge,
            "method": request.code_challenge_method,
        }

    def validate_code(self, client_id, code, client, request, *args, **kwargs):
        item = CODES.get(code)
        if item is None or item["client_id"] != client_id:
            return False
        request.user = "audit-user"
        request.scopes = item["scopes"]
        return True

    def get_code_challenge(self, code, request):
        item = CODES.get(code)
        return item and item["challenge"]

    def get_code_challenge_method(self, code, request):
        item = CODES.get(code)
        return item and item["method"]

    def confirm_redirect_uri(self, client_id, code, redirect_uri, client, request, *args, **kwargs):
        item = CODES.get(code)
        return item is not None and item["redirect_uri"] == redirect_uri

    def validate_grant_type(self, client_id, grant_type, client, request, *args, **kwargs):
        return grant_type == "authorization_code"

    def save_bearer_token(self, token, request, *args, **kwargs):
        pass

    def invalidate_authorization_code(self, client_id, code, request, *args, **kwargs):
        CODES.pop(code, None)


def main():
    validator = Validator()
    server = WebApplicationServer(validator)
    listener = ThreadingHTTPServer(("127.0.0.1", 0), None)
    issuer = f"http://127.0.0.1:{listener.server_port}"
    metadata = MetadataEndpoint(
        [server],
        {
            "issuer": issuer,
            "authorization_endpoint": f"{issuer}/authorize",
            "token_endpoint": f"{issuer}/token",
            # WebApplicationServer includes these endpoints, so oauthlib's
            # metadata requires them; they are not served (404).
            "revocation_endpoint": f"{issuer}/revoke",
            "introspection_endpoint": f"{issuer}/introspect",
        },
    )

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass  # a request line holds codes and challenges

        def reply(self, headers, body, status):
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            data = (body or "").encode()
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            uri = issuer + self.path
            if self.path == "/.well-known/oauth-authorization-server":
                self.reply(*metadata.create_metadata_response(uri, "GET"))
            elif urlsplit(self.path).path == "/authorize":
                try:
                    self.reply(*server.create_authorization_response(uri, "GET", scopes=["profile"]))
                except FatalClientError as e:
                    # No trusted redirect URI: an error page.
                    self.reply({"Content-Type": "application/json"}, e.json, e.status_code)
            else:
                self.reply({}, "", 404)

        def do_POST(self):
            if self.path != "/token":
                self.reply({}, "", 404)
                return
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            self.reply(*server.create_token_response(issuer + self.path, "POST", body, dict(self.headers)))

    listener.RequestHandlerClass = Handler
    print(f"listening {issuer}", flush=True)
    listener.serve_forever()


if __name__ == "__main__":
    sys.exit(main())
