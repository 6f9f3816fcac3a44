"""The user's browser, for oauth-pkce-audit's `--browser-cmd` in CI: GETs the
authorization URL, follows redirects with the cookies of one session (a jar
file kept across the calls of one audit), and stops at the loopback redirect
URI, which it delivers to the audit's listener; or, when the server answers
with a page instead of a redirect, prints `page <status>` as the audit's
browser protocol asks (audit/src/browser.rs). The test servers sign the user
in and consent automatically, so there is no form to fill.

Usage: browser.py --jar PATH [--capture PATH] URL

`--capture PATH` appends each code and challenge it sees, one a line, for
the audit's tests only: they search the audit's output for them. Standard
library only.
"""

import argparse
import http.cookiejar
import sys
import urllib.error
import urllib.request
from urllib.parse import parse_qs, urljoin, urlsplit


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        return None


def same_endpoint(a, b):
    a, b = urlsplit(a), urlsplit(b)
    return (a.scheme, a.hostname, a.port, a.path) == (b.scheme, b.hostname, b.port, b.path)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--jar", required=True)
    parser.add_argument("--capture")
    parser.add_argument("url")
    args = parser.parse_args()

    jar = http.cookiejar.MozillaCookieJar(args.jar)
    try:
        jar.load(ignore_discard=True, ignore_expires=True)
    except FileNotFoundError:
        pass
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar), NoRedirect())

    query = parse_qs(urlsplit(args.url).query)
    redirect_uri = query.get("redirect_uri", [""])[0]
    captured = list(query.get("code_challenge", []))

    url = args.url
    try:
        for _ in range(20):
            try:
                with opener.open(url, timeout=10) as resp:
                    status, location = resp.status, None
            except urllib.error.HTTPError as err:
                status, location = err.code, err.headers.get("Location")
            if status not in (301, 302, 303, 307, 308) or not location:
                print(f"page {status}", flush=True)
                return 0
            url = urljoin(url, location)
            if redirect_uri and same_endpoint(url, redirect_uri):
                captured += parse_qs(urlsplit(url).query).get("code", [])
                # Delivered as a browser would: a GET, without the server's cookies.
                with urllib.request.urlopen(url, timeout=10) as resp:
                    resp.read()
                return 0
        print("browser.py: more than 20 redirects", file=sys.stderr)
        return 1
    finally:
        jar.save(ignore_discard=True, ignore_expires=True)
        if args.capture and captured:
            with open(args.capture, "a", encoding="ascii") as f:
                f.writelines(v + "\n" for v in captured)


if __name__ == "__main__":
    sys.exit(main())
