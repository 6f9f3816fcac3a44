//! OAuth parameters as they are received.

/// A parameter sent with an empty value is treated as omitted
/// (RFC 6749 §3.1): the one rule both sides apply to every parameter they
/// read.
pub(crate) fn present(param: Option<&str>) -> Option<&str> {
    param.filter(|value| !value.is_empty())
}
