//! Memory probes for the secret-hygiene tests: what a value leaves in its
//! own storage when dropped, and what a call leaves on the dead stack below
//! its caller. Forensic reads, for tests only.

use std::mem::{ManuallyDrop, align_of, size_of};

/// The first `n` bytes of `value`'s storage, which the caller knows are an
/// initialised byte array (the character buffer `CodeVerifier` and
/// `CodeChallenge` start with, `repr(C)`).
///
/// # Panics
///
/// If `T` is smaller than `n` bytes or not 16-aligned (the layout the
/// crate documents has changed).
#[must_use]
pub fn leading_bytes<T>(value: &T, n: usize) -> Vec<u8> {
    assert!(size_of::<T>() > n);
    assert_eq!(align_of::<T>(), 16);
    // SAFETY: `value` is live, and its first `n` bytes are an initialised
    // `[u8; n]` field, as asserted by the caller's knowledge of the layout.
    unsafe { std::slice::from_raw_parts(std::ptr::from_ref(value).cast::<u8>(), n) }.to_vec()
}

/// Runs the value's destructor in place and returns the first `n` bytes it
/// leaves in its storage.
#[must_use]
pub fn leading_bytes_after_drop<T>(mut slot: ManuallyDrop<T>, n: usize) -> Vec<u8> {
    // SAFETY: the value is dropped exactly once, and not used again except
    // as bytes: dropping does not free or de-initialise `slot`'s storage.
    unsafe { ManuallyDrop::drop(&mut slot) };
    leading_bytes(&*slot, n)
}

/// Every byte of `value`'s storage, padding and vacated fields included:
/// what a memory dump of it would show.
#[must_use]
pub fn storage_bytes<T>(value: &T) -> Vec<u8> {
    let start = std::ptr::from_ref(value).cast::<u8>();
    (0..size_of::<T>())
        // SAFETY: each address lies within `value`'s live storage; the
        // volatile read of a byte that may be padding is a forensic read of
        // memory the process owns, not a value the program uses.
        .map(|i| unsafe { std::ptr::read_volatile(start.add(i)) })
        .collect()
}

/// Runs the value's destructor in place and returns every byte it leaves
/// in its storage.
#[must_use]
pub fn storage_bytes_after_drop<T>(mut slot: ManuallyDrop<T>) -> Vec<u8> {
    // SAFETY: as in `leading_bytes_after_drop`.
    unsafe { ManuallyDrop::drop(&mut slot) };
    storage_bytes(&*slot)
}

/// How far below the caller's frame the dead stack is searched.
const DEPTH: usize = 64 * 1024;

/// Runs `op` on a fresh thread, then copies the stack it used, now dead,
/// before anything else runs there: what `op` and everything it called left
/// behind. Returns `op`'s result and that copy.
///
/// # Panics
///
/// If the probe thread cannot be spawned, or `op` panics.
pub fn dead_stack_after<T: Send + 'static>(
    op: impl FnOnce() -> T + Send + 'static,
) -> (T, Vec<u8>) {
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(move || {
            let top = frame_address();
            // Room for the copy, made before `op` runs, so that taking it
            // writes nothing on the stack but its own small frame.
            let mut copy = Vec::with_capacity(DEPTH);
            // The C library hands a joined thread's stack to the next thread
            // spawned: what an earlier probe's operation left there would
            // count against this one.
            clear_below();
            let out = run(op);
            copy_below(top, &mut copy);
            (out, copy)
        })
        .expect("spawn the probe thread")
        .join()
        .expect("the probe thread")
}

#[inline(never)]
fn frame_address() -> usize {
    let marker = 0u8;
    std::hint::black_box(std::ptr::from_ref(&marker) as usize)
}

/// Zeros the stack below the caller, as deep as [`copy_below`] reads.
#[inline(never)]
fn clear_below() {
    // A `let`, not `&[0u8; DEPTH]`, which would be promoted to a static.
    let zeros = [0u8; DEPTH];
    std::hint::black_box(&zeros);
}

#[inline(never)]
fn run<T>(op: impl FnOnce() -> T) -> T {
    std::hint::black_box(op())
}

#[inline(never)]
fn copy_below(top: usize, copy: &mut Vec<u8>) {
    for addr in top - DEPTH..top {
        // SAFETY: the thread's stack is one mapping of 1 MiB, and this range
        // lies within it, below the frame that spawned the search: the
        // frames `op` used, dead now. Reading it is a forensic read of
        // memory the process owns; no Rust value lives there any more, and
        // the volatile read keeps the compiler from reasoning about it.
        copy.push(unsafe { std::ptr::read_volatile(addr as *const u8) });
    }
}

/// Whether `haystack` holds any of `needles`, each as a whole.
#[must_use]
pub fn holds_any(haystack: &[u8], needles: &[Vec<u8>]) -> bool {
    needles
        .iter()
        .any(|n| !n.is_empty() && haystack.windows(n.len()).any(|w| w == n.as_slice()))
}

/// Every `width`-byte window of `secret`: a residue check looks for any of
/// them, so that a partial copy counts as well as a whole one.
#[must_use]
pub fn windows_of(secret: &[u8], width: usize) -> Vec<Vec<u8>> {
    secret.windows(width).map(<[u8]>::to_vec).collect()
}
