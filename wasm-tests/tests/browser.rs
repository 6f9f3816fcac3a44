//! The browser tests (`suite/`) in a page (a window).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

mod suite;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// The suite runs where this file says it does, not in another global.
#[wasm_bindgen_test]
fn runs_in_a_page() {
    assert_eq!(oauth_pkce_wasm_tests::global_kind().unwrap(), "Window");
}
