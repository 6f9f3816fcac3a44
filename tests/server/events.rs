//! Refusals as they are logged and counted: fixed names only, one count per
//! kind, the table's last slot for the kinds beyond it.

#![cfg(feature = "std")]

use oauth_pkce::Method;
use oauth_pkce::server::{ClientType, Endpoint, Error, MAX_KINDS, Refusal, RefusalCounts};

/// The text form names the endpoint, kind, code, client type, method and
/// action, and nothing else.
#[test]
fn a_refusal_is_fixed_names_only() {
    let refusal = Refusal::new(Endpoint::Authorization, &Error::PlainNotAllowed)
        .client_type(ClientType::Public)
        .method(Some(Method::Plain));
    assert_eq!(
        refusal.to_string(),
        "endpoint=authorization kind=plain_not_allowed error=invalid_request client_type=public method=plain action=refused"
    );
    let report = Refusal::new(Endpoint::Token, &Error::PkceRequiredAtRedemption).reported_only();
    assert!(
        report
            .to_string()
            .ends_with("client_type=unknown method=none action=reported")
    );
}

#[test]
fn counts_per_kind() {
    let counts = RefusalCounts::new();
    for _ in 0..3 {
        counts.record(&Refusal::new(Endpoint::Token, &Error::UnusableCode));
    }
    counts.record(&Refusal::new(
        Endpoint::Authorization,
        &Error::RepeatedChallenge,
    ));
    assert_eq!(counts.get("unusable_code"), 3);
    assert_eq!(counts.get("repeated_challenge"), 1);
    assert_eq!(counts.get("verifier_mismatch"), 0);
    let mut seen = vec![];
    counts.for_each(|kind, n| seen.push((kind, n)));
    assert_eq!(seen, [("unusable_code", 3), ("repeated_challenge", 1)]);
}

/// Past `MAX_KINDS - 1` kinds, the rest are counted together as `other`,
/// and the kinds already counted keep their counts.
#[test]
fn kinds_beyond_the_table_are_counted_as_other() {
    const KINDS: [&str; 70] = {
        let mut k = [""; 70];
        let names = [
            "k00", "k01", "k02", "k03", "k04", "k05", "k06", "k07", "k08", "k09", "k10", "k11",
            "k12", "k13", "k14", "k15", "k16", "k17", "k18", "k19", "k20", "k21", "k22", "k23",
            "k24", "k25", "k26", "k27", "k28", "k29", "k30", "k31", "k32", "k33", "k34", "k35",
            "k36", "k37", "k38", "k39", "k40", "k41", "k42", "k43", "k44", "k45", "k46", "k47",
            "k48", "k49", "k50", "k51", "k52", "k53", "k54", "k55", "k56", "k57", "k58", "k59",
            "k60", "k61", "k62", "k63", "k64", "k65", "k66", "k67", "k68", "k69",
        ];
        let mut i = 0;
        while i < 70 {
            k[i] = names[i];
            i += 1;
        }
        k
    };
    let counts = RefusalCounts::new();
    for kind in KINDS {
        counts.record(&Refusal::other(Endpoint::Token, kind, "invalid_request"));
    }
    assert_eq!(counts.get("k00"), 1);
    assert_eq!(counts.get(KINDS[MAX_KINDS - 2]), 1);
    assert_eq!(counts.get(KINDS[MAX_KINDS - 1]), 0);
    assert_eq!(counts.get("other"), (70 - (MAX_KINDS - 1)) as u64);
}
