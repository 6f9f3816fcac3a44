//! What the error tables of the three test binaries share: a row (the rule,
//! the error, the public call that must produce it, its kind and message),
//! the check of a row, and the rule that no two causes read alike.

use std::fmt::{Debug, Display};

/// One error, pinned: `kind` goes into metrics labels and `Display` into
/// logs, so a change to either is a change a user sees.
pub struct ErrorRow<E: 'static> {
    /// The rule whose breach this error reports.
    pub rule: &'static str,
    pub error: E,
    /// A call through the public API that must produce `error`, where one
    /// can without a failing operating system.
    pub produced_by: Option<fn() -> Option<E>>,
    pub kind: &'static str,
    pub display: &'static str,
}

/// Checks a row: its kind (read by `kind_of`), its message, and that its
/// call produces it.
pub fn check_row<E: Copy + PartialEq + Debug + Display>(
    row: &ErrorRow<E>,
    kind_of: fn(&E) -> &'static str,
) {
    let ErrorRow { rule, error, .. } = row;
    assert_eq!(kind_of(error), row.kind, "{rule}: kind");
    assert_eq!(error.to_string(), row.display, "{rule}: Display");
    if let Some(produce) = row.produced_by {
        assert_eq!(
            produce(),
            Some(*error),
            "{rule}: the API call that breaks it"
        );
    }
}

/// No two of `items` share what `key` reads from them: one cause per
/// variant, so that no two read alike in a log or a response.
pub fn assert_distinct<T, K: PartialEq + Debug>(items: &[T], what: &str, key: impl Fn(&T) -> K) {
    for (i, a) in items.iter().enumerate() {
        for b in &items[i + 1..] {
            assert_ne!(key(a), key(b), "two causes share a {what}");
        }
    }
}
