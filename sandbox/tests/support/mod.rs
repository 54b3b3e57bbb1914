//! A sandbox on a real loopback socket and a raw HTTP/1.1 client, so a test
//! can see exactly what comes back, including nothing at all (a dropped or
//! stalled connection). Loopback only; every read is bounded in time.

#![allow(dead_code)] // each test file uses part of it

use highlevel_sandbox::{router, seed::TOKEN, serve, Config};
use serde_json::Value;
use std::collections::HashMap;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

pub const V: &str = "2021-07-28";

pub struct Server {
    pub addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    task: Option<JoinHandle<std::io::Result<()>>>,
}

impl Server {
    pub async fn start(config: Config) -> Server {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind loopback");
        let addr = listener.local_addr().expect("addr");
        let (tx, rx) = oneshot::channel::<()>();
        let task = tokio::spawn(serve(listener, router(config), async {
            let _ = rx.await;
        }));
        Server {
            addr,
            stop: Some(tx),
            task: Some(task),
        }
    }

    /// Stops the server; returns how long it took to finish.
    pub async fn stop(mut self) -> Duration {
        let began = Instant::now();
        if let Some(tx) = self.stop.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let joined = tokio::time::timeout(Duration::from_secs(10), task).await;
            assert!(matches!(joined, Ok(Ok(Ok(())))), "server did not stop cleanly");
        }
        began.elapsed()
    }

    /// Sends one request on a fresh connection and reads until the server
    /// closes it or `wait` passes.
    pub async fn send(&self, req: &Req<'_>, wait: Duration) -> Got {
        let mut conn = Conn::open(self.addr).await;
        conn.write(req).await;
        conn.read(wait).await
    }

    /// An authenticated API call with the documented `Version`, answered within 5 s.
    pub async fn api(&self, method: &str, path: &str, body: Option<&Value>) -> Resp {
        let req = Req::api(method, path, body);
        self.send(&req, Duration::from_secs(5)).await.answer()
    }

    pub async fn get_json(&self, path: &str) -> Value {
        let got = self.send(&Req::new("GET", path), Duration::from_secs(5)).await;
        got.answer().body
    }

    pub async fn journal(&self) -> Vec<Value> {
        match self.get_json("/__sandbox/journal").await {
            Value::Array(items) => items,
            other => panic!("journal is not an array: {other}"),
        }
    }
}

/// A request to write by hand.
pub struct Req<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub headers: Vec<(&'a str, String)>,
    pub body: Option<String>,
}

impl<'a> Req<'a> {
    pub fn new(method: &'a str, path: &'a str) -> Self {
        Req {
            method,
            path,
            headers: Vec::new(),
            body: None,
        }
    }

    pub fn api(method: &'a str, path: &'a str, body: Option<&Value>) -> Self {
        let mut r = Req::new(method, path)
            .header("authorization", format!("Bearer {TOKEN}"))
            .header("version", V.to_string());
        if let Some(b) = body {
            r = r.header("content-type", "application/json".to_string());
            r.body = Some(b.to_string());
        }
        r
    }

    pub fn header(mut self, name: &'a str, value: String) -> Self {
        self.headers.push((name, value));
        self
    }

    pub fn fault(self, name: &str) -> Self {
        self.header("x-sandbox-fault", name.to_string())
    }
}

/// What came back on one connection.
#[derive(Debug)]
pub enum Got {
    Answer(Resp),
    /// The server closed (or reset) the connection; `bytes` is what it wrote first.
    Closed { bytes: Vec<u8> },
    /// Still open after the wait; `bytes` is what arrived meanwhile.
    Silent { bytes: Vec<u8> },
}

impl Got {
    pub fn answer(self) -> Resp {
        match self {
            Got::Answer(r) => r,
            other => panic!("expected an answer, got {other:?}"),
        }
    }
}

#[derive(Debug)]
pub struct Resp {
    pub status: u16,
    pub headers: HashMap<String, String>,
    pub body: Value,
    pub raw: String,
}

impl Resp {
    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }
}

pub struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
}

impl Conn {
    pub async fn open(addr: SocketAddr) -> Conn {
        let stream = tokio::time::timeout(Duration::from_secs(5), TcpStream::connect(addr))
            .await
            .expect("connect in time")
            .expect("connect");
        Conn {
            stream,
            buf: Vec::new(),
        }
    }

    pub async fn write(&mut self, req: &Req<'_>) {
        let mut text = format!(
            "{} {} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n",
            req.method, req.path
        );
        for (k, v) in &req.headers {
            text.push_str(&format!("{k}: {v}\r\n"));
        }
        let body = req.body.as_deref().unwrap_or("");
        text.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
        self.stream
            .write_all(text.as_bytes())
            .await
            .expect("write request");
    }

    /// Reads until EOF, a reset, or `wait`.
    pub async fn read(&mut self, wait: Duration) -> Got {
        let deadline = tokio::time::Instant::now() + wait;
        let mut chunk = [0u8; 8192];
        loop {
            match tokio::time::timeout_at(deadline, self.stream.read(&mut chunk)).await {
                Err(_) => return Got::Silent { bytes: self.buf.clone() },
                Ok(Ok(0)) | Ok(Err(_)) => break,
                Ok(Ok(n)) => self.buf.extend_from_slice(&chunk[..n]),
            }
        }
        match parse(&self.buf) {
            Some(resp) => Got::Answer(resp),
            None => Got::Closed {
                bytes: self.buf.clone(),
            },
        }
    }
}

/// A whole `Connection: close` response, or `None` when there is none.
fn parse(bytes: &[u8]) -> Option<Resp> {
    let text = String::from_utf8_lossy(bytes).into_owned();
    let (head, body) = text.split_once("\r\n\r\n")?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let body_value = if body.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(body).expect("json body")
    };
    Some(Resp {
        status,
        headers,
        body: body_value,
        raw: body.to_string(),
    })
}

/// The rate-limit headers every answer carries.
pub const RATE_HEADERS: [&str; 5] = [
    "x-ratelimit-max",
    "x-ratelimit-interval-milliseconds",
    "x-ratelimit-remaining",
    "x-ratelimit-limit-daily",
    "x-ratelimit-daily-remaining",
];

pub fn assert_rate_headers(r: &Resp) {
    for h in RATE_HEADERS {
        assert!(
            r.header(h).parse::<u64>().is_ok(),
            "{h} missing or not a number on a {}: {:?}",
            r.status,
            r.headers
        );
    }
    assert!(!r.header("x-request-id").is_empty());
    assert_eq!(r.header("access-control-allow-origin"), "*");
}
