//! The one declassification point as the constant-time harness builds it
//! (`--cfg oauth_pkce_ct`, set only by `.ci/ctgrind.sh`): a file of its own,
//! so that valgrind's suppression (`constant-time/declassify.supp`) and the
//! mutation tests' exclusion name it by its path, not by a line.

use subtle::Choice;

/// The same decision, `bool::from(choice)`, for the constant-time harness
/// only (`--cfg oauth_pkce_ct`, set by its script).
///
/// Never inlined, and the branch taken here rather than in the caller, so
/// that the one conditional jump memcheck reports for it has this function
/// as its innermost frame, where the harness's suppression file matches it
/// and nothing else. Each arm returns a constant, so what the caller
/// receives no longer depends on the secret. No hook: nothing outside the
/// crate can change the decision; the harness only reads how many were
/// taken ([`crate::ct_declassifications`]).
#[inline(never)]
pub(crate) fn declassify(choice: Choice) -> bool {
    DECLASSIFIED.fetch_add(1, core::sync::atomic::Ordering::Relaxed);
    if bool::from(choice) {
        core::hint::black_box(true)
    } else {
        core::hint::black_box(false)
    }
}

/// How many decisions [`declassify`](declassify) has taken, for the harness to pin the
/// number each operation takes.
pub(crate) static DECLASSIFIED: core::sync::atomic::AtomicUsize =
    core::sync::atomic::AtomicUsize::new(0);
