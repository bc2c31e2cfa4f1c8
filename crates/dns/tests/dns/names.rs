//! Domain name normalisation, the record-name rule (Public Suffix List) and server addresses.

use std::net::SocketAddr;

use ssodesk_dns::{parse_server_address, verification_value, DnsError, DomainName, RecordName};

#[test]
fn names_are_normalised_to_lowercase_punycode_without_trailing_dot() {
    let cases = [
        ("example.com", "example.com"),
        ("  Example.COM.  ", "example.com"),
        ("SSO.Example.Com", "sso.example.com"),
        ("bücher.de", "xn--bcher-kva.de"),
        ("BÜCHER.de", "xn--bcher-kva.de"),
        ("xn--bcher-kva.de", "xn--bcher-kva.de"),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai"),
        // Full-width letters and the ideographic full stop map to ASCII (UTS 46).
        ("ｅｘａｍｐｌｅ。com", "example.com"),
        ("a-b.example.co.uk", "a-b.example.co.uk"),
    ];
    for (input, expected) in cases {
        let name = DomainName::parse(input).unwrap_or_else(|error| panic!("{input}: {error}"));
        assert_eq!(name.as_str(), expected, "{input}");
    }
    assert_eq!(DomainName::parse("xn--bcher-kva.de").unwrap().to_unicode(), "bücher.de");
}

/// Whether an error is the one a case expects.
type ReasonCheck = fn(&DnsError) -> bool;

#[test]
fn invalid_names_are_rejected_with_the_reason() {
    let long_label = "a".repeat(64);
    let long_name = format!("{}.com", ["abcdefghij"; 23].join("."));
    let cases: Vec<(&str, ReasonCheck)> = vec![
        ("", |e| matches!(e, DnsError::EmptyName)),
        ("  . ", |e| matches!(e, DnsError::EmptyName)),
        ("exa mple.com", |e| matches!(e, DnsError::InvalidCharacter { character: ' ', .. })),
        ("example!.com", |e| matches!(e, DnsError::InvalidCharacter { character: '!', .. })),
        ("_dmarc.example.com", |e| matches!(e, DnsError::InvalidCharacter { character: '_', .. })),
        ("a..example.com", |e| matches!(e, DnsError::EmptyLabel { .. })),
        ("-bad.example.com", |e| matches!(e, DnsError::HyphenAtLabelEdge { .. })),
        ("bad-.example.com", |e| matches!(e, DnsError::HyphenAtLabelEdge { .. })),
        ("localhost", |e| matches!(e, DnsError::SingleLabel { .. })),
        ("192.0.2.1", |e| matches!(e, DnsError::IpAddress { .. })),
        ("[2001:db8::1]", |e| matches!(e, DnsError::IpAddress { .. })),
        ("com", |e| matches!(e, DnsError::SingleLabel { .. })),
        ("co.uk", |e| matches!(e, DnsError::PublicSuffix { .. })),
        ("github.io", |e| matches!(e, DnsError::PublicSuffix { .. })),
        ("xn--zz.com", |e| matches!(e, DnsError::InvalidIdn { .. })),
        (
            "https://www.Example.com/login",
            |e| matches!(e, DnsError::LooksLikeUrl { suggestion, .. } if suggestion == "www.example.com"),
        ),
        ("example.com/path", |e| matches!(e, DnsError::LooksLikeUrl { suggestion, .. } if suggestion == "example.com")),
        (
            "admin@Example.com",
            |e| matches!(e, DnsError::LooksLikeEmail { suggestion, .. } if suggestion == "example.com"),
        ),
    ];
    for (input, is_expected) in cases {
        match DomainName::parse(input) {
            Ok(name) => panic!("{input:?} was accepted as {name}"),
            Err(error) => assert!(is_expected(&error), "{input:?} was rejected for the wrong reason: {error:?}"),
        }
    }
    let label = DomainName::parse(&format!("{long_label}.com")).unwrap_err();
    assert!(matches!(label, DnsError::LabelTooLong { length: 64, .. }), "{label:?}");
    let name = DomainName::parse(&long_name).unwrap_err();
    assert!(matches!(name, DnsError::NameTooLong { length: 256 }), "{name:?}");
    assert_eq!(
        DomainName::parse("co.uk").unwrap_err().to_string(),
        "\"co.uk\" is a public suffix; enter a domain registered under it, e.g. yourcompany.co.uk"
    );
}

#[test]
fn the_record_name_follows_the_public_suffix_list() {
    let cases = [
        ("example.com", "example.com", true),
        ("sso.example.com", "_acme-challenge.sso.example.com", false),
        ("a.b.example.com", "_acme-challenge.a.b.example.com", false),
        // co.uk is a public suffix, so example.co.uk is registrable, not a subdomain of co.uk.
        ("example.co.uk", "example.co.uk", true),
        ("sso.example.co.uk", "_acme-challenge.sso.example.co.uk", false),
        ("example.com.au", "example.com.au", true),
        ("city.kawasaki.jp", "city.kawasaki.jp", true),
        // Private-section suffixes count too: each github.io site is registrable.
        ("alice.github.io", "alice.github.io", true),
        ("münchen.de", "xn--mnchen-3ya.de", true),
        ("shop.münchen.de", "_acme-challenge.shop.xn--mnchen-3ya.de", false),
        ("пример.рф", "xn--e1afmkfd.xn--p1ai", true),
        ("sso.example.test", "_acme-challenge.sso.example.test", false),
    ];
    for (input, record, registrable) in cases {
        let domain = DomainName::parse(input).unwrap();
        assert_eq!(domain.verification_record_name().as_str(), record, "{input}");
        assert_eq!(domain.is_registrable(), registrable, "{input}");
    }
    assert_eq!(DomainName::parse("sso.example.co.uk").unwrap().registrable_domain().as_str(), "example.co.uk");
}

#[test]
fn record_names_allow_underscores() {
    assert_eq!(
        RecordName::parse("_Acme-Challenge.SSO.example.com.").unwrap().as_str(),
        "_acme-challenge.sso.example.com"
    );
    assert!(matches!(RecordName::parse("a b.example.com"), Err(DnsError::InvalidCharacter { character: ' ', .. })));
}

#[test]
fn domain_names_round_trip_through_serde_and_reject_invalid_input() {
    let name: DomainName = serde_json::from_str("\"Example.COM\"").unwrap();
    assert_eq!(serde_json::to_string(&name).unwrap(), "\"example.com\"");
    assert!(serde_json::from_str::<DomainName>("\"co.uk\"").is_err());
}

#[test]
fn the_value_has_the_fixed_prefix() {
    assert_eq!(verification_value("tok"), "ssodesk-verification=tok");
}

#[test]
fn server_addresses_default_to_port_53() {
    let cases = [
        ("192.0.2.53", "192.0.2.53:53"),
        ("192.0.2.53:5353", "192.0.2.53:5353"),
        ("2001:db8::53", "[2001:db8::53]:53"),
        ("[2001:db8::53]", "[2001:db8::53]:53"),
        ("[2001:db8::53]:5353", "[2001:db8::53]:5353"),
    ];
    for (input, expected) in cases {
        assert_eq!(parse_server_address(input).unwrap(), expected.parse::<SocketAddr>().unwrap(), "{input}");
    }
    for bad in ["dns.google", "192.0.2.53:", "192.0.2.300", ""] {
        assert!(matches!(parse_server_address(bad), Err(DnsError::InvalidServerAddress { .. })), "{bad}");
    }
}
