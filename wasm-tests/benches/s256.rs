//! S256 (RFC 7636 §4.2) in the browser: oauth-pkce's own SHA-256 and
//! base64url, compiled to WebAssembly, against the browser's Web Crypto
//! digest (`crypto.subtle.digest`, asynchronous) with a base64url encoding,
//! which is what a JavaScript client computes. Also generation, which reads
//! `crypto.getRandomValues` through the `wasm_js` feature.
//!
//! Run by hand (figures in BENCHMARKS.md; CI only builds it):
//! `cargo bench -p oauth-pkce-wasm-tests --target wasm32-unknown-unknown`
//! with `.ci/wasm.sh`'s runner set up, or `bash .ci/wasm.sh --bench`.
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used)]

use std::hint::black_box;

use oauth_pkce::{CodeChallenge, CodeVerifier, Method};
use oauth_pkce_wasm_tests::{webcrypto_s256, webcrypto_s256_batch, webcrypto_sha256};
use wasm_bindgen_test::{Criterion, wasm_bindgen_bench, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// RFC 7636 Appendix B.
const VERIFIER: &str = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
const CHALLENGE: &str = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM";

#[wasm_bindgen_bench]
async fn s256(c: &mut Criterion) {
    let verifier = CodeVerifier::parse(VERIFIER).unwrap();
    let verifier = &verifier;
    c.bench_function("s256/oauth-pkce challenge (43 chars)", |b| {
        b.iter(|| black_box(verifier).challenge());
    });
    let long = CodeVerifier::parse(&"A".repeat(128)).unwrap();
    let long = &long;
    c.bench_function("s256/oauth-pkce challenge (128 chars)", |b| {
        b.iter(|| black_box(long).challenge());
    });
    c.bench_async_function("s256/web-crypto digest + base64url (43 chars)", |b| {
        Box::pin(b.iter_future(|| async { webcrypto_s256(black_box(VERIFIER)).await.unwrap() }))
    })
    .await;
    c.bench_async_function("s256/web-crypto 64 in flight + base64url, per 64", |b| {
        Box::pin(
            b.iter_future(|| async {
                webcrypto_s256_batch(black_box(VERIFIER), 64).await.unwrap()
            }),
        )
    })
    .await;
    c.bench_async_function("s256/web-crypto digest only (43 chars)", |b| {
        Box::pin(b.iter_future(|| async {
            webcrypto_sha256(black_box(VERIFIER.as_bytes()))
                .await
                .unwrap()
        }))
    })
    .await;

    let bound = CodeChallenge::parse(CHALLENGE, Method::S256).unwrap();
    let bound = &bound;
    c.bench_function("verify/oauth-pkce parse + derive + compare", |b| {
        b.iter(|| black_box(bound).verify(black_box(VERIFIER)));
    });
    c.bench_function("generate/oauth-pkce generate (getRandomValues)", |b| {
        b.iter(CodeVerifier::generate);
    });
    c.bench_function(
        "generate/oauth-pkce generate_len(128) (getRandomValues)",
        |b| {
            b.iter(|| CodeVerifier::generate_len(128).unwrap());
        },
    );
}
