//! The operating system's CSPRNG, the default source of every secret the
//! crate makes (RFC 7636 §7.1, RFC 6749 §10.10).

use crate::Error;

/// Fills `dest` straight from the operating system's CSPRNG (through
/// `getrandom`, which rand's `SysRng` wraps): the bytes go from the kernel,
/// or `crypto.getRandomValues` in a browser, into `dest` and nowhere else.
/// No user-space RNG keeps a copy, and a forked process reads fresh bytes.
#[inline]
pub(crate) fn fill(dest: &mut [u8]) -> Result<(), Error> {
    use rand::TryRng;
    rand::rngs::SysRng
        .try_fill_bytes(dest)
        .map_err(|_| Error::RngFailure)
}
