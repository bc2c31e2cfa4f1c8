//! A parent's SAML connection to its identity provider, and the service provider values an admin
//! pastes into the IdP.

use serde::{Deserialize, Serialize};

use crate::Timestamp;

/// Which identity provider a connection is for. It decides the setup guide the app shows; the
/// protocol is SAML 2.0 for every one of them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IdpKind {
    Okta,
    Entra,
    Google,
    Onelogin,
    Jumpcloud,
    Duo,
    /// Any other SAML 2.0 identity provider.
    Saml,
}

impl IdpKind {
    pub const ALL: [IdpKind; 7] = [
        IdpKind::Okta,
        IdpKind::Entra,
        IdpKind::Google,
        IdpKind::Onelogin,
        IdpKind::Jumpcloud,
        IdpKind::Duo,
        IdpKind::Saml,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            IdpKind::Okta => "okta",
            IdpKind::Entra => "entra",
            IdpKind::Google => "google",
            IdpKind::Onelogin => "onelogin",
            IdpKind::Jumpcloud => "jumpcloud",
            IdpKind::Duo => "duo",
            IdpKind::Saml => "saml",
        }
    }

    pub fn parse(text: &str) -> Option<IdpKind> {
        IdpKind::ALL.into_iter().find(|kind| kind.as_str() == text)
    }
}

/// Where a connection is in its life: set up (`draft`), proven by a test sign-in (`tested`), in
/// use for sign-in (`active`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionStatus {
    Draft,
    Tested,
    Active,
}

impl ConnectionStatus {
    pub const ALL: [ConnectionStatus; 3] =
        [ConnectionStatus::Draft, ConnectionStatus::Tested, ConnectionStatus::Active];

    pub fn as_str(self) -> &'static str {
        match self {
            ConnectionStatus::Draft => "draft",
            ConnectionStatus::Tested => "tested",
            ConnectionStatus::Active => "active",
        }
    }

    pub fn parse(text: &str) -> Option<ConnectionStatus> {
        ConnectionStatus::ALL.into_iter().find(|status| status.as_str() == text)
    }
}

/// What a configured signing certificate is for. The backend accepts assertions signed by any
/// `active` or `staged` certificate; `staged` marks the new one of a rotation until it is
/// activated.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CertificateRole {
    Active,
    Staged,
}

impl CertificateRole {
    pub fn as_str(self) -> &'static str {
        match self {
            CertificateRole::Active => "active",
            CertificateRole::Staged => "staged",
        }
    }

    pub fn parse(text: &str) -> Option<CertificateRole> {
        match text {
            "active" => Some(CertificateRole::Active),
            "staged" => Some(CertificateRole::Staged),
            _ => None,
        }
    }
}

/// One IdP signing certificate of a connection, as the backend stores it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionCertificate {
    /// SHA-256 of the DER, lowercase hex with colons (as `ssodesk-cli cert inspect` prints it).
    pub sha256: String,
    pub sha1: String,
    pub subject: String,
    pub issuer: String,
    pub serial: String,
    #[serde(with = "time::serde::rfc3339")]
    pub not_before: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    pub not_after: Timestamp,
    pub role: CertificateRole,
    /// The certificate itself, PEM.
    pub pem: String,
}

/// `GET /v1/parents/{id}/sso-connection`: the parent's SAML connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SsoConnection {
    pub parent_id: String,
    pub idp: IdpKind,
    /// Where the metadata was read from, when it came from a URL.
    pub metadata_url: Option<String>,
    /// The metadata document as stored, when one was given or fetched.
    pub metadata_xml: Option<String>,
    /// The IdP's entityID, from the metadata.
    pub entity_id: String,
    /// The IdP's SingleSignOnService URL the backend sends users to.
    pub sso_url: String,
    /// The binding of `sso_url`: HTTP-Redirect when the IdP offers it, else HTTP-POST.
    pub sso_binding: String,
    pub name_id_formats: Vec<String>,
    /// The signing certificates, active first.
    pub certificates: Vec<ConnectionCertificate>,
    pub status: ConnectionStatus,
    pub version: i64,
    #[serde(with = "time::serde::rfc3339")]
    pub created_at: Timestamp,
    #[serde(with = "time::serde::rfc3339")]
    pub updated_at: Timestamp,
}

/// A certificate given explicitly in a `PUT`: the PEM (or bare base64) and its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CertificateInput {
    pub pem: String,
    pub role: CertificateRole,
}

/// Body of `PUT /v1/parents/{id}/sso-connection`.
///
/// At least one of `metadata_url` and `metadata_xml`; with only the URL the backend fetches it.
/// Without `certificates` the signing certificates come from the metadata: on a new connection
/// all are active; on an existing one, certificates it already has keep their role and new ones
/// are staged (a rotation has begun at the IdP). With `certificates`, exactly those are stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsoConnectionInput {
    pub idp: IdpKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata_xml: Option<String>,
    /// Which identity provider of the metadata, when it describes several.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entity_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificates: Option<Vec<CertificateInput>>,
    /// Absent keeps the status (a new connection is `draft`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<ConnectionStatus>,
}

/// `GET /v1/parents/{id}/service-provider`: what the admin pastes into the IdP.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceProvider {
    /// The SP entity ID (the "Audience URI" in Okta, "Identifier" in Entra ID).
    pub entity_id: String,
    /// The Assertion Consumer Service URL ("Single sign-on URL", "Reply URL").
    pub acs_url: String,
    /// The SP metadata, for IdPs that import it.
    pub metadata_url: String,
    /// The NameID format the SP asks for.
    pub name_id_format: String,
}
