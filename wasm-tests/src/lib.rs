//! The references that oauth-pkce is checked against in a browser: the
//! browser's own SHA-256 (`crypto.subtle.digest`, Web Crypto API) and a plain
//! base64url encoder written independently of the library's constant-time
//! one, so that `S256` (RFC 7636 §4.2) is compared with
//! `BASE64URL(SHA256(ASCII(code_verifier)))` computed by other code.
//!
//! Also a switch that puts a stand-in in place of `crypto.getRandomValues`,
//! so that the tests can show generation reads the browser's CSPRNG and
//! nothing else.
//!
//! Only the `wasm32` build has anything in it; the tests are in `tests/`,
//! the benchmarks in `benches/`, and `.ci/wasm.sh` runs both in headless
//! Chromium.
#![cfg(target_arch = "wasm32")]

use js_sys::{Array, Promise, Reflect, Uint8Array};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{Crypto, SubtleCrypto};

/// The base64url alphabet of RFC 4648 §5.
const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// base64url without padding (RFC 7636 Appendix A), table-driven: the
/// textbook encoder, as a reference for the library's branch-free one.
pub fn base64url_no_pad(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let b = [
            group[0],
            group.get(1).copied().unwrap_or(0),
            group.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        // One more character than whole bytes: 1 byte gives 2, 2 give 3, 3 give 4.
        for i in 0..=group.len() {
            let sextet = (n >> (18 - 6 * i)) & 0x3f;
            out.push(char::from(ALPHABET[sextet as usize]));
        }
    }
    out
}

/// The name of the JavaScript global's constructor: `Window` in a page,
/// `DedicatedWorkerGlobalScope` or `ServiceWorkerGlobalScope` in a worker.
pub fn global_kind() -> Result<String, JsValue> {
    let constructor: js_sys::Function =
        Reflect::get(&js_sys::global(), &JsValue::from_str("constructor"))?.dyn_into()?;
    Ok(String::from(constructor.name()))
}

/// The Web Crypto API of the JavaScript global, a window's or a worker's.
fn subtle() -> Result<SubtleCrypto, JsValue> {
    let crypto: Crypto =
        Reflect::get(&js_sys::global(), &JsValue::from_str("crypto"))?.dyn_into()?;
    Ok(crypto.subtle())
}

/// A digest that Web Crypto handed back, as bytes.
fn digest_bytes(buffer: &JsValue) -> Result<[u8; 32], JsValue> {
    let view = Uint8Array::new(buffer);
    if view.length() != 32 {
        return Err(JsValue::from_str("SHA-256 digest is not 32 bytes"));
    }
    let mut digest = [0u8; 32];
    view.copy_to(&mut digest);
    Ok(digest)
}

/// SHA-256 of `data` by the browser's Web Crypto API,
/// `crypto.subtle.digest("SHA-256", data)`.
pub async fn webcrypto_sha256(data: &[u8]) -> Result<[u8; 32], JsValue> {
    let promise = subtle()?.digest_with_str_and_u8_array("SHA-256", data)?;
    digest_bytes(&JsFuture::from(promise).await?)
}

/// The `S256` challenges of `n` copies of `verifier` by Web Crypto, all `n`
/// digests requested before any is awaited (`Promise.all`), as a page does
/// that needs many at once; how many came back.
pub async fn webcrypto_s256_batch(verifier: &str, n: u32) -> Result<u32, JsValue> {
    let subtle = subtle()?;
    let promises = Array::new();
    for _ in 0..n {
        let promise = subtle.digest_with_str_and_u8_array("SHA-256", verifier.as_bytes())?;
        promises.push(&promise.into());
    }
    let digests = Array::from(&JsFuture::from(Promise::all(&promises)).await?);
    let mut count = 0;
    for buffer in digests.iter() {
        let challenge = base64url_no_pad(&digest_bytes(&buffer)?);
        if challenge.len() == 43 {
            count += 1;
        }
    }
    Ok(count)
}

/// The `S256` challenge of `verifier` computed by the browser:
/// `BASE64URL(SHA256(ASCII(verifier)))`, RFC 7636 §4.2.
pub async fn webcrypto_s256(verifier: &str) -> Result<String, JsValue> {
    Ok(base64url_no_pad(
        &webcrypto_sha256(verifier.as_bytes()).await?,
    ))
}

// The stand-ins for `crypto.getRandomValues`, in JavaScript since that is
// what they replace. Each is an own property of the `crypto` object, which
// shadows the real method on `Crypto.prototype`; deleting it brings the
// real one back.
#[wasm_bindgen(inline_js = r#"
export function install_stand_in(kind) {
    const fill = kind === "counting"
        ? (a) => { for (let i = 0; i < a.length; i++) { a[i] = i; } return a; }
        : (a) => { throw new Error("getRandomValues stand-in: failing on purpose"); };
    Object.defineProperty(globalThis.crypto, "getRandomValues",
        { value: fill, configurable: true, writable: true });
}
export function remove_stand_in() {
    delete globalThis.crypto.getRandomValues;
}
"#)]
unsafe extern "C" {
    #[wasm_bindgen(catch)]
    fn install_stand_in(kind: &str) -> Result<(), JsValue>;
    fn remove_stand_in();
}

/// A stand-in in place of `crypto.getRandomValues` until the value is
/// dropped.
pub struct GetRandomValuesStandIn(());

impl GetRandomValuesStandIn {
    /// Fills every array it is given with 0, 1, 2, ... (wrapping at 256).
    pub fn counting() -> Result<Self, JsValue> {
        install_stand_in("counting")?;
        Ok(Self(()))
    }

    /// Throws, as a browser does that cannot supply randomness.
    pub fn throwing() -> Result<Self, JsValue> {
        install_stand_in("throwing")?;
        Ok(Self(()))
    }
}

impl Drop for GetRandomValuesStandIn {
    fn drop(&mut self) {
        remove_stand_in();
    }
}
