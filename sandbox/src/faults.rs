//! Injected faults, so clients can be proven against a gateway as rough as the
//! real one: `--faults 429=0.2,503=0.05,reset-before=0.02,reset-after=0.01,stall=0.005`
//! gives each API request those chances, drawn from a seeded generator so a run
//! repeats; `X-Sandbox-Fault: <name>` forces one on one request. Pure: the HTTP
//! layer (`http`, `conn`) carries the faults out.

use serde_json::{Map, Value};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Fault {
    /// 429 with `Retry-After: 1`; nothing applied.
    TooMany,
    /// 503 with an API-style error body; nothing applied.
    Unavailable,
    /// The connection is dropped with no answer; nothing applied.
    ResetBefore,
    /// The request is applied, then the connection is dropped with no answer.
    ResetAfter,
    /// No answer ever (the connection is held until the client goes away).
    Stall,
}

impl Fault {
    pub const ALL: [Fault; 5] = [
        Fault::TooMany,
        Fault::Unavailable,
        Fault::ResetBefore,
        Fault::ResetAfter,
        Fault::Stall,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Fault::TooMany => "429",
            Fault::Unavailable => "503",
            Fault::ResetBefore => "reset-before",
            Fault::ResetAfter => "reset-after",
            Fault::Stall => "stall",
        }
    }

    pub fn from_name(name: &str) -> Option<Fault> {
        Fault::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The known names, for messages.
fn known() -> String {
    let names: Vec<&str> = Fault::ALL.iter().map(|f| f.name()).collect();
    names.join(", ")
}

/// Probability resolution: parts per billion (exact enough, and `Eq`).
const SCALE: u64 = 1_000_000_000;

/// Each fault's chance per API request, in parts per billion (`Fault::ALL` order).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FaultSpec {
    ppb: [u64; 5],
}

impl FaultSpec {
    /// Parses `name=probability,...`; `""` or `none` = no faults. Errors name
    /// the offending part.
    pub fn parse(text: &str) -> Result<FaultSpec, String> {
        let mut spec = FaultSpec::default();
        let text = text.trim();
        if text.is_empty() || text == "none" {
            return Ok(spec);
        }
        let mut total = 0.0;
        let mut seen = [false; 5];
        for part in text.split(',').map(str::trim) {
            let Some((name, p)) = part.split_once('=') else {
                return Err(format!("--faults: {part:?} is not name=probability"));
            };
            let Some(fault) = Fault::from_name(name.trim()) else {
                return Err(format!(
                    "--faults: unknown fault {:?} in {part:?} (known: {})",
                    name.trim(),
                    known()
                ));
            };
            let p = match p.trim().parse::<f64>() {
                Ok(p) if (0.0..=1.0).contains(&p) => p,
                _ => {
                    return Err(format!(
                        "--faults: probability in {part:?} must be a number from 0 to 1"
                    ))
                }
            };
            if std::mem::replace(&mut seen[fault as usize], true) {
                return Err(format!("--faults: {:?} given twice", fault.name()));
            }
            spec.ppb[fault as usize] = (p * SCALE as f64).round() as u64;
            total += p;
        }
        if total > 1.0 + 1e-9 {
            return Err(format!(
                "--faults: probabilities sum to {total}, more than 1 ({text:?})"
            ));
        }
        Ok(spec)
    }

    pub fn is_empty(&self) -> bool {
        self.ppb.iter().all(|&p| p == 0)
    }

    pub fn probability(&self, fault: Fault) -> f64 {
        self.ppb[fault as usize] as f64 / SCALE as f64
    }

    /// The fault a uniform 64-bit `roll` selects, if any.
    pub fn pick(&self, roll: u64) -> Option<Fault> {
        let mut x = roll % SCALE;
        for fault in Fault::ALL {
            let p = self.ppb[fault as usize];
            if x < p {
                return Some(fault);
            }
            x -= p;
        }
        None
    }

    /// `{"429":0.2,...}`, only the faults with a chance (for `SANDBOX_JSON`).
    pub fn to_json(&self) -> Value {
        let mut out = Map::new();
        for fault in Fault::ALL.into_iter().filter(|&f| self.ppb[f as usize] > 0) {
            out.insert(fault.name().to_string(), self.probability(fault).into());
        }
        Value::Object(out)
    }
}

impl fmt::Display for FaultSpec {
    /// The spec in `--faults` syntax (`none` when empty).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return f.write_str("none");
        }
        let parts: Vec<String> = Fault::ALL
            .into_iter()
            .filter(|&x| self.ppb[x as usize] > 0)
            .map(|x| format!("{}={}", x.name(), self.probability(x)))
            .collect();
        f.write_str(&parts.join(","))
    }
}

/// splitmix64: tiny, fast, and good enough to spread faults; the same seed
/// always gives the same sequence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SplitMix64(u64);

impl SplitMix64 {
    pub fn new(seed: u64) -> Self {
        SplitMix64(seed)
    }

    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// What `X-Sandbox-Fault` asks for: `Ok(None)` for `none` (no fault on this
/// request); an unknown name is an error message for a 400.
pub fn forced(value: &str) -> Result<Option<Fault>, String> {
    let name = value.trim();
    if name.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    Fault::from_name(&name.to_ascii_lowercase())
        .map(Some)
        .ok_or_else(|| format!("X-Sandbox-Fault must be one of {}, none", known()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FULL: &str = "429=0.2,503=0.05,reset-before=0.02,reset-after=0.01,stall=0.005";

    #[test]
    fn parses_and_prints_the_documented_spec() {
        let s = FaultSpec::parse(FULL).expect("valid");
        assert_eq!(s.to_string(), FULL);
        assert_eq!(s.probability(Fault::Stall), 0.005);
        assert_eq!(
            s.to_json(),
            serde_json::json!({"429":0.2,"503":0.05,"reset-before":0.02,"reset-after":0.01,"stall":0.005})
        );
        let some = FaultSpec::parse(" 503 = 0.5 ").expect("spaces");
        assert_eq!(some.to_string(), "503=0.5");
        assert!(FaultSpec::parse("").expect("empty").is_empty());
        assert_eq!(FaultSpec::parse("none").expect("none").to_string(), "none");
        assert!(FaultSpec::parse("stall=1").is_ok());
    }

    #[test]
    fn errors_name_the_bad_part() {
        let e = |t: &str| FaultSpec::parse(t).expect_err(t);
        assert!(e("429=0.2,boom=0.1").contains("\"boom\""));
        assert!(e("429=0.2,503").contains("\"503\" is not name=probability"));
        assert!(e("503=abc").contains("\"503=abc\""));
        assert!(e("503=1.5").contains("from 0 to 1"));
        assert!(e("503=-0.1").contains("\"503=-0.1\""));
        assert!(e("503=NaN").contains("\"503=NaN\""));
        assert!(e("503=0.1,503=0.2").contains("twice"));
        assert!(e("503=0,503=0.2").contains("twice"));
        assert!(e("429=0.6,503=0.5").contains("sum to"));
        assert!(e("429=0.2,,503=0.1").contains("\"\""));
    }

    #[test]
    fn pick_follows_the_cumulative_ranges() {
        let s = FaultSpec::parse("429=0.5,stall=0.25").expect("valid");
        assert_eq!(s.pick(0), Some(Fault::TooMany));
        assert_eq!(s.pick(499_999_999), Some(Fault::TooMany));
        assert_eq!(s.pick(500_000_000), Some(Fault::Stall));
        assert_eq!(s.pick(749_999_999), Some(Fault::Stall));
        assert_eq!(s.pick(750_000_000), None);
        assert_eq!(s.pick(SCALE + 1), Some(Fault::TooMany));
        assert_eq!(FaultSpec::default().pick(0), None);
    }

    #[test]
    fn same_seed_same_draws_and_frequencies_match() {
        let s = FaultSpec::parse(FULL).expect("valid");
        let draws = |seed| {
            let mut rng = SplitMix64::new(seed);
            (0..200_000).map(|_| s.pick(rng.next_u64())).collect::<Vec<_>>()
        };
        let a = draws(1);
        assert_eq!(a, draws(1));
        assert_ne!(a, draws(2));
        for fault in Fault::ALL {
            let n = a.iter().filter(|&&d| d == Some(fault)).count() as f64;
            let want = s.probability(fault) * 200_000.0;
            assert!((n - want).abs() < 5.0 * want.sqrt() + 5.0, "{fault:?}: {n} vs {want}");
        }
    }

    #[test]
    fn forced_header_names() {
        assert_eq!(forced("503"), Ok(Some(Fault::Unavailable)));
        assert_eq!(forced(" Reset-After "), Ok(Some(Fault::ResetAfter)));
        assert_eq!(forced("none"), Ok(None));
        assert!(forced("teapot").is_err_and(|e| e.contains("reset-before")));
    }
}
