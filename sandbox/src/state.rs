//! The sandbox's in-memory world and the pure operations on it. No HTTP here.

use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

#[derive(Clone, Debug, PartialEq)]
pub struct Location {
    pub id: String,
    pub name: String,
    pub timezone: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct User {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Contact {
    pub id: String,
    pub first_name: String,
    pub last_name: String,
    pub email: String,
    pub phone: String,
    pub company_name: String,
    pub source: String,
    pub assigned_to: String,
    pub tags: Vec<String>,
    pub followers: Vec<String>,
    pub date_added: String,
    pub date_updated: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Opportunity {
    pub id: String,
    pub name: String,
    pub contact_id: String,
    pub pipeline_id: String,
    pub status: String,
    pub monetary_value: u64,
    pub assigned_to: String,
    pub followers: Vec<String>,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Workflow {
    pub id: String,
    pub name: String,
    pub status: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Enrollment {
    pub contact_id: String,
    pub workflow_id: String,
    pub event_start_time: Option<String>,
    pub enrolled_at: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct State {
    pub location: Location,
    pub users: Vec<User>,
    pub contacts: Vec<Contact>,
    pub opportunities: Vec<Opportunity>,
    pub workflows: Vec<Workflow>,
    pub enrollments: Vec<Enrollment>,
    /// Every API request seen (not preflights, not `/__sandbox/*`), refused ones included.
    pub request_count: u64,
    /// Calls that reached an operation's handler, by operation id.
    pub operation_calls: BTreeMap<String, u64>,
}

/// Appends the items not already present (set semantics, first-insertion
/// order kept); returns those actually added, each once.
pub fn add_to_set(set: &mut Vec<String>, items: &[String]) -> Vec<String> {
    let mut added = Vec::new();
    for item in items {
        if !set.contains(item) {
            set.push(item.clone());
            added.push(item.clone());
        }
    }
    added
}

/// Removes the items present; absent ones are ignored. Returns those actually removed.
pub fn remove_from_set(set: &mut Vec<String>, items: &[String]) -> Vec<String> {
    let mut removed = Vec::new();
    for item in items {
        if let Some(pos) = set.iter().position(|x| x == item) {
            removed.push(set.remove(pos));
        }
    }
    removed
}

impl User {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
    }

    pub fn to_json(&self) -> Value {
        json!({
            "id": self.id,
            "name": self.name(),
            "firstName": self.first_name,
            "lastName": self.last_name,
            "email": self.email,
        })
    }
}

impl Contact {
    pub fn name(&self) -> String {
        format!("{} {}", self.first_name, self.last_name)
            .trim()
            .to_string()
    }

    /// Shaped after the spec's `GetContectByIdSchema`, plus `followers`.
    pub fn to_json(&self, location_id: &str, timezone: &str) -> Value {
        let name = self.name();
        json!({
            "id": self.id,
            "name": name,
            "locationId": location_id,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "firstNameLowerCase": self.first_name.to_lowercase(),
            "lastNameLowerCase": self.last_name.to_lowercase(),
            "fullNameLowerCase": name.to_lowercase(),
            "email": self.email,
            "emailLowerCase": self.email.to_lowercase(),
            "timezone": timezone,
            "companyName": self.company_name,
            "phone": self.phone,
            "dnd": false,
            "type": "lead",
            "source": self.source,
            "assignedTo": self.assigned_to,
            "country": "US",
            "tags": self.tags,
            "followers": self.followers,
            "customFields": [],
            "dateAdded": self.date_added,
            "dateUpdated": self.date_updated,
        })
    }
}

impl Opportunity {
    pub fn to_json(&self, location_id: &str) -> Value {
        json!({
            "id": self.id,
            "name": self.name,
            "locationId": location_id,
            "contactId": self.contact_id,
            "pipelineId": self.pipeline_id,
            "status": self.status,
            "monetaryValue": self.monetary_value,
            "assignedTo": self.assigned_to,
            "followers": self.followers,
            "createdAt": self.created_at,
            "updatedAt": self.updated_at,
        })
    }
}

impl Workflow {
    pub fn to_json(&self, location_id: &str) -> Value {
        json!({ "id": self.id, "name": self.name, "status": self.status, "locationId": location_id })
    }
}

impl Enrollment {
    pub fn to_json(&self) -> Value {
        json!({
            "contactId": self.contact_id,
            "workflowId": self.workflow_id,
            "eventStartTime": self.event_start_time,
            "enrolledAt": self.enrolled_at,
        })
    }
}

impl State {
    pub fn contact(&self, id: &str) -> Option<&Contact> {
        self.contacts.iter().find(|c| c.id == id)
    }

    /// The contact, taking in a listed-world contact on first touch.
    pub fn contact_mut(&mut self, id: &str) -> Option<&mut Contact> {
        if !self.contacts.iter().any(|c| c.id == id) {
            self.contacts.push(crate::lists::world_contact(id)?);
        }
        self.contacts.iter_mut().find(|c| c.id == id)
    }

    pub fn opportunity_mut(&mut self, id: &str) -> Option<&mut Opportunity> {
        self.opportunities.iter_mut().find(|o| o.id == id)
    }

    pub fn workflow(&self, id: &str) -> Option<&Workflow> {
        self.workflows.iter().find(|w| w.id == id)
    }

    pub fn count_call(&mut self, op_id: &str) {
        *self.operation_calls.entry(op_id.to_string()).or_insert(0) += 1;
    }

    pub fn contact_json(&self, c: &Contact) -> Value {
        c.to_json(&self.location.id, &self.location.timezone)
    }

    /// The whole world for `GET /__sandbox/state` (never includes the token).
    pub fn to_json(&self) -> Value {
        let loc = &self.location.id;
        let calls: Map<String, Value> = self
            .operation_calls
            .iter()
            .map(|(k, v)| (k.clone(), json!(v)))
            .collect();
        json!({
            "location": { "id": loc, "name": self.location.name, "timezone": self.location.timezone },
            "users": self.users.iter().map(User::to_json).collect::<Vec<_>>(),
            "contacts": self.contacts.iter().map(|c| self.contact_json(c)).collect::<Vec<_>>(),
            "opportunities": self.opportunities.iter().map(|o| o.to_json(loc)).collect::<Vec<_>>(),
            "workflows": self.workflows.iter().map(|w| w.to_json(loc)).collect::<Vec<_>>(),
            "workflowEnrollments": self.enrollments.iter().map(Enrollment::to_json).collect::<Vec<_>>(),
            "requestCount": self.request_count,
            "operationCalls": calls,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(items: &[&str]) -> Vec<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn add_is_a_set_keeping_first_insertion_order() {
        let mut set = v(&["a"]);
        assert_eq!(
            add_to_set(&mut set, &v(&["b", "a", "c", "b"])),
            v(&["b", "c"])
        );
        assert_eq!(set, v(&["a", "b", "c"]));
        assert!(add_to_set(&mut set, &v(&["c", "a"])).is_empty());
        assert_eq!(set, v(&["a", "b", "c"]));
    }

    #[test]
    fn remove_ignores_absent_and_reports_removed() {
        let mut set = v(&["a", "b", "c"]);
        assert_eq!(remove_from_set(&mut set, &v(&["zz", "b", "b"])), v(&["b"]));
        assert_eq!(set, v(&["a", "c"]));
        assert!(remove_from_set(&mut set, &v(&["q"])).is_empty());
    }

    #[test]
    fn state_json_has_every_section_and_no_token() {
        let s = crate::seed::seed();
        let j = s.to_json();
        for key in [
            "location",
            "users",
            "contacts",
            "opportunities",
            "workflows",
            "workflowEnrollments",
            "requestCount",
            "operationCalls",
        ] {
            assert!(j.get(key).is_some(), "{key}");
        }
        assert!(!j.to_string().contains(crate::seed::TOKEN));
    }
}
