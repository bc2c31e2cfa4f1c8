//! Resource ids and API tokens.
//!
//! An id is a type prefix (`par_`, `org_`, `usr_`, `evt_`, `dom_`) followed by [`ID_RANDOM_CHARS`] random
//! lowercase letters and digits. A token is `sdk_` followed by 32 random bytes in hex; the server
//! keeps only its SHA-256.

use rand::{Rng, RngCore};
use sha2::{Digest, Sha256};

/// How many random characters follow an id's prefix.
pub const ID_RANDOM_CHARS: usize = 20;

const ID_ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// The kinds of resource that have ids, with their prefixes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum IdKind {
    Parent,
    Org,
    User,
    Event,
    Domain,
}

impl IdKind {
    pub fn prefix(self) -> &'static str {
        match self {
            IdKind::Parent => "par_",
            IdKind::Org => "org_",
            IdKind::User => "usr_",
            IdKind::Event => "evt_",
            IdKind::Domain => "dom_",
        }
    }

    /// What the id names, for error messages.
    pub fn noun(self) -> &'static str {
        match self {
            IdKind::Parent => "parent organization",
            IdKind::Org => "organization",
            IdKind::User => "user",
            IdKind::Event => "audit event",
            IdKind::Domain => "domain",
        }
    }
}

pub(crate) fn new_id(kind: IdKind) -> String {
    let mut rng = rand::thread_rng();
    let mut id = String::with_capacity(kind.prefix().len() + ID_RANDOM_CHARS);
    id.push_str(kind.prefix());
    for _ in 0..ID_RANDOM_CHARS {
        id.push(char::from(ID_ALPHABET[rng.gen_range(0..ID_ALPHABET.len())]));
    }
    id
}

/// Whether `text` has the shape of an id of `kind`. Says nothing about whether it exists.
pub(crate) fn is_well_formed_id(kind: IdKind, text: &str) -> bool {
    text.strip_prefix(kind.prefix())
        .is_some_and(|random| random.len() == ID_RANDOM_CHARS && random.bytes().all(|byte| ID_ALPHABET.contains(&byte)))
}

/// How many random bytes a domain's verification token holds (written as hex).
pub(crate) const VERIFICATION_TOKEN_BYTES: usize = 20;

/// A new random verification token for a domain: [`VERIFICATION_TOKEN_BYTES`] bytes from the OS
/// generator, in lowercase hex.
pub(crate) fn new_verification_token() -> String {
    let mut bytes = [0u8; VERIFICATION_TOKEN_BYTES];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    format!("sdk_{}", hex::encode(bytes))
}

/// The hex SHA-256 of a token: the only form in which a token is stored.
pub(crate) fn token_digest(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_ids_are_well_formed_and_distinct() {
        let first = new_id(IdKind::Org);
        assert!(is_well_formed_id(IdKind::Org, &first), "{first}");
        assert!(!is_well_formed_id(IdKind::Parent, &first));
        assert_ne!(first, new_id(IdKind::Org));
    }

    #[test]
    fn ill_formed_ids_are_recognised() {
        for bad in
            ["", "org_", "org_ABCDEFGHIJKLMNOPQRST", "org_abc", "org_abcdefghijklmnopqrs-", "xorg_abcdefghijklmnopqrst"]
        {
            assert!(!is_well_formed_id(IdKind::Org, bad), "{bad}");
        }
    }

    #[test]
    fn tokens_have_the_documented_shape() {
        let token = new_token();
        assert_eq!(token.len(), 4 + 64);
        assert!(token.starts_with("sdk_"));
        assert_eq!(token_digest(&token).len(), 64);
    }
}
