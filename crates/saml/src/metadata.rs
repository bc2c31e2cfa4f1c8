//! SAML 2.0 metadata: read safely and summarised as the stable JSON the app, the backend and the
//! CLI show.
//!
//! The XML is read with roxmltree, which refuses DTDs, so there are no entity declarations to
//! expand (billion laughs) and no external entities to fetch. Before parsing, the input size is
//! checked against [`MAX_METADATA_BYTES`]; while parsing, the node count is capped at
//! [`MAX_METADATA_NODES`], so the tree never takes more memory than a bounded multiple of the
//! input. Nesting deeper than [`MAX_METADATA_DEPTH`] is rejected by a scan of the text before
//! parsing, because the parser recurses on nesting and would overflow the stack first.
//!
//! Elements are matched by local name in the SAML metadata (or XML-DSig) namespace, or in no
//! namespace at all, because real exports (Google's among them) declare prefixes and then forget
//! to use them.
//!
//! Whether the metadata is signed is reported (`signed`), but the signature is **not verified**:
//! a signed file is no more trustworthy here than an unsigned one.

use serde::Serialize;
use time::format_description::well_known::Rfc3339;
use time::{OffsetDateTime, PrimitiveDateTime};

use crate::certificate::{parse_base64_certificate, rfc3339, Certificate};
use crate::error::{Result, SamlError};

/// The most bytes a metadata document may have; larger input is rejected before parsing.
pub const MAX_METADATA_BYTES: usize = 10 * 1024 * 1024;
/// The most XML nodes (elements, text, comments, …) a metadata document may have.
pub const MAX_METADATA_NODES: u32 = 500_000;
/// The deepest element nesting a metadata document may have (real metadata stays under 15).
pub const MAX_METADATA_DEPTH: usize = 64;

const METADATA_NAMESPACE: &str = "urn:oasis:names:tc:SAML:2.0:metadata";
const DSIG_NAMESPACE: &str = "http://www.w3.org/2000/09/xmldsig#";

/// Every entity a metadata document describes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Metadata {
    /// The entities in document order.
    pub entities: Vec<Entity>,
}

/// One `EntityDescriptor`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// The `entityID` attribute, as written.
    pub entity_id: String,
    /// `idp` for an IDPSSODescriptor, `sp` for an SPSSODescriptor, the element's local name for
    /// any other role (`AttributeAuthorityDescriptor`, `RoleDescriptor`, …); each once, in document order.
    pub roles: Vec<String>,
    /// The IdP's SingleSignOnService endpoints, exact duplicates removed.
    pub sso: Vec<SsoEndpoint>,
    /// The certificates of every role's KeyDescriptors, once per certificate (by SHA-256); a
    /// certificate listed for signing and for encryption has `use` = `both`.
    pub certificates: Vec<MetadataCertificate>,
    /// The IdP's NameIDFormat values, trimmed, duplicates removed.
    pub name_id_formats: Vec<String>,
    /// The entity's `validUntil`, or that of the nearest enclosing EntitiesDescriptor (RFC 3339 UTC).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<String>,
    /// The entity's `cacheDuration` (an xs:duration such as `PT8H`), or the nearest enclosing one's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cache_duration: Option<String>,
    /// Whether a `ds:Signature` covers the entity (a child of it or of an enclosing
    /// EntitiesDescriptor). The signature is not verified.
    pub signed: bool,
}

/// A SingleSignOnService endpoint.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SsoEndpoint {
    /// The binding URI, e.g. `urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect`.
    pub binding: String,
    /// The endpoint URL, as written.
    pub location: String,
}

/// A certificate published in a KeyDescriptor.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MetadataCertificate {
    /// The certificate.
    #[serde(flatten)]
    pub certificate: Certificate,
    /// What the KeyDescriptors say the key is for.
    #[serde(rename = "use")]
    pub key_use: KeyUse,
}

/// A KeyDescriptor's `use`; a KeyDescriptor without one is for both.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyUse {
    /// Signing only.
    Signing,
    /// Encryption only.
    Encryption,
    /// Signing and encryption.
    Both,
}

impl KeyUse {
    fn merge(self, other: KeyUse) -> KeyUse {
        if self == other {
            self
        } else {
            KeyUse::Both
        }
    }
}

impl Metadata {
    /// The one identity provider of the metadata, or an error naming every candidate when there
    /// are several.
    pub fn identity_provider(&self) -> Result<&Entity> {
        let providers: Vec<&Entity> = self.entities.iter().filter(|entity| entity.is_identity_provider()).collect();
        match providers.as_slice() {
            [] => Err(SamlError::NoIdentityProvider),
            [provider] => Ok(provider),
            several => Err(SamlError::SeveralIdentityProviders {
                candidates: several.iter().map(|entity| entity.entity_id.clone()).collect(),
            }),
        }
    }
}

impl Entity {
    /// Whether the entity has an IDPSSODescriptor.
    pub fn is_identity_provider(&self) -> bool {
        self.roles.iter().any(|role| role == "idp")
    }
}

/// Parses a metadata document. `now` decides the certificates' `days_left` and flags.
pub fn parse_metadata(input: &[u8], now: OffsetDateTime) -> Result<Metadata> {
    if input.len() > MAX_METADATA_BYTES {
        return Err(SamlError::TooLarge { size: input.len(), limit: MAX_METADATA_BYTES });
    }
    let input = input.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(input);
    let text = std::str::from_utf8(input).map_err(|error| SamlError::NotUtf8 { reason: error.to_string() })?;
    check_depth(text)?;
    let options = roxmltree::ParsingOptions { allow_dtd: false, nodes_limit: MAX_METADATA_NODES };
    let document = roxmltree::Document::parse_with_options(text, options).map_err(|error| match error {
        roxmltree::Error::DtdDetected => SamlError::DtdNotAllowed,
        roxmltree::Error::NodesLimitReached => SamlError::TooManyNodes { limit: MAX_METADATA_NODES },
        other => SamlError::Xml { reason: other.to_string() },
    })?;

    let root = document.root_element();
    let entity_elements: Vec<roxmltree::Node<'_, '_>> = if is_md(root, "EntityDescriptor") {
        vec![root]
    } else if is_md(root, "EntitiesDescriptor") {
        root.descendants().filter(|node| is_md(*node, "EntityDescriptor")).collect()
    } else {
        let found = match root.tag_name().namespace() {
            Some(namespace) => format!("{} xmlns=\"{namespace}\"", root.tag_name().name()),
            None => root.tag_name().name().to_owned(),
        };
        return Err(SamlError::UnexpectedRoot { found });
    };
    if entity_elements.is_empty() {
        return Err(SamlError::NoEntities);
    }
    let entities: Result<Vec<Entity>> =
        entity_elements.into_iter().map(|element| parse_entity(&document, element, now)).collect();
    Ok(Metadata { entities: entities? })
}

/// Rejects the first element nested deeper than the limit, by scanning the text before it is
/// parsed: roxmltree recurses while building deeply nested trees, so 100k nested elements would
/// overflow the stack if they reached it.
///
/// The scan skips comments, CDATA sections, processing instructions and declarations, and honours
/// quotes inside tags, so a `>` in an attribute value does not end a tag. It only counts: anything
/// malformed that it lets through is rejected by the parser afterwards.
fn check_depth(text: &str) -> Result<()> {
    let bytes = text.as_bytes();
    let find = |from: usize, pattern: &[u8]| {
        bytes[from.min(bytes.len())..]
            .windows(pattern.len())
            .position(|window| window == pattern)
            .map_or(bytes.len(), |offset| from + offset + pattern.len())
    };
    let mut depth = 0usize;
    let mut index = 0usize;
    while index < bytes.len() {
        if bytes[index] != b'<' {
            index += 1;
            continue;
        }
        let rest = &bytes[index..];
        if rest.starts_with(b"<!--") {
            index = find(index + 4, b"-->");
        } else if rest.starts_with(b"<![CDATA[") {
            index = find(index + 9, b"]]>");
        } else if rest.starts_with(b"<?") {
            index = find(index + 2, b"?>");
        } else if rest.starts_with(b"<!") {
            index = find(index + 2, b">");
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            index = find(index + 2, b">");
        } else {
            let start = index;
            let mut quote: Option<u8> = None;
            index += 1;
            while index < bytes.len() {
                let byte = bytes[index];
                match quote {
                    Some(open) if byte == open => quote = None,
                    Some(_) => {}
                    None if byte == b'"' || byte == b'\'' => quote = Some(byte),
                    None if byte == b'>' => break,
                    None => {}
                }
                index += 1;
            }
            let self_closing = index > start + 1 && bytes[index - 1] == b'/';
            index += 1;
            // A self-closing element is as deep as an open one; it just does not stay open.
            if depth + 1 > MAX_METADATA_DEPTH {
                let line = bytes[..start].iter().filter(|byte| **byte == b'\n').count() + 1;
                return Err(SamlError::TooDeep {
                    limit: MAX_METADATA_DEPTH,
                    line: u32::try_from(line).unwrap_or(u32::MAX),
                });
            }
            if !self_closing {
                depth += 1;
            }
        }
    }
    Ok(())
}

fn parse_entity(
    document: &roxmltree::Document<'_>,
    element: roxmltree::Node<'_, '_>,
    now: OffsetDateTime,
) -> Result<Entity> {
    let entity_id = element
        .attribute("entityID")
        .ok_or_else(|| SamlError::MissingAttribute { element: describe(document, element), attribute: "entityID" })?;
    if entity_id.trim().is_empty() {
        return Err(SamlError::InvalidAttribute {
            element: describe(document, element),
            attribute: "entityID",
            value: entity_id.to_owned(),
            reason: "it is empty".to_owned(),
        });
    }

    let mut roles: Vec<String> = Vec::new();
    let mut sso: Vec<SsoEndpoint> = Vec::new();
    let mut name_id_formats: Vec<String> = Vec::new();
    let mut certificates: Vec<MetadataCertificate> = Vec::new();
    for descriptor in element.children().filter(|node| node.is_element() && in_md_namespace(*node)) {
        let local_name = descriptor.tag_name().name();
        if !local_name.ends_with("Descriptor") {
            continue;
        }
        let role = match local_name {
            "IDPSSODescriptor" => "idp",
            "SPSSODescriptor" => "sp",
            other => other,
        };
        if !roles.iter().any(|known| known == role) {
            roles.push(role.to_owned());
        }
        if role == "idp" {
            for service in descriptor.children().filter(|node| is_md(*node, "SingleSignOnService")) {
                let endpoint = SsoEndpoint {
                    binding: required_attribute(document, service, "Binding")?.to_owned(),
                    location: required_attribute(document, service, "Location")?.to_owned(),
                };
                if !sso.contains(&endpoint) {
                    sso.push(endpoint);
                }
            }
            for format in descriptor.children().filter(|node| is_md(*node, "NameIDFormat")) {
                let value = format.text().unwrap_or_default().trim().to_owned();
                if !value.is_empty() && !name_id_formats.contains(&value) {
                    name_id_formats.push(value);
                }
            }
        }
        for key_descriptor in descriptor.children().filter(|node| is_md(*node, "KeyDescriptor")) {
            let key_use = match key_descriptor.attribute("use") {
                None => KeyUse::Both,
                Some("signing") => KeyUse::Signing,
                Some("encryption") => KeyUse::Encryption,
                Some(other) => {
                    return Err(SamlError::InvalidAttribute {
                        element: describe(document, key_descriptor),
                        attribute: "use",
                        value: other.to_owned(),
                        reason: "expected signing or encryption".to_owned(),
                    })
                }
            };
            for x509 in key_descriptor.descendants().filter(|node| is_ds(*node, "X509Certificate")) {
                let location = describe(document, x509);
                let certificate = parse_base64_certificate(x509.text().unwrap_or_default(), &location, now)?;
                match certificates.iter_mut().find(|known| known.certificate.sha256 == certificate.sha256) {
                    Some(known) => known.key_use = known.key_use.merge(key_use),
                    None => certificates.push(MetadataCertificate { certificate, key_use }),
                }
            }
        }
    }

    let covering: Vec<roxmltree::Node<'_, '_>> = element
        .ancestors()
        .filter(|node| is_md(*node, "EntityDescriptor") || is_md(*node, "EntitiesDescriptor"))
        .collect();
    let signed = covering.iter().any(|node| node.children().any(|child| is_ds(child, "Signature")));
    let valid_until = match covering.iter().find_map(|node| node.attribute("validUntil").map(|value| (*node, value))) {
        Some((node, value)) => Some(parse_date_time(document, node, value)?),
        None => None,
    };
    let cache_duration = covering.iter().find_map(|node| node.attribute("cacheDuration")).map(str::to_owned);

    Ok(Entity {
        entity_id: entity_id.to_owned(),
        roles,
        sso,
        certificates,
        name_id_formats,
        valid_until,
        cache_duration,
        signed,
    })
}

/// Reads an xs:dateTime. A value without a time zone is taken as UTC, as SAML requires UTC.
fn parse_date_time(document: &roxmltree::Document<'_>, node: roxmltree::Node<'_, '_>, value: &str) -> Result<String> {
    let trimmed = value.trim();
    let parsed = OffsetDateTime::parse(trimmed, &Rfc3339)
        .or_else(|_| PrimitiveDateTime::parse(&format!("{trimmed}Z"), &Rfc3339).map(PrimitiveDateTime::assume_utc));
    parsed.map(rfc3339).map_err(|error| SamlError::InvalidAttribute {
        element: describe(document, node),
        attribute: "validUntil",
        value: value.to_owned(),
        reason: format!("not an xs:dateTime ({error})"),
    })
}

fn required_attribute<'a>(
    document: &roxmltree::Document<'_>,
    node: roxmltree::Node<'a, '_>,
    attribute: &'static str,
) -> Result<&'a str> {
    match node.attribute(attribute) {
        Some(value) if !value.trim().is_empty() => Ok(value),
        Some(value) => Err(SamlError::InvalidAttribute {
            element: describe(document, node),
            attribute,
            value: value.to_owned(),
            reason: "it is empty".to_owned(),
        }),
        None => Err(SamlError::MissingAttribute { element: describe(document, node), attribute }),
    }
}

fn in_md_namespace(node: roxmltree::Node<'_, '_>) -> bool {
    matches!(node.tag_name().namespace(), None | Some(METADATA_NAMESPACE))
}

fn is_md(node: roxmltree::Node<'_, '_>, local_name: &str) -> bool {
    node.is_element() && node.tag_name().name() == local_name && in_md_namespace(node)
}

fn is_ds(node: roxmltree::Node<'_, '_>, local_name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == local_name
        && matches!(node.tag_name().namespace(), None | Some(DSIG_NAMESPACE))
}

/// `EntityDescriptor/IDPSSODescriptor/KeyDescriptor[use=signing]/…/X509Certificate (line 12)`.
fn describe(document: &roxmltree::Document<'_>, node: roxmltree::Node<'_, '_>) -> String {
    let mut names: Vec<String> = node
        .ancestors()
        .filter(|ancestor| ancestor.is_element())
        .map(|ancestor| match ancestor.attribute("use") {
            Some(key_use) => format!("{}[use={key_use}]", ancestor.tag_name().name()),
            None => ancestor.tag_name().name().to_owned(),
        })
        .collect();
    names.reverse();
    let line = document.text_pos_at(node.range().start).row;
    format!("{} (line {line})", names.join("/"))
}
