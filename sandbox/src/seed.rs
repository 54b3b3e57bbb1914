//! The deterministic starting world. IDs are 20-character alphanumerics like the
//! API's; the location id is the one the official spec uses in its examples.

use crate::state::{Contact, Location, Opportunity, State, User, Workflow};
use std::collections::BTreeMap;

/// A Private Integration Token look-alike; `--token` overrides it.
pub const TOKEN: &str = "pit-sandbox-6c1f2d0e-4b7a-4a8e-9c3d-2f5e8a1b7c90";

pub const LOCATION_ID: &str = "ve9EPM428h8vShlRW1KT";
pub const USER_AVA: &str = "OhbVrpoiVgRV5IfLBcbf";
pub const USER_BEN: &str = "noGMbJmTPSIAoCLrZ3aW";
pub const USER_CHLOE: &str = "ZkSBvrjn9Wvgfygw2wMq";
/// Followed by Ava, tagged `vip`.
pub const CONTACT_JORDAN: &str = "ZcUDIh7yfJs1ON43xKmT";
pub const CONTACT_PRIYA: &str = "ecQoXsf2o3gyrDO1xkxw";
pub const CONTACT_MARCUS: &str = "nQrS7RPeMOkIUpkDyr7O";
/// Followed by Ben.
pub const OPPORTUNITY_ID: &str = "SJoRu1XXdo0cZuzren68";
pub const WORKFLOW_ID: &str = "K4TunPFz46PDjqipVJIq";
pub const PIPELINE_ID: &str = "VLB5LzxoiGFfWd3hjOkY";

const SEEDED_AT: &str = "2025-01-15T09:30:00.000Z";

fn s(x: &str) -> String {
    x.to_string()
}

pub fn user(id: &str, first: &str, last: &str, email: &str) -> User {
    User {
        id: s(id),
        first_name: s(first),
        last_name: s(last),
        email: s(email),
    }
}

pub fn contact(id: &str, first: &str, last: &str, email: &str, phone: &str, company: &str) -> Contact {
    Contact {
        id: s(id),
        first_name: s(first),
        last_name: s(last),
        email: s(email),
        phone: s(phone),
        company_name: s(company),
        source: s("public api"),
        assigned_to: s(USER_AVA),
        tags: Vec::new(),
        followers: Vec::new(),
        date_added: s(SEEDED_AT),
        date_updated: s(SEEDED_AT),
    }
}

pub fn seed() -> State {
    let mut jordan = contact(
        CONTACT_JORDAN,
        "Jordan",
        "Lee",
        "jordan.lee@example.com",
        "+15555550101",
        "Lee Landscaping",
    );
    jordan.tags = vec![s("vip")];
    jordan.followers = vec![s(USER_AVA)];
    State {
        location: Location {
            id: s(LOCATION_ID),
            name: s("Sandbox Dental (fake)"),
            timezone: s("America/New_York"),
        },
        users: vec![
            user(USER_AVA, "Ava", "Nguyen", "ava.nguyen@example.com"),
            user(USER_BEN, "Ben", "Carter", "ben.carter@example.com"),
            user(USER_CHLOE, "Chloe", "Diaz", "chloe.diaz@example.com"),
        ],
        contacts: vec![
            jordan,
            contact(
                CONTACT_PRIYA,
                "Priya",
                "Shah",
                "priya.shah@example.com",
                "+15555550102",
                "Shah Consulting",
            ),
            contact(
                CONTACT_MARCUS,
                "Marcus",
                "Webb",
                "marcus.webb@example.com",
                "+15555550103",
                "Webb & Sons",
            ),
        ],
        opportunities: vec![Opportunity {
            id: s(OPPORTUNITY_ID),
            name: s("Jordan Lee - website redesign"),
            contact_id: s(CONTACT_JORDAN),
            pipeline_id: s(PIPELINE_ID),
            status: s("open"),
            monetary_value: 4_500,
            assigned_to: s(USER_BEN),
            followers: vec![s(USER_BEN)],
            created_at: s(SEEDED_AT),
            updated_at: s(SEEDED_AT),
        }],
        workflows: vec![Workflow {
            id: s(WORKFLOW_ID),
            name: s("New Lead Nurture"),
            status: s("published"),
        }],
        enrollments: Vec::new(),
        request_count: 0,
        operation_calls: BTreeMap::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_look_like_the_apis() {
        let ids = [
            LOCATION_ID,
            USER_AVA,
            USER_BEN,
            USER_CHLOE,
            CONTACT_JORDAN,
            CONTACT_PRIYA,
            CONTACT_MARCUS,
            OPPORTUNITY_ID,
            WORKFLOW_ID,
            PIPELINE_ID,
        ];
        for id in ids {
            assert_eq!(id.len(), 20, "{id}");
            assert!(id.bytes().all(|b| b.is_ascii_alphanumeric()), "{id}");
        }
        let mut uniq = ids.to_vec();
        uniq.sort_unstable();
        uniq.dedup();
        assert_eq!(uniq.len(), ids.len());
    }

    #[test]
    fn seed_is_deterministic_and_shaped() {
        let a = seed();
        assert_eq!(a, seed());
        assert_eq!(a.users.len(), 3);
        assert_eq!(a.contacts.len(), 3);
        assert_eq!(a.contacts[0].followers, vec![USER_AVA.to_string()]);
        assert_eq!(a.contacts[0].tags, vec!["vip".to_string()]);
        assert_eq!(a.opportunities[0].followers, vec![USER_BEN.to_string()]);
        assert_eq!(a.workflows.len(), 1);
    }
}
