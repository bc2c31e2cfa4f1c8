//! Retry delays: full-jitter exponential back-off that honours `Retry-After`.

use std::time::Duration;

use rand::Rng;

/// Full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"): the delay before retry
/// `n` is uniform in `[0, min(cap, base * 2^n)]`. Spreading retries uniformly keeps many clients
/// that failed together from retrying together.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub cap: Duration,
}

impl Backoff {
    /// The upper bound of the delay before retry `attempt` (0-based).
    pub fn ceiling(&self, attempt: u32) -> Duration {
        let factor = 2u32.checked_pow(attempt.min(31)).unwrap_or(u32::MAX);
        self.base.checked_mul(factor).unwrap_or(self.cap).min(self.cap)
    }

    /// The delay before retry `attempt`. When the backend sent `Retry-After`, the delay is never
    /// shorter than that.
    pub fn delay(&self, attempt: u32, retry_after: Option<Duration>, rng: &mut impl Rng) -> Duration {
        let ceiling = self.ceiling(attempt);
        let jittered = if ceiling.is_zero() { ceiling } else { rng.gen_range(Duration::ZERO..=ceiling) };
        match retry_after {
            Some(asked) => jittered.max(asked),
            None => jittered,
        }
    }
}

#[cfg(test)]
mod tests {
    use rand::SeedableRng;

    use super::*;

    const BACKOFF: Backoff = Backoff { base: Duration::from_millis(500), cap: Duration::from_secs(60) };

    #[test]
    fn ceiling_doubles_up_to_the_cap() {
        assert_eq!(BACKOFF.ceiling(0), Duration::from_millis(500));
        assert_eq!(BACKOFF.ceiling(1), Duration::from_secs(1));
        assert_eq!(BACKOFF.ceiling(3), Duration::from_secs(4));
        assert_eq!(BACKOFF.ceiling(7), Duration::from_secs(60));
        assert_eq!(BACKOFF.ceiling(1_000), Duration::from_secs(60));
    }

    #[test]
    fn delays_stay_within_the_ceiling_and_spread_out() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(7);
        let delays: Vec<_> = (0..200).map(|_| BACKOFF.delay(4, None, &mut rng)).collect();
        assert!(delays.iter().all(|d| *d <= Duration::from_secs(8)));
        let distinct: std::collections::HashSet<_> = delays.iter().collect();
        assert!(distinct.len() > 150, "full jitter spreads retries");
        assert!(delays.iter().any(|d| *d < Duration::from_secs(2)));
    }

    #[test]
    fn retry_after_is_a_floor() {
        let mut rng = rand::rngs::StdRng::seed_from_u64(1);
        for _ in 0..50 {
            assert!(BACKOFF.delay(0, Some(Duration::from_secs(30)), &mut rng) >= Duration::from_secs(30));
        }
    }
}
