use super::*;

const T0: u64 = 1_700_000_000_000;

fn form(pairs: &[(&str, &str)]) -> Map<String, Value> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), json!(v)))
        .collect()
}

fn creds(extra: &[(&'static str, &'static str)]) -> Map<String, Value> {
    let mut f = form(&[("client_id", CLIENT_ID), ("client_secret", CLIENT_SECRET)]);
    f.extend(form(extra));
    f
}

fn grant(user_type: &'static str) -> Grant {
    Grant {
        user_type,
        company_id: COMPANY_ID.into(),
        location_id: (user_type == "Location").then(|| crate::seed::LOCATION_ID.to_string()),
        user_id: "u1".into(),
        scope: "contacts.readonly".into(),
    }
}

fn field(v: &Value, k: &str) -> String {
    v.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

fn exchange(o: &mut OAuth, g: Grant) -> Value {
    let code = o.authorize(g, "https://app.test/cb", T0);
    let (status, body) = o.token(
        &creds(&[
            ("grant_type", "authorization_code"),
            ("code", &*code.leak()),
        ]),
        T0,
    );
    assert_eq!(status, 200, "{body}");
    body
}

#[test]
fn code_is_single_use_expires_and_binds_the_redirect_uri() {
    let mut o = OAuth::new(OAuthConfig::default(), 7);
    let code = o.authorize(grant("Location"), "https://app.test/cb", T0);
    let f = |extra: &[(&'static str, &'static str)]| creds(extra);
    let c: &'static str = code.clone().leak();
    let (s, b) = o.token(
        &f(&[
            ("grant_type", "authorization_code"),
            ("code", c),
            ("redirect_uri", "https://app.test/cb"),
        ]),
        T0 + 1,
    );
    assert_eq!(s, 200);
    assert_eq!(field(&b, "userType"), "Location");
    assert_eq!(field(&b, "locationId"), crate::seed::LOCATION_ID);
    assert_eq!(b["expires_in"], DEFAULT_TOKEN_TTL_S);
    assert!(field(&b, "access_token").starts_with(ACCESS_PREFIX));
    let (s, b) = o.token(
        &f(&[("grant_type", "authorization_code"), ("code", c)]),
        T0 + 2,
    );
    assert_eq!((s, field(&b, "error")), (400, "invalid_grant".into()));

    let late: &'static str = o
        .authorize(grant("Location"), "https://app.test/cb", T0)
        .leak();
    let (s, _) = o.token(
        &f(&[("grant_type", "authorization_code"), ("code", late)]),
        T0 + CODE_TTL_MS + 1,
    );
    assert_eq!(s, 400);
    let other: &'static str = o
        .authorize(grant("Location"), "https://app.test/cb", T0)
        .leak();
    let (s, _) = o.token(
        &f(&[
            ("grant_type", "authorization_code"),
            ("code", other),
            ("redirect_uri", "https://evil.test/"),
        ]),
        T0,
    );
    assert_eq!(s, 400);
    assert_eq!(o.stats.code_exchanges, 1);
    assert_eq!(o.stats.refused, 3);
}

#[test]
fn client_credentials_are_checked() {
    let mut o = OAuth::new(OAuthConfig::default(), 7);
    let bad = form(&[
        ("client_id", CLIENT_ID),
        ("client_secret", "nope"),
        ("grant_type", "refresh_token"),
        ("refresh_token", "x"),
    ]);
    let (s, b) = o.token(&bad, T0);
    assert_eq!((s, field(&b, "error")), (401, "invalid_client".into()));
    assert!(!b.to_string().contains(CLIENT_SECRET));
    let (s, _) = o.token(&form(&[("grant_type", "refresh_token")]), T0);
    assert_eq!(s, 422);
}

#[test]
fn refresh_rotates_and_replays_within_30_s_only() {
    let mut o = OAuth::new(
        OAuthConfig {
            token_ttl_s: 10,
            ..OAuthConfig::default()
        },
        7,
    );
    let first = exchange(&mut o, grant("Company"));
    assert_eq!(
        first["approvedLocations"],
        json!([crate::seed::LOCATION_ID])
    );
    let at1 = field(&first, "access_token");
    assert!(matches!(o.bearer(&at1, T0 + 9_999), Bearer::Live(_)));
    assert_eq!(o.bearer(&at1, T0 + 10_000), Bearer::Dead);
    assert_eq!(o.bearer("sbx-at-never-issued", T0), Bearer::Dead);
    assert_eq!(o.bearer("a.b.c", T0), Bearer::Dead);
    assert_eq!(o.bearer("pit-something", T0), Bearer::Foreign);

    let rt1: &'static str = field(&first, "refresh_token").leak();
    let refresh = |o: &mut OAuth, rt: &'static str, now| {
        o.token(
            &creds(&[("grant_type", "refresh_token"), ("refresh_token", rt)]),
            now,
        )
    };
    let (s, second) = refresh(&mut o, rt1, T0 + 20_000);
    assert_eq!(s, 200);
    assert_ne!(field(&second, "refresh_token"), rt1);
    assert!(matches!(
        o.bearer(&field(&second, "access_token"), T0 + 20_000),
        Bearer::Live(_)
    ));
    // Presented again within the window: the same new pair, not a third one.
    let (s, again) = refresh(&mut o, rt1, T0 + 20_000 + REPLAY_MS);
    assert_eq!((s, &again), (200, &second));
    let (s, late) = refresh(&mut o, rt1, T0 + 20_001 + REPLAY_MS);
    assert_eq!((s, field(&late, "error")), (400, "invalid_grant".into()));
    assert_eq!((o.stats.refreshes, o.stats.replays), (1, 1));
    o.expire_all(T0 + 20_000);
    assert_eq!(
        o.bearer(&field(&second, "access_token"), T0 + 20_000),
        Bearer::Dead
    );
}

#[test]
fn location_tokens_need_a_live_company_token_of_that_company() {
    let mut o = OAuth::new(OAuthConfig::default(), 7);
    let company = exchange(&mut o, grant("Company"));
    let at = field(&company, "access_token");
    let body = form(&[
        ("companyId", COMPANY_ID),
        ("locationId", crate::seed::LOCATION_ID),
    ]);
    let (s, loc) = crate::oauth_wire::location_token(&mut o, Some(&at), &body, T0);
    assert_eq!(s, 200, "{loc}");
    assert_eq!(
        (field(&loc, "userType"), field(&loc, "locationId")),
        ("Location".into(), crate::seed::LOCATION_ID.into())
    );
    let (s, _) =
        crate::oauth_wire::location_token(&mut o, Some(&field(&loc, "access_token")), &body, T0);
    assert_eq!(s, 401);
    let (s, _) = crate::oauth_wire::location_token(
        &mut o,
        Some(&at),
        &form(&[
            ("companyId", "other"),
            ("locationId", crate::seed::LOCATION_ID),
        ]),
        T0,
    );
    assert_eq!(s, 403);
    let (s, _) = crate::oauth_wire::location_token(
        &mut o,
        Some(&at),
        &form(&[("companyId", COMPANY_ID), ("locationId", "elsewhere")]),
        T0,
    );
    assert_eq!(s, 400);
    let (s, b) = crate::oauth_wire::location_token(&mut o, Some("sbx-at-gone"), &body, T0);
    assert_eq!((s, field(&b, "message")), (401, "Invalid JWT".into()));
    assert_eq!(o.stats.location_tokens, 1);
    o.reset();
    assert_eq!(o.bearer(&at, T0), Bearer::Dead);
    assert_eq!(o.stats, Stats::default());
}
