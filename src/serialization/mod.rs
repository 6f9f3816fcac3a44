//! What every `serde` impl of this crate shares (feature `serde`): errors
//! that never quote their input.
//!
//! A format's own error for input of the wrong shape quotes the value:
//! serde_json answers a string where a map is expected with
//! `invalid type: string "...", expected ...`, before any code of ours runs.
//! Where the value may be a verifier or a `plain` challenge, that message
//! would carry a secret into a log. So each `Deserialize` impl here keeps the
//! refusals it makes itself, whose messages name lengths and offsets only
//! (this crate's error types), and replaces every other error with a fixed
//! text.

use core::cell::Cell;
use core::fmt::Display;

use serde::de::{Deserialize, Deserializer, Error as _, MapAccess};

mod challenge;
mod method;
mod verifier;

/// Runs `deserialize`, which records each refusal of this crate's own in
/// the cell it is given, and returns that refusal's message on failure, or
/// `fixed` where the failure came from anywhere else.
pub(crate) fn without_echo<'de, D: Deserializer<'de>, T, R: Display + Copy>(
    deserializer: D,
    fixed: &'static str,
    deserialize: impl FnOnce(D, &Cell<Option<R>>) -> Result<T, D::Error>,
) -> Result<T, D::Error> {
    let ours = Cell::new(None);
    deserialize(deserializer, &ours).map_err(|_| match ours.take() {
        Some(e) => D::Error::custom(e),
        None => D::Error::custom(fixed),
    })
}

/// Records `e` as a refusal of this crate's own and returns it as the
/// format's error.
pub(crate) fn refuse<E: serde::de::Error, R: Display + Copy>(ours: &Cell<Option<R>>, e: R) -> E {
    ours.set(Some(e));
    E::custom(e)
}

/// Reads a map field's value into `slot`, refusing a second one: which of
/// two values to believe is not a guess to leave to the format.
pub(crate) fn once<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}
