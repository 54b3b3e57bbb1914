//! Command-line parsing and the start-up summary (pure; `main.rs` does the I/O).

use crate::seed;
use crate::state::State;
use crate::faults::FaultSpec;
use crate::{Config, DEFAULT_PORT};
use serde_json::{json, Value};

pub const USAGE: &str = "\
highlevel-sandbox: in-memory fake of the HighLevel API v2 (binds 127.0.0.1 only)

USAGE: highlevel-sandbox [--port N] [--burst N] [--interval-ms N] [--daily N] [--token T]
                         [--faults SPEC] [--seed N] [--log]
                         [--client-id ID] [--client-secret S] [--token-ttl-s N]

  --port N          TCP port on 127.0.0.1; 0 = ephemeral (default 8787)
  --burst N         requests allowed in any rate-limit window (default 100)
  --interval-ms N   sliding rate-limit window length in ms (default 10000)
  --daily N         requests allowed per 24 h (default 200000)
  --token T         bearer token to accept instead of the seeded one
  --faults SPEC     chance of each fault per API request, e.g.
                    429=0.2,503=0.05,reset-before=0.02,reset-after=0.01,stall=0.005
                    (sum <= 1; default none). A request header
                    X-Sandbox-Fault: <name> forces one on that request.
  --seed N          seed of the fault draws, so a run repeats (default 1)
  --log             one line per request on stderr (never headers or token)
  --client-id ID    the sandbox marketplace app's OAuth client id
  --client-secret S the sandbox marketplace app's OAuth client secret
  --token-ttl-s N   lifetime of OAuth access tokens in seconds (default 86399)
  -h, --help        this text

On start prints a summary, then one line `SANDBOX_JSON {...}` for scripts.
GET /__sandbox/state dumps the state, GET /__sandbox/journal lists the applied
mutations; POST /__sandbox/reset restores the seed and empties the journal.";

#[derive(Debug, PartialEq, Eq)]
pub enum Cli {
    Run { port: u16, config: Config },
    Help,
}

fn number<T>(flag: &str, value: &str, min: T) -> Result<T, String>
where
    T: std::str::FromStr + PartialOrd + std::fmt::Display,
{
    match value.parse::<T>() {
        Ok(n) if n >= min => Ok(n),
        _ => Err(format!("{flag} expects an integer >= {min}, got {value:?}")),
    }
}

/// Parses the arguments after the program name. Both `--flag value` and `--flag=value` work.
pub fn parse<I: IntoIterator<Item = String>>(args: I) -> Result<Cli, String> {
    let mut port = DEFAULT_PORT;
    let mut config = Config::default();
    let mut args = args.into_iter();
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        match flag.as_str() {
            "-h" | "--help" => return Ok(Cli::Help),
            "--log" => config.log = true,
            "--port" | "--burst" | "--interval-ms" | "--daily" | "--token" | "--faults"
            | "--seed" | "--client-id" | "--client-secret" | "--token-ttl-s" => {
                let value = match inline.or_else(|| args.next()) {
                    Some(v) => v,
                    None => return Err(format!("{flag} needs a value")),
                };
                match flag.as_str() {
                    "--port" => port = number(&flag, &value, 0u16)?,
                    "--burst" => config.limits.burst = number(&flag, &value, 1u32)?,
                    "--interval-ms" => config.limits.interval_ms = number(&flag, &value, 1u64)?,
                    "--daily" => config.limits.daily = number(&flag, &value, 1u32)?,
                    "--seed" => config.seed = number(&flag, &value, 0u64)?,
                    "--faults" => config.faults = FaultSpec::parse(&value)?,
                    "--token-ttl-s" => config.oauth.token_ttl_s = number(&flag, &value, 1u64)?,
                    "--client-id" | "--client-secret" => {
                        if value.is_empty() || !value.bytes().all(|b| b.is_ascii_graphic()) {
                            return Err(format!("{flag} must be non-empty visible ASCII"));
                        }
                        if flag == "--client-id" {
                            config.oauth.client_id = value;
                        } else {
                            config.oauth.client_secret = value;
                        }
                    }
                    _ => {
                        let ok = !value.is_empty() && value.bytes().all(|b| b.is_ascii_graphic());
                        if !ok {
                            return Err("--token must be non-empty visible ASCII without spaces"
                                .to_string());
                        }
                        config.token = value;
                    }
                }
            }
            other => return Err(format!("unknown argument {other:?} (try --help)")),
        }
    }
    Ok(Cli::Run { port, config })
}

/// The single-line JSON printed after `SANDBOX_JSON `.
pub fn summary_json(port: u16, token: &str, config: &Config, state: &State) -> Value {
    json!({
        "baseUrl": format!("http://127.0.0.1:{port}"),
        "port": port,
        "token": token,
        "locationId": state.location.id,
        "users": state.users.iter().map(|u| json!({ "id": u.id, "name": u.name(), "email": u.email })).collect::<Vec<_>>(),
        "contacts": state.contacts.iter().map(|c| json!({
            "id": c.id,
            "firstName": c.first_name,
            "lastName": c.last_name,
            "email": c.email,
            "tags": c.tags,
            "followers": c.followers,
        })).collect::<Vec<_>>(),
        "opportunityId": seed::OPPORTUNITY_ID,
        "workflowId": seed::WORKFLOW_ID,
        "faults": config.faults.to_json(),
        "seed": config.seed,
        "webhooks": crate::webhooks::public_keys(),
        "clientId": config.oauth.client_id,
        "clientSecret": config.oauth.client_secret,
        "companyId": crate::oauth::COMPANY_ID,
        "tokenTtlS": config.oauth.token_ttl_s,
    })
}

/// The human-readable lines printed before `SANDBOX_JSON`.
pub fn summary_text(port: u16, token: &str, config: &Config, state: &State) -> String {
    let mut out = format!(
        "highlevel-sandbox listening on http://127.0.0.1:{port}\n  token:       {token}\n  location:    {} ({})\n",
        state.location.id, state.location.name
    );
    for u in &state.users {
        out.push_str(&format!(
            "  user:        {} {} <{}>\n",
            u.id,
            u.name(),
            u.email
        ));
    }
    for c in &state.contacts {
        let extra = if c.followers.is_empty() {
            String::new()
        } else {
            format!(" followers={:?} tags={:?}", c.followers, c.tags)
        };
        out.push_str(&format!("  contact:     {} {}{extra}\n", c.id, c.name()));
    }
    for o in &state.opportunities {
        out.push_str(&format!(
            "  opportunity: {} {:?} followers={:?}\n",
            o.id, o.name, o.followers
        ));
    }
    for w in &state.workflows {
        out.push_str(&format!("  workflow:    {} {:?}\n", w.id, w.name));
    }
    out.push_str(&format!(
        "  oauth app:   client id {} secret {} (company {}, tokens live {} s)\n",
        config.oauth.client_id,
        config.oauth.client_secret,
        crate::oauth::COMPANY_ID,
        config.oauth.token_ttl_s
    ));
    let l = config.limits;
    out.push_str(&format!(
        "  rate limit:  {} per {} ms (sliding), {} per day\n  faults:      {} (seed {})\n  \
         state:       GET /__sandbox/state, GET /__sandbox/journal, POST /__sandbox/reset",
        l.burst, l.interval_ms, l.daily, config.faults, config.seed
    ));
    out.push_str(&crate::webhooks::summary_text());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(args: &[&str]) -> Result<Cli, String> {
        parse(args.iter().map(|s| s.to_string()))
    }

    #[test]
    fn defaults() {
        assert_eq!(
            p(&[]),
            Ok(Cli::Run {
                port: 8787,
                config: Config::default()
            })
        );
    }

    #[test]
    fn all_flags_both_spellings() {
        let Ok(Cli::Run { port, config }) = p(&[
            "--port",
            "0",
            "--burst=5",
            "--interval-ms",
            "250",
            "--daily=9",
            "--token",
            "abc",
            "--faults=503=0.5,stall=0.25",
            "--seed",
            "42",
            "--log",
            "--client-id=cid",
            "--client-secret",
            "cs",
            "--token-ttl-s",
            "2",
        ]) else {
            panic!("parse failed");
        };
        assert_eq!(port, 0);
        assert_eq!(
            (
                config.limits.burst,
                config.limits.interval_ms,
                config.limits.daily
            ),
            (5, 250, 9)
        );
        assert_eq!(config.token, "abc");
        assert_eq!(config.faults.to_string(), "503=0.5,stall=0.25");
        assert_eq!(config.seed, 42);
        assert!(config.log);
        assert_eq!((config.oauth.client_id.as_str(), config.oauth.client_secret.as_str(), config.oauth.token_ttl_s), ("cid", "cs", 2));
    }

    #[test]
    fn errors() {
        assert!(p(&["--port"]).is_err());
        assert!(p(&["--port", "70000"]).is_err());
        assert!(p(&["--burst", "0"]).is_err());
        assert!(p(&["--burst", "-1"]).is_err());
        assert!(p(&["--token", ""]).is_err());
        assert!(p(&["--token", "a b"]).is_err());
        assert!(p(&["--bogus"]).is_err());
        assert!(p(&["--seed", "x"]).is_err());
        let bad = p(&["--faults", "429=0.2,boom=0.1"]);
        assert!(bad.is_err_and(|e| e.contains("boom")));
        assert_eq!(p(&["--help"]), Ok(Cli::Help));
    }

    #[test]
    fn summary_has_the_documented_fields() {
        let s = seed::seed();
        let config = Config {
            faults: FaultSpec::parse("503=0.05").expect("spec"),
            ..Config::default()
        };
        let j = summary_json(4321, "tok", &config, &s);
        assert_eq!(j["baseUrl"], "http://127.0.0.1:4321");
        assert_eq!(j["port"], 4321);
        assert_eq!(j["token"], "tok");
        assert_eq!(j["locationId"], seed::LOCATION_ID);
        assert_eq!(j["users"].as_array().map(Vec::len), Some(3));
        assert_eq!(j["users"][0]["name"], "Ava Nguyen");
        assert_eq!(j["contacts"].as_array().map(Vec::len), Some(3));
        assert_eq!(j["contacts"][0]["firstName"], "Jordan");
        assert_eq!(j["opportunityId"], seed::OPPORTUNITY_ID);
        assert_eq!(j["workflowId"], seed::WORKFLOW_ID);
        assert_eq!(j["faults"], serde_json::json!({"503": 0.05}));
        assert_eq!(j["seed"], 1);
        assert_eq!(j["clientId"], crate::oauth::CLIENT_ID);
        assert_eq!(j["clientSecret"], crate::oauth::CLIENT_SECRET);
        assert_eq!(j["tokenTtlS"], 86_399);
        assert!(!j.to_string().contains('\n'));
        let text = summary_text(4321, "tok", &config, &s);
        assert!(text.contains("http://127.0.0.1:4321") && text.contains(seed::WORKFLOW_ID));
        assert!(text.contains("faults:      503=0.05 (seed 1)"));
    }
}
