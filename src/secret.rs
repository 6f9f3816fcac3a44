//! Wiping secret bytes (the `zeroize` guarantee, done the fast way).

/// Overwrites `buf` with zeros in a way the optimiser may not remove.
///
/// A plain `fill(0)` lets the compiler use wide stores; `zeroize`'s
/// optimisation barrier then forces those stores to happen, since the bytes
/// are observed afterwards. This is `zeroize`'s own recommended pattern for
/// flat data, and several times faster than a volatile write per byte.
#[inline]
pub(crate) fn wipe(buf: &mut [u8]) {
    buf.fill(0);
    zeroize::optimization_barrier(buf);
}
