//! Hostile XML is rejected quickly and before it can take unbounded memory.

use std::time::{Duration, Instant};

use ssodesk_saml::{parse_metadata, SamlError, MAX_METADATA_BYTES, MAX_METADATA_DEPTH};

use crate::NOW;

/// Generous for a debug build on a slow machine; an expanding parser would take far longer.
const FAST: Duration = Duration::from_secs(5);

fn rejected(input: &[u8]) -> SamlError {
    let started = Instant::now();
    let error = parse_metadata(input, NOW).expect_err("hostile input must be rejected");
    assert!(started.elapsed() < FAST, "took {:?}", started.elapsed());
    error
}

#[test]
fn billion_laughs_is_rejected_for_its_dtd() {
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    xml.push_str("<!ENTITY lol1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">\n");
    for level in 2..=9 {
        let previous = format!("&lol{};", level - 1);
        xml.push_str(&format!("<!ENTITY lol{level} \"{}\">\n", previous.repeat(10)));
    }
    xml.push_str("]>\n<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"&lol9;\"/>");
    assert_eq!(rejected(xml.as_bytes()), SamlError::DtdNotAllowed);
}

#[test]
fn an_external_entity_is_rejected_for_its_dtd() {
    let xml = "<?xml version=\"1.0\"?>\n<!DOCTYPE md [<!ENTITY secret SYSTEM \"file:///etc/passwd\">]>\n\
               <EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"&secret;\"/>";
    assert_eq!(rejected(xml.as_bytes()), SamlError::DtdNotAllowed);
}

#[test]
fn an_undeclared_entity_reference_is_not_well_formed() {
    let xml = "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"&secret;\"/>";
    assert!(matches!(rejected(xml.as_bytes()), SamlError::Xml { .. }));
}

#[test]
fn nesting_100k_deep_is_rejected_by_the_depth_limit() {
    let depth = 100_000;
    let mut xml = String::with_capacity(depth * 8);
    xml.push_str("<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\">");
    xml.push_str(&"<a>".repeat(depth));
    xml.push_str(&"</a>".repeat(depth));
    xml.push_str("</EntityDescriptor>");
    let error = rejected(xml.as_bytes());
    assert_eq!(error, SamlError::TooDeep { limit: MAX_METADATA_DEPTH, line: 1 });
}

#[test]
fn many_nodes_are_rejected_by_the_node_limit() {
    let mut xml = String::from("<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\">");
    xml.push_str(&"<a/>".repeat(600_000));
    xml.push_str("</EntityDescriptor>");
    assert!(xml.len() < MAX_METADATA_BYTES);
    assert!(matches!(rejected(xml.as_bytes()), SamlError::TooManyNodes { .. }));
}

#[test]
fn fifty_megabytes_are_rejected_by_the_size_limit_before_parsing() {
    // The input is not even XML: only the size check can reject it as TooLarge.
    let input = vec![b'<'; 50 * 1024 * 1024];
    assert_eq!(rejected(&input), SamlError::TooLarge { size: input.len(), limit: MAX_METADATA_BYTES });
}

#[test]
fn a_foreign_root_is_named_in_the_error() {
    let error = rejected(b"<html xmlns=\"http://www.w3.org/1999/xhtml\"><body/></html>");
    assert_eq!(error.to_string(), "the root element is <html xmlns=\"http://www.w3.org/1999/xhtml\">, expected <EntityDescriptor> or <EntitiesDescriptor> of SAML 2.0 metadata");
}

#[test]
fn a_service_without_location_is_named_in_the_error() {
    let xml = "<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"https://idp\">\n\
               <IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">\n\
               <SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\"/>\n\
               </IDPSSODescriptor></EntityDescriptor>";
    assert_eq!(
        rejected(xml.as_bytes()).to_string(),
        "EntityDescriptor/IDPSSODescriptor/SingleSignOnService (line 3): the attribute Location is missing"
    );
}

fn nested(depth: usize) -> String {
    let mut xml = String::from("<EntityDescriptor xmlns=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"x\">");
    // Quotes holding `>` and `/>`, a comment and CDATA holding tags must not confuse the depth scan.
    xml.push_str("<!-- <a><a><a> --><![CDATA[<a><a>]]><?pi <a>?>");
    for _ in 1..depth {
        xml.push_str("<a note=\"1 > 0\" other='/>'>");
    }
    for _ in 1..depth {
        xml.push_str("<b/></a>");
    }
    xml.push_str("</EntityDescriptor>");
    xml
}

#[test]
fn nesting_exactly_at_the_limit_is_accepted_and_one_deeper_is_not() {
    // `<b/>` sits one level below the deepest `<a>`, so depth - 1 `<a>` levels reach `depth` exactly.
    let at_limit = nested(MAX_METADATA_DEPTH - 1);
    let metadata = parse_metadata(at_limit.as_bytes(), NOW).unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(metadata.entities[0].entity_id, "x");
    let past_limit = nested(MAX_METADATA_DEPTH);
    assert_eq!(rejected(past_limit.as_bytes()), SamlError::TooDeep { limit: MAX_METADATA_DEPTH, line: 1 });
}
