//! The system clock, where there is one.
//!
//! `wasm32-unknown-unknown` has no clock that `SystemTime` can read (it
//! panics there), so the forms that read it, `build` and
//! `validate_callback`, are compiled only with `std` on other targets; a
//! browser app passes `Date.now() / 1000` to the `_at` forms instead.
//! [`with_system_clock!`] puts that condition on an item, so that it is
//! written here once.

/// Compiles the item it wraps only where the system clock can be read:
/// with `std`, and not on `wasm32-unknown-unknown`.
macro_rules! with_system_clock {
    ($($item:tt)*) => {
        #[cfg(all(feature = "std", not(all(target_arch = "wasm32", target_os = "unknown"))))]
        $($item)*
    };
}
pub(crate) use with_system_clock;

with_system_clock! {
    /// Seconds since the Unix epoch by the system clock; 0 for a clock set
    /// before 1970, which makes every record already old rather than a
    /// panic.
    pub(crate) fn unix_now() -> u64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs())
    }
}
