//! Every file of the fixture corpus, with what SOURCES.md says it holds.

use std::path::PathBuf;

use ssodesk_saml::{parse_metadata, KeyUse, Metadata, SamlError};

use crate::NOW;

fn fixture(name: &str) -> Vec<u8> {
    let path: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "..", "..", "tests", "fixtures", "idp-metadata", name].iter().collect();
    std::fs::read(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

fn parse(name: &str) -> Metadata {
    parse_metadata(&fixture(name), NOW).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// (file, entity IDs, SSO endpoints of the IdP as (binding suffix, location), certificates per entity,
/// signed)
type Expectation =
    (&'static str, &'static [&'static str], &'static [(&'static str, &'static str)], &'static [usize], bool);

const WELL_FORMED: &[Expectation] = &[
    (
        "adfs-sustainsys-signed-roledescriptors.xml",
        &["http://adfs.server.url/adfs/services/trust"],
        &[("HTTP-Redirect", "https://adfs.server.url/adfs/ls/"), ("HTTP-POST", "https://adfs.server.url/adfs/ls/")],
        &[2],
        true,
    ),
    (
        "generic-javasaml-multi-signing-certs.xml",
        &["https://idp.examle.com/saml/metadata"],
        &[("HTTP-Redirect", "https://idp.examle.com/saml/sso")],
        &[3],
        false,
    ),
    (
        "google-jackson-boxyhq.xml",
        &["https://accounts.google.com/o/saml2"],
        &[
            ("HTTP-Redirect", "https://accounts.google.com/o/saml2"),
            ("HTTP-POST", "https://accounts.google.com/o/saml2"),
        ],
        &[1],
        false,
    ),
    ("google-jackson-fixture0-whitespace.xml", &["https://accounts.google.com/o/saml2"], &[], &[1], false),
    (
        "keycloak-keycloak-adapter-entities-descriptor.xml",
        &["http://localhost:8081/auth/realms/master"],
        &[
            ("HTTP-POST", "http://localhost:8081/auth/realms/master/protocol/saml"),
            ("HTTP-Redirect", "http://localhost:8081/auth/realms/master/protocol/saml"),
            ("SOAP", "http://localhost:8081/auth/realms/master/protocol/saml"),
        ],
        &[2],
        false,
    ),
    (
        "okta-uaa-oktapreview-pivotal.xml",
        &["http://www.okta.com/k2lvtem0VAJDMINKEYJW"],
        &[
            (
                "HTTP-POST",
                "https://pivotal.oktapreview.com/app/pivotal_pivotalcfdevelopment_1/k2lvtem0VAJDMINKEYJW/sso/saml",
            ),
            (
                "HTTP-Redirect",
                "https://pivotal.oktapreview.com/app/pivotal_pivotalcfdevelopment_1/k2lvtem0VAJDMINKEYJW/sso/saml",
            ),
        ],
        &[1],
        false,
    ),
    (
        "onelogin-python3saml-sign-and-encrypt.xml",
        &["https://app.onelogin.com/saml/metadata/383123"],
        &[
            ("HTTP-Redirect", "https://app.onelogin.com/trust/saml2/http-post/sso/383123"),
            ("HTTP-POST", "https://app.onelogin.com/trust/saml2/http-post/sso/383123"),
            ("SOAP", "https://app.onelogin.com/trust/saml2/soap/sso/383123"),
        ],
        &[2],
        false,
    ),
    (
        // The same HTTP-POST endpoint is listed twice upstream; it is reported once.
        "onelogin-samael-realworld.xml",
        &["https://app.onelogin.com/saml/metadata/503983"],
        &[
            ("HTTP-POST", "https://app.onelogin.com/trust/saml2/http-post/sso/503983"),
            ("SOAP", "https://app.onelogin.com/trust/saml2/soap/sso/503983"),
        ],
        &[1],
        false,
    ),
    (
        "openconext-lightsaml-surfconext-signed.xml",
        &["https://engine.surfconext.nl/authentication/idp/metadata"],
        &[("HTTP-Redirect", "https://engine.surfconext.nl/authentication/idp/single-sign-on")],
        &[1],
        true,
    ),
    (
        "samling-samael-ecdsa-p256.xml",
        &["https://fujifish.github.io/samling/samling.html"],
        &[("HTTP-Redirect", "https://fujifish.github.io/samling/samling.html")],
        &[1],
        false,
    ),
    (
        "shibboleth-crewjam-testshib-entities.xml",
        &["https://idp.testshib.org/idp/shibboleth", "https://sp.testshib.org/shibboleth-sp"],
        &[
            ("AuthnRequest", "https://idp.testshib.org/idp/profile/Shibboleth/SSO"),
            ("HTTP-POST", "https://idp.testshib.org/idp/profile/SAML2/POST/SSO"),
            ("HTTP-Redirect", "https://idp.testshib.org/idp/profile/SAML2/Redirect/SSO"),
            ("SOAP", "https://idp.testshib.org/idp/profile/SAML2/SOAP/ECP"),
        ],
        &[1, 1],
        false,
    ),
    (
        "simplesamlphp-lightsaml-openidp-feide.xml",
        &["https://openidp.feide.no"],
        &[("HTTP-Redirect", "https://openidp.feide.no/simplesaml/saml2/idp/SSOService.php")],
        &[1],
        false,
    ),
    (
        "simplesamlphp-uaa-signed-entityid-placeholder.xml",
        &["%s"],
        &[("HTTP-Redirect", "http://simplesamlphp.uaa-acceptance.cf-app.com/saml2/idp/SSOService.php")],
        &[1],
        true,
    ),
];

#[test]
fn every_well_formed_fixture_yields_its_entities_endpoints_and_certificates() {
    for (name, entity_ids, sso, certificate_counts, signed) in WELL_FORMED {
        let metadata = parse(name);
        let found_ids: Vec<&str> = metadata.entities.iter().map(|entity| entity.entity_id.as_str()).collect();
        assert_eq!(found_ids, *entity_ids, "{name}");
        let found_counts: Vec<usize> = metadata.entities.iter().map(|entity| entity.certificates.len()).collect();
        assert_eq!(found_counts, *certificate_counts, "{name}");
        let provider = metadata.identity_provider().unwrap_or_else(|error| panic!("{name}: {error}"));
        let found_sso: Vec<(&str, &str)> = provider
            .sso
            .iter()
            .map(|endpoint| (endpoint.binding.rsplit(':').next().unwrap(), endpoint.location.as_str()))
            .collect();
        assert_eq!(found_sso, *sso, "{name}");
        assert!(metadata.entities.iter().all(|entity| entity.signed == *signed), "{name}");
    }
}

#[test]
fn the_fixture_list_covers_every_file_in_the_corpus() {
    let directory: PathBuf =
        [env!("CARGO_MANIFEST_DIR"), "..", "..", "tests", "fixtures", "idp-metadata"].iter().collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(&directory)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".xml"))
        .collect();
    on_disk.sort();
    let mut listed: Vec<String> = WELL_FORMED.iter().map(|(name, ..)| (*name).to_owned()).collect();
    listed.extend(MALFORMED.iter().map(|name| (*name).to_owned()));
    listed.sort();
    assert_eq!(on_disk, listed);
}

const MALFORMED: [&str; 2] =
    ["google-jackson-nobinding-comment-before-xmldecl.xml", "adfs-keycloak-4809-placeholder-certs.xml"];

#[test]
fn a_comment_before_the_xml_declaration_is_rejected_as_not_well_formed() {
    let error = parse_metadata(&fixture(MALFORMED[0]), NOW).unwrap_err();
    assert!(matches!(error, SamlError::Xml { .. }), "{error:?}");
    assert!(error.to_string().contains("2:"), "the reason names the position: {error}");
}

#[test]
fn placeholder_certificates_are_rejected_naming_the_element() {
    let error = parse_metadata(&fixture(MALFORMED[1]), NOW).unwrap_err();
    let SamlError::InvalidBase64 { location, .. } = &error else { panic!("{error:?}") };
    assert!(location.contains("IDPSSODescriptor/KeyDescriptor[use=encryption]/"), "{location}");
    assert!(location.ends_with("/X509Certificate (line 7)"), "{location}");
}

#[test]
fn key_uses_are_read_and_merged_per_certificate() {
    let sign_and_encrypt = parse("onelogin-python3saml-sign-and-encrypt.xml");
    let uses: Vec<KeyUse> = sign_and_encrypt.entities[0].certificates.iter().map(|c| c.key_use).collect();
    assert_eq!(uses, [KeyUse::Signing, KeyUse::Encryption]);

    // Feide lists one certificate for signing and again for encryption: one entry, both uses.
    let feide = parse("simplesamlphp-lightsaml-openidp-feide.xml");
    assert_eq!(feide.entities[0].certificates[0].key_use, KeyUse::Both);

    // TestShib's KeyDescriptors have no use attribute, which means both.
    let testshib = parse("shibboleth-crewjam-testshib-entities.xml");
    assert!(testshib.entities.iter().all(|entity| entity.certificates[0].key_use == KeyUse::Both));
}

#[test]
fn roles_name_formats_and_validity_are_reported() {
    let adfs = parse("adfs-sustainsys-signed-roledescriptors.xml");
    assert_eq!(adfs.entities[0].roles, ["RoleDescriptor", "sp", "idp"]);

    let testshib = parse("shibboleth-crewjam-testshib-entities.xml");
    assert_eq!(testshib.entities[0].roles, ["idp", "AttributeAuthorityDescriptor"]);
    assert_eq!(testshib.entities[1].roles, ["sp"]);

    let google = parse("google-jackson-boxyhq.xml");
    assert_eq!(google.entities[0].valid_until.as_deref(), Some("2026-06-22T18:39:53Z"));

    let keycloak = parse("keycloak-keycloak-adapter-entities-descriptor.xml");
    assert!(keycloak.entities[0].name_id_formats.iter().all(|format| format.trim() == format));
    assert!(!keycloak.entities[0].name_id_formats.is_empty());
}

#[test]
fn metadata_certificates_carry_fingerprints_and_flags() {
    let okta = parse("okta-uaa-oktapreview-pivotal.xml");
    let certificate = &okta.entities[0].certificates[0].certificate;
    assert!(certificate.sha256.starts_with("52:ED:25:98:FC:AC:47:C3"), "{}", certificate.sha256);
    assert_eq!(certificate.key.key_type, "rsa");
    assert_eq!(certificate.key.bits, Some(1024));
    assert_eq!(certificate.signature_algorithm, "sha1WithRSAEncryption");
    assert!(certificate.not_after.starts_with("2044-01-23"), "{}", certificate.not_after);
    let flags = serde_json::to_value(&certificate.flags).unwrap();
    assert_eq!(flags, serde_json::json!(["sha1_signature", "weak_key", "self_signed"]));

    let samling = parse("samling-samael-ecdsa-p256.xml");
    let certificate = &samling.entities[0].certificates[0].certificate;
    assert_eq!((certificate.key.key_type.as_str(), certificate.key.bits), ("ec", Some(256)));
    assert!(certificate.not_after.starts_with("3023-10-25"), "{}", certificate.not_after);
}

#[test]
fn the_json_has_the_documented_shape() {
    let metadata = parse("simplesamlphp-lightsaml-openidp-feide.xml");
    let json = serde_json::to_value(&metadata).unwrap();
    let entity = &json["entities"][0];
    let mut keys: Vec<&str> = entity.as_object().unwrap().keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(keys, ["certificates", "entity_id", "name_id_formats", "roles", "signed", "sso"]);
    let certificate = entity["certificates"][0].as_object().unwrap();
    let mut keys: Vec<&str> = certificate.keys().map(String::as_str).collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        [
            "days_left",
            "flags",
            "issuer",
            "key",
            "not_after",
            "not_before",
            "serial",
            "sha1",
            "sha256",
            "signature_algorithm",
            "subject",
            "use"
        ]
    );
    assert_eq!(certificate["use"], "both");
    assert_eq!(certificate["key"], serde_json::json!({"type": "rsa", "bits": 1024}));
    assert_eq!(entity["sso"][0]["binding"], "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect");
}

#[test]
fn several_identity_providers_are_listed_for_the_caller_to_pick() {
    let one = parse("okta-uaa-oktapreview-pivotal.xml").entities.remove(0);
    let mut other = one.clone();
    other.entity_id = "http://www.okta.com/second".to_owned();
    let metadata = Metadata { entities: vec![one, other] };
    let error = metadata.identity_provider().unwrap_err();
    assert_eq!(
        error,
        SamlError::SeveralIdentityProviders {
            candidates: vec![
                "http://www.okta.com/k2lvtem0VAJDMINKEYJW".to_owned(),
                "http://www.okta.com/second".to_owned()
            ]
        }
    );
}
