//! The certificate expiry policy: when a certificate deserves a warning, when it is critical, and
//! which notification is due. Pure functions of a certificate's validity, the policy, what was
//! notified before and "now", which the caller passes in (the watch's clock, or a test's).
//!
//! A threshold is crossed at an instant: `not_after` minus N days, or minus P % of the
//! certificate's lifetime. Invariant: at most one notification is due per certificate at a time,
//! for the latest threshold crossed ("the tightest"); every looser threshold crossed with it is
//! recorded as passed, so a certificate first seen at 5 days left gets one notification (the
//! 7-day one), never a burst of 60, 30, 14 and 7.

use serde::{Deserialize, Serialize};
use time::{Duration, OffsetDateTime};

use crate::{DeskError, Result};

/// The key recorded when the notification that a certificate has expired was sent.
pub const EXPIRED_KEY: &str = "expired";

/// How a recorded key reads: `30d` → "30 days", `10%` → "10% of its lifetime", `expired`.
/// `None` for keys that are not expiry thresholds.
pub fn label_of_key(key: &str) -> Option<String> {
    if key == EXPIRED_KEY {
        return Some("expired".to_owned());
    }
    if let Some(days) = key.strip_suffix('d').and_then(|days| days.parse().ok()) {
        return Some(Threshold::Days(days).label());
    }
    key.strip_suffix('%').and_then(|percent| percent.parse().ok()).map(|percent| Threshold::Percent(percent).label())
}

/// One threshold: days left, or percent of the lifetime left.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "unit", content = "value", rename_all = "snake_case")]
pub enum Threshold {
    Days(u32),
    Percent(u8),
}

impl Threshold {
    /// How it is recorded: `30d` or `10%`.
    pub fn key(self) -> String {
        match self {
            Threshold::Days(days) => format!("{days}d"),
            Threshold::Percent(percent) => format!("{percent}%"),
        }
    }

    /// How it reads: "30 days" or "10% of its lifetime".
    pub fn label(self) -> String {
        match self {
            Threshold::Days(1) => "1 day".to_owned(),
            Threshold::Days(days) => format!("{days} days"),
            Threshold::Percent(percent) => format!("{percent}% of its lifetime"),
        }
    }

    /// The instant a certificate valid from `not_before` to `not_after` crosses this threshold.
    pub fn crossed_at(self, validity: &Validity) -> OffsetDateTime {
        match self {
            Threshold::Days(days) => validity.not_after - Duration::days(i64::from(days)),
            Threshold::Percent(percent) => {
                let lifetime = validity.not_after - validity.not_before;
                validity.not_after - lifetime * (f64::from(percent) / 100.0)
            }
        }
    }
}

/// A certificate's validity period.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Validity {
    pub not_before: OffsetDateTime,
    pub not_after: OffsetDateTime,
}

impl Validity {
    /// Whole days until `not_after`, rounded down; negative once expired.
    pub fn days_left(&self, now: OffsetDateTime) -> i64 {
        (self.not_after - now).whole_seconds().div_euclid(86_400)
    }

    /// 0 to 100: how much of the validity period is left.
    pub fn lifetime_left_percent(&self, now: OffsetDateTime) -> f64 {
        let lifetime = (self.not_after - self.not_before).as_seconds_f64();
        if lifetime <= 0.0 {
            return 0.0;
        }
        ((self.not_after - now).as_seconds_f64() / lifetime * 100.0).clamp(0.0, 100.0)
    }
}

/// How urgent a certificate is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Ok,
    Warning,
    Critical,
    Expired,
}

/// A connection's expiry policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExpiryPolicy {
    pub thresholds: Vec<Threshold>,
    /// At or under this many days left a certificate is critical rather than a warning.
    pub critical_days: u32,
}

impl Default for ExpiryPolicy {
    fn default() -> ExpiryPolicy {
        ExpiryPolicy { thresholds: [60, 30, 14, 7, 3, 1].map(Threshold::Days).to_vec(), critical_days: 7 }
    }
}

/// The most thresholds a policy may have.
pub const MAX_THRESHOLDS: usize = 20;
/// The largest day threshold (ten years): certificates rarely live longer.
pub const MAX_THRESHOLD_DAYS: u32 = 3650;

impl ExpiryPolicy {
    /// Checks a policy the admin entered: 1 to 20 thresholds, days 1..=3650, percent 1..=99, no
    /// duplicates, critical days 0..=3650.
    pub fn validated(mut self) -> Result<ExpiryPolicy> {
        let invalid = |field: &'static str, message: String| DeskError::InvalidInput { field, message };
        if self.thresholds.is_empty() || self.thresholds.len() > MAX_THRESHOLDS {
            return Err(invalid("thresholds", format!("give 1 to {MAX_THRESHOLDS} thresholds")));
        }
        for threshold in &self.thresholds {
            match *threshold {
                Threshold::Days(days) if !(1..=MAX_THRESHOLD_DAYS).contains(&days) => {
                    return Err(invalid(
                        "thresholds",
                        format!("{days} days: a day threshold is 1 to {MAX_THRESHOLD_DAYS}"),
                    ))
                }
                Threshold::Percent(percent) if !(1..=99).contains(&percent) => {
                    return Err(invalid("thresholds", format!("{percent}%: a percent threshold is 1 to 99")))
                }
                _ => {}
            }
        }
        let mut seen = std::collections::HashSet::new();
        if let Some(duplicate) = self.thresholds.iter().find(|threshold| !seen.insert(**threshold)) {
            return Err(invalid("thresholds", format!("{} is listed twice", duplicate.label())));
        }
        if self.critical_days > MAX_THRESHOLD_DAYS {
            return Err(invalid("criticalDays", format!("critical days is 0 to {MAX_THRESHOLD_DAYS}")));
        }
        // Looser first, so lists read like the defaults.
        self.thresholds.sort_by_key(|threshold| match threshold {
            Threshold::Days(days) => (0, u32::MAX - days),
            Threshold::Percent(percent) => (1, u32::MAX - u32::from(*percent)),
        });
        Ok(self)
    }

    /// How urgent a certificate is now.
    pub fn severity(&self, validity: &Validity, now: OffsetDateTime) -> Severity {
        if now >= validity.not_after {
            Severity::Expired
        } else if now >= validity.not_after - Duration::days(i64::from(self.critical_days)) {
            Severity::Critical
        } else if self.thresholds.iter().any(|threshold| now >= threshold.crossed_at(validity)) {
            Severity::Warning
        } else {
            Severity::Ok
        }
    }

    /// The notification due for a certificate now, if any. `notified` holds the keys already
    /// recorded for it; `snoozed_until` silences it until then.
    pub fn due(
        &self,
        validity: &Validity,
        notified: &[String],
        snoozed_until: Option<OffsetDateTime>,
        now: OffsetDateTime,
    ) -> Option<DueNotification> {
        if snoozed_until.is_some_and(|until| now < until) {
            return None;
        }
        let mut crossed: Vec<(OffsetDateTime, String, String)> = self
            .thresholds
            .iter()
            .map(|threshold| (threshold.crossed_at(validity), threshold.key(), threshold.label()))
            .filter(|(at, _, _)| now >= *at)
            .collect();
        if now >= validity.not_after {
            crossed.push((validity.not_after, EXPIRED_KEY.to_owned(), "expired".to_owned()));
        }
        // The tightest first: it is the one notified, the rest are recorded as passed with it.
        crossed.sort_by_key(|(at, _, _)| std::cmp::Reverse(*at));
        let (_, key, label) = crossed.first()?.clone();
        if notified.contains(&key) {
            return None;
        }
        Some(DueNotification {
            keys: crossed.into_iter().map(|(_, key, _)| key).collect(),
            label,
            severity: self.severity(validity, now),
            days_left: validity.days_left(now),
        })
    }
}

/// A notification that is due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueNotification {
    /// The threshold notified first, then every looser one crossed with it: all are recorded.
    pub keys: Vec<String>,
    /// The tightest threshold, as it reads ("7 days", "expired").
    pub label: String,
    pub severity: Severity,
    pub days_left: i64,
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    use super::*;

    const NOT_AFTER: OffsetDateTime = datetime!(2027-01-01 00:00 UTC);

    fn validity() -> Validity {
        Validity { not_before: datetime!(2026-01-01 00:00 UTC), not_after: NOT_AFTER }
    }

    fn at_days_left(days: i64) -> OffsetDateTime {
        NOT_AFTER - Duration::days(days) + Duration::hours(1)
    }

    #[test]
    fn the_tightest_threshold_is_notified_and_looser_ones_are_passed_with_it() {
        let policy = ExpiryPolicy::default();
        assert_eq!(policy.due(&validity(), &[], None, at_days_left(61)), None);
        let due = policy.due(&validity(), &[], None, at_days_left(5)).unwrap();
        assert_eq!(due.keys, ["7d", "14d", "30d", "60d"]);
        assert_eq!(due.label, "7 days");
        assert_eq!(due.severity, Severity::Critical);
        assert_eq!(due.days_left, 4);
        let notified: Vec<String> = due.keys.clone();
        assert_eq!(policy.due(&validity(), &notified, None, at_days_left(4)), None);
        let next = policy.due(&validity(), &notified, None, at_days_left(3)).unwrap();
        assert_eq!(next.keys[0], "3d");
    }

    #[test]
    fn recorded_keys_read_as_their_thresholds() {
        assert_eq!(label_of_key("30d").as_deref(), Some("30 days"));
        assert_eq!(label_of_key("1d").as_deref(), Some("1 day"));
        assert_eq!(label_of_key("10%").as_deref(), Some("10% of its lifetime"));
        assert_eq!(label_of_key("expired").as_deref(), Some("expired"));
        assert_eq!(label_of_key("published"), None);
    }

    #[test]
    fn severity_moves_from_ok_to_warning_to_critical_to_expired() {
        let policy = ExpiryPolicy::default();
        assert_eq!(policy.severity(&validity(), at_days_left(100)), Severity::Ok);
        assert_eq!(policy.severity(&validity(), at_days_left(59)), Severity::Warning);
        assert_eq!(policy.severity(&validity(), at_days_left(7)), Severity::Critical);
        assert_eq!(policy.severity(&validity(), NOT_AFTER), Severity::Expired);
        let due = policy.due(&validity(), &["1d".to_owned()], None, NOT_AFTER + Duration::hours(1)).unwrap();
        assert_eq!(due.keys[0], EXPIRED_KEY);
        assert_eq!(due.severity, Severity::Expired);
    }

    #[test]
    fn a_percent_threshold_is_crossed_at_that_share_of_the_lifetime() {
        let policy = ExpiryPolicy { thresholds: vec![Threshold::Percent(10)], critical_days: 0 };
        // A 365-day certificate: 10 % is 36.5 days before the end.
        assert_eq!(policy.due(&validity(), &[], None, at_days_left(37)), None);
        let due = policy.due(&validity(), &[], None, at_days_left(36)).unwrap();
        assert_eq!(due.keys, ["10%"]);
        assert_eq!(due.label, "10% of its lifetime");
        assert_eq!(due.severity, Severity::Warning);
    }

    #[test]
    fn a_snooze_silences_until_it_ends_and_the_current_threshold_follows() {
        let policy = ExpiryPolicy::default();
        let until = at_days_left(10);
        assert_eq!(policy.due(&validity(), &[], Some(until), at_days_left(20)), None);
        let due = policy.due(&validity(), &[], Some(until), at_days_left(9)).unwrap();
        assert_eq!(due.keys[0], "14d");
    }

    #[test]
    fn bad_policies_are_refused_with_the_field() {
        let refused = |policy: ExpiryPolicy| match policy.validated() {
            Err(DeskError::InvalidInput { field, message }) => (field, message),
            other => panic!("{other:?}"),
        };
        assert_eq!(refused(ExpiryPolicy { thresholds: vec![], critical_days: 7 }).0, "thresholds");
        assert!(refused(ExpiryPolicy { thresholds: vec![Threshold::Days(0)], critical_days: 7 }).1.contains("1 to"));
        assert!(refused(ExpiryPolicy { thresholds: vec![Threshold::Percent(100)], critical_days: 7 }).1.contains("99"));
        assert!(refused(ExpiryPolicy { thresholds: vec![Threshold::Days(7), Threshold::Days(7)], critical_days: 7 })
            .1
            .contains("twice"));
        assert_eq!(
            refused(ExpiryPolicy { thresholds: vec![Threshold::Days(7)], critical_days: 4000 }).0,
            "criticalDays"
        );
        let sorted = ExpiryPolicy {
            thresholds: vec![Threshold::Days(7), Threshold::Percent(5), Threshold::Days(30)],
            critical_days: 3,
        }
        .validated()
        .unwrap();
        assert_eq!(sorted.thresholds, [Threshold::Days(30), Threshold::Days(7), Threshold::Percent(5)]);
    }
}
