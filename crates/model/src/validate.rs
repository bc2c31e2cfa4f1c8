//! Validation of values an admin types. The same rules run in the app (as the admin types),
//! in the client before a change is queued, and in the server before it is stored.

/// The longest organization name accepted, in Unicode scalar values.
pub const ORG_NAME_MAX_CHARS: usize = 80;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ValidationError {
    #[error("the name is empty")]
    EmptyName,
    #[error("the name is {chars} characters long; the limit is {ORG_NAME_MAX_CHARS}")]
    NameTooLong { chars: usize },
    #[error("the name contains a control character (such as a line break or tab)")]
    ControlCharacter,
    #[error("`{0}` is not an RFC 3339 timestamp")]
    Timestamp(String),
}

impl ValidationError {
    /// The field the error is about, for problem details and form errors.
    pub fn field(&self) -> &'static str {
        match self {
            ValidationError::EmptyName | ValidationError::NameTooLong { .. } | ValidationError::ControlCharacter => {
                "name"
            }
            ValidationError::Timestamp(_) => "timestamp",
        }
    }
}

/// A valid organization (or parent) name: trimmed, 1 to [`ORG_NAME_MAX_CHARS`] characters, no
/// control characters.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct OrgName(String);

impl OrgName {
    pub fn parse(raw: &str) -> Result<OrgName, ValidationError> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(ValidationError::EmptyName);
        }
        let chars = trimmed.chars().count();
        if chars > ORG_NAME_MAX_CHARS {
            return Err(ValidationError::NameTooLong { chars });
        }
        if trimmed.chars().any(char::is_control) {
            return Err(ValidationError::ControlCharacter);
        }
        Ok(OrgName(trimmed.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0
    }
}

impl std::fmt::Display for OrgName {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(OrgName::parse("  Acme  ").unwrap().as_str(), "Acme");
        assert_eq!(OrgName::parse("   "), Err(ValidationError::EmptyName));
        assert_eq!(OrgName::parse(""), Err(ValidationError::EmptyName));
        let long = "é".repeat(ORG_NAME_MAX_CHARS + 1);
        assert_eq!(OrgName::parse(&long), Err(ValidationError::NameTooLong { chars: ORG_NAME_MAX_CHARS + 1 }));
        assert!(OrgName::parse(&"é".repeat(ORG_NAME_MAX_CHARS)).is_ok());
        assert_eq!(OrgName::parse("a\nb"), Err(ValidationError::ControlCharacter));
    }
}
