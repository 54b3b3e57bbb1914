//! Request-body checks for the sandbox's operations, with the API's split:
//! 400 when a required list is missing/empty or the body is not a JSON object,
//! 422 (one message per problem) when a field has the wrong type or format.

use highlevel_wasm::format::is_date_time as is_rfc3339;
use crate::reply::Reply;
use serde_json::{Map, Value};

/// `Ok(None)` for an empty (or all-whitespace) body; `Err(())` when it is not a JSON object.
fn parse_object(body: &[u8]) -> Result<Option<Map<String, Value>>, ()> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(map)) => Ok(Some(map)),
        _ => Err(()),
    }
}

/// A required, non-empty array of non-empty strings under `field`
/// (`followers` of FollowersDTO, `tags` of TagsDTO).
pub fn string_list(body: &[u8], field: &str) -> Result<Vec<String>, Reply> {
    let empty = || Reply::bad_request(&format!("{field} should not be empty"));
    let map = match parse_object(body) {
        Ok(Some(map)) => map,
        Ok(None) | Err(()) => return Err(empty()),
    };
    let items = match map.get(field) {
        None | Some(Value::Null) => return Err(empty()),
        Some(Value::Array(items)) => items,
        Some(_) => {
            return Err(Reply::unprocessable(vec![format!(
                "{field} must be an array"
            )]))
        }
    };
    if items.is_empty() {
        return Err(empty());
    }
    let mut problems = Vec::new();
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let problem = match item {
            Value::String(s) if !s.is_empty() => {
                out.push(s.clone());
                continue;
            }
            Value::String(_) => format!("each value in {field} should not be empty"),
            _ => format!("each value in {field} must be a string"),
        };
        if !problems.contains(&problem) {
            problems.push(problem);
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Reply::unprocessable(problems))
    }
}

/// The optional `{eventStartTime?}` body of add-contact-to-workflow. An empty
/// body, a missing key and `null` all mean "no start time".
pub fn workflow_event_start(body: &[u8]) -> Result<Option<String>, Reply> {
    let map = match parse_object(body) {
        Ok(Some(map)) => map,
        Ok(None) => return Ok(None),
        Err(()) => return Err(Reply::bad_request("body must be a JSON object")),
    };
    match map.get("eventStartTime") {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) if is_rfc3339(s) => Ok(Some(s.clone())),
        Some(Value::String(_)) => Err(Reply::unprocessable(vec![
            "eventStartTime must be a valid ISO 8601 date-time with offset, e.g. 2021-06-23T03:30:00+01:00".to_string(),
        ])),
        Some(_) => Err(Reply::unprocessable(vec!["eventStartTime must be a string".to_string()])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn status(r: Result<impl std::fmt::Debug, Reply>) -> u16 {
        r.err().map_or(200, |e| e.status)
    }

    #[test]
    fn list_ok() {
        assert_eq!(
            string_list(br#"{"followers":["a","b"],"extra":1}"#, "followers").ok(),
            Some(vec!["a".to_string(), "b".to_string()])
        );
    }

    #[test]
    fn list_missing_or_empty_is_400() {
        for body in [
            &b""[..],
            b"  ",
            b"not json",
            b"[]",
            b"[\"a\"]",
            b"{}",
            b"{\"followers\":null}",
            b"{\"followers\":[]}",
            b"{\"tags\":[\"a\"]}",
        ] {
            let r = string_list(body, "followers");
            assert_eq!(status(r.clone()), 400, "{}", String::from_utf8_lossy(body));
            let msg = r
                .err()
                .and_then(|e| e.body)
                .and_then(|b| b["message"].as_str().map(str::to_string));
            assert_eq!(msg.as_deref(), Some("followers should not be empty"));
        }
    }

    #[test]
    fn list_wrong_types_are_422_with_one_message_per_problem() {
        let r = string_list(br#"{"tags":"vip"}"#, "tags");
        assert_eq!(
            r.err().and_then(|e| e.body).map(|b| b["message"].clone()),
            Some(serde_json::json!(["tags must be an array"]))
        );
        let r = string_list(br#"{"followers":[1,"a",true,""]}"#, "followers");
        let e = r.err().map(|e| (e.status, e.body));
        assert_eq!(
            e,
            Some((
                422,
                Some(serde_json::json!({
                    "statusCode": 422,
                    "message": ["each value in followers must be a string", "each value in followers should not be empty"],
                    "error": "Unprocessable Entity"
                }))
            ))
        );
    }

    #[test]
    fn workflow_body_rules() {
        assert_eq!(workflow_event_start(b"").ok(), Some(None));
        assert_eq!(workflow_event_start(b"{}").ok(), Some(None));
        assert_eq!(
            workflow_event_start(br#"{"eventStartTime":null}"#).ok(),
            Some(None)
        );
        assert_eq!(
            workflow_event_start(br#"{"eventStartTime":"2021-06-23T03:30:00+01:00"}"#).ok(),
            Some(Some("2021-06-23T03:30:00+01:00".to_string()))
        );
        assert_eq!(
            status(workflow_event_start(br#"{"eventStartTime":"soon"}"#)),
            422
        );
        assert_eq!(
            status(workflow_event_start(br#"{"eventStartTime":5}"#)),
            422
        );
        assert_eq!(status(workflow_event_start(b"nope")), 400);
        assert_eq!(status(workflow_event_start(b"[1]")), 400);
    }
}
