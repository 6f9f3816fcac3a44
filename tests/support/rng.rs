//! RNG stubs: never for anything but tests.

use core::convert::Infallible;

use oauth_pkce::rand::{TryCryptoRng, TryRng};

/// A "CSPRNG" whose output is whatever `fill` writes: for a harness that
/// must see or mark every byte the library draws (the constant-time harness
/// marks them secret). Never for anything but tests.
pub struct FillRng<F: FnMut(&mut [u8])>(pub F);

impl<F: FnMut(&mut [u8])> TryRng for FillRng<F> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        (self.0)(&mut b);
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        (self.0)(&mut b);
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        (self.0)(dst);
        Ok(())
    }
}

impl<F: FnMut(&mut [u8])> TryCryptoRng for FillRng<F> {}

/// A "CSPRNG" that hands out the bytes it is given, then a counter, so that
/// a test can check generated values against an independent encoder and a
/// fuzzer can steer generation through every value the encoder sees.
pub struct Replay<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Replay<'a> {
    /// A stub that returns `bytes`, then a counter past their end.
    #[must_use]
    pub fn new(bytes: &'a [u8]) -> Self {
        Self { bytes, at: 0 }
    }

    /// How many bytes have been handed out.
    #[must_use]
    pub fn consumed(&self) -> usize {
        self.at
    }
}

impl Replay<'_> {
    fn fill(&mut self, dst: &mut [u8]) {
        for d in dst {
            // Past the end, a counter keeps the output defined and varied.
            *d = self.bytes.get(self.at).copied().unwrap_or(self.at as u8);
            self.at = self.at.wrapping_add(1);
        }
    }
}

impl TryRng for Replay<'_> {
    type Error = Infallible;

    fn try_next_u32(&mut self) -> Result<u32, Infallible> {
        let mut b = [0u8; 4];
        self.fill(&mut b);
        Ok(u32::from_le_bytes(b))
    }

    fn try_next_u64(&mut self) -> Result<u64, Infallible> {
        let mut b = [0u8; 8];
        self.fill(&mut b);
        Ok(u64::from_le_bytes(b))
    }

    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Infallible> {
        self.fill(dst);
        Ok(())
    }
}

impl TryCryptoRng for Replay<'_> {}
