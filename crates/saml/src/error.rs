//! The one error type of the crate: every variant says which input or element is at fault and what
//! is wrong with it, in words an admin can act on.

use thiserror::Error;

/// Why metadata or certificates could not be read.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SamlError {
    /// The input is larger than the limit; it was rejected before any parsing.
    #[error("the input is {size} bytes, more than the limit of {limit} bytes")]
    TooLarge {
        /// The size of the input in bytes.
        size: usize,
        /// The limit in bytes.
        limit: usize,
    },
    /// Metadata must be UTF-8 (every IdP publishes it so).
    #[error("the metadata is not UTF-8 text: {reason}")]
    NotUtf8 {
        /// Where the first invalid byte is.
        reason: String,
    },
    /// The document has a DTD (`<!DOCTYPE …>`). DTDs are refused because entity declarations can
    /// expand without bound (billion laughs) or reach outside the document (external entities).
    #[error("the metadata has a DTD (<!DOCTYPE …>), which is not allowed in SAML metadata")]
    DtdNotAllowed,
    /// The document has more XML nodes than the limit.
    #[error("the metadata has more than {limit} XML nodes")]
    TooManyNodes {
        /// The node limit.
        limit: u32,
    },
    /// Elements are nested deeper than the limit.
    #[error("the metadata nests elements more than {limit} deep (at line {line})")]
    TooDeep {
        /// The depth limit.
        limit: usize,
        /// The line of the first element past the limit.
        line: u32,
    },
    /// The document is not well-formed XML.
    #[error("the metadata is not well-formed XML: {reason}")]
    Xml {
        /// What the XML parser reported, with line and column.
        reason: String,
    },
    /// The root element is neither `EntityDescriptor` nor `EntitiesDescriptor`.
    #[error("the root element is <{found}>, expected <EntityDescriptor> or <EntitiesDescriptor> of SAML 2.0 metadata")]
    UnexpectedRoot {
        /// The root element's name, with its namespace when it has one.
        found: String,
    },
    /// An `EntitiesDescriptor` holds no `EntityDescriptor`.
    #[error("the metadata describes no entity (no <EntityDescriptor>)")]
    NoEntities,
    /// A required attribute is missing.
    #[error("{element}: the attribute {attribute} is missing")]
    MissingAttribute {
        /// The element's path and line.
        element: String,
        /// The attribute's name.
        attribute: &'static str,
    },
    /// An attribute has a value that cannot be used.
    #[error("{element}: the attribute {attribute}={value:?} is invalid: {reason}")]
    InvalidAttribute {
        /// The element's path and line.
        element: String,
        /// The attribute's name.
        attribute: &'static str,
        /// The value found.
        value: String,
        /// What is wrong with it.
        reason: String,
    },
    /// Base64 text (a `ds:X509Certificate` or a pasted certificate) does not decode.
    #[error("{location}: the certificate is not valid base64: {reason}")]
    InvalidBase64 {
        /// The element's path and line, or which part of the input.
        location: String,
        /// What the decoder reported.
        reason: String,
    },
    /// Bytes that should be a DER certificate are not one.
    #[error("{location}: not an X.509 certificate: {reason}")]
    InvalidCertificate {
        /// The element's path and line, or which part of the input.
        location: String,
        /// What the X.509 parser reported.
        reason: String,
    },
    /// A PEM block could not be read.
    #[error("PEM block {index}: {reason}")]
    InvalidPem {
        /// The 1-based number of the block in the input.
        index: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// The input holds no certificate at all.
    #[error("no certificate found: {reason}")]
    NoCertificate {
        /// What the input looked like.
        reason: String,
    },
    /// No entity of the metadata is an identity provider.
    #[error("the metadata has no identity provider (no entity with an <IDPSSODescriptor>)")]
    NoIdentityProvider,
    /// Several entities are identity providers; the caller has to pick one.
    #[error("the metadata has {} identity providers, pick one: {}", candidates.len(), candidates.join(", "))]
    SeveralIdentityProviders {
        /// The entity IDs of every identity provider, in document order.
        candidates: Vec<String>,
    },
}

/// The crate's result type.
pub type Result<T, E = SamlError> = std::result::Result<T, E>;
