//! Sends signed webhook deliveries to subscribed 127.0.0.1 URLs, one at a
//! time in the order the mutations were applied (one worker task fed by a
//! channel), over a minimal HTTP/1.1 POST. Failures are logged, not retried.

use crate::signing;
use serde_json::{json, Value};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

/// Deliveries remembered for `GET /__sandbox/webhooks`.
const LOG_MAX: usize = 1000;
const TIMEOUT: Duration = Duration::from_secs(5);

/// A subscriber: `http://127.0.0.1:PORT/path` only.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub url: String,
    pub port: u16,
    pub path: String,
}

impl Target {
    /// Loopback, plain HTTP, a port, and a path that cannot break the request line.
    pub fn parse(url: &str) -> Option<Target> {
        let rest = url.strip_prefix("http://127.0.0.1:")?;
        let (port, path) = match rest.find('/') {
            Some(i) => (rest.get(..i)?, rest.get(i..)?),
            None => (rest, "/"),
        };
        let port: u16 = port.parse().ok().filter(|p| *p != 0)?;
        if !path.bytes().all(|b| b.is_ascii_graphic()) {
            return None;
        }
        Some(Target {
            url: url.to_string(),
            port,
            path: path.to_string(),
        })
    }
}

/// One event on its way to every subscriber of the moment.
pub struct Job {
    pub event: Value,
    pub targets: Vec<Target>,
}

#[derive(Default)]
pub struct Sender {
    tx: Mutex<Option<UnboundedSender<Job>>>,
    pub log: Arc<Mutex<Vec<Value>>>,
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

impl Sender {
    /// Queues a job; the worker starts on first use, inside the server's runtime.
    pub fn send(&self, job: Job) {
        let mut tx = lock(&self.tx);
        if tx.as_ref().is_none_or(|t| t.is_closed()) {
            let Ok(rt) = tokio::runtime::Handle::try_current() else {
                return;
            };
            let (t, mut rx) = unbounded_channel::<Job>();
            let log = Arc::clone(&self.log);
            rt.spawn(async move {
                while let Some(job) = rx.recv().await {
                    deliver(job, &log).await;
                }
            });
            *tx = Some(t);
        }
        if let Some(t) = tx.as_ref() {
            let _ = t.send(job);
        }
    }
}

async fn deliver(job: Job, log: &Mutex<Vec<Value>>) {
    let Some(keys) = signing::keys() else { return };
    let body = job.event.to_string();
    let ghl = keys.sign_ed25519(body.as_bytes());
    let wh = keys.sign_rsa(body.as_bytes());
    for t in &job.targets {
        let status = tokio::time::timeout(TIMEOUT, post(t, &body, &ghl, &wh))
            .await
            .ok()
            .flatten();
        let mut log = lock(log);
        if log.len() >= LOG_MAX {
            log.remove(0);
        }
        log.push(json!({
            "url": t.url,
            "type": job.event.get("type"),
            "webhookId": job.event.get("webhookId"),
            "status": status,
        }));
    }
}

/// POSTs the body; the response's status code, or `None` when none came.
async fn post(t: &Target, body: &str, ghl: &str, wh: &str) -> Option<u16> {
    let mut s = TcpStream::connect(("127.0.0.1", t.port)).await.ok()?;
    let head = format!(
        "POST {} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         x-ghl-signature: {ghl}\r\nx-wh-signature: {wh}\r\nUser-Agent: highlevel-sandbox\r\nConnection: close\r\n\r\n",
        t.path,
        t.port,
        body.len()
    );
    s.write_all(head.as_bytes()).await.ok()?;
    s.write_all(body.as_bytes()).await.ok()?;
    // The status line is all that is needed: "HTTP/1.1 200 OK".
    let mut buf = [0u8; 64];
    let mut n = 0;
    while n < 12 {
        let got = s.read(buf.get_mut(n..)?).await.ok()?;
        if got == 0 {
            break;
        }
        n += got;
    }
    std::str::from_utf8(buf.get(9..12)?).ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_are_loopback_only() {
        let t = Target::parse("http://127.0.0.1:8080/hooks?x=1");
        assert_eq!(
            t.map(|t| (t.port, t.path)),
            Some((8080, "/hooks?x=1".to_string()))
        );
        assert_eq!(
            Target::parse("http://127.0.0.1:9").map(|t| t.path),
            Some("/".to_string())
        );
        for bad in [
            "https://127.0.0.1:1/",
            "http://localhost:80/",
            "http://10.0.0.1:80/",
            "http://127.0.0.1/",
            "http://127.0.0.1:0/",
            "http://127.0.0.1:99999/",
            "http://127.0.0.1:80/a b",
            "http://127.0.0.1:80/\r\nX: y",
            "http://127.0.0.1.evil:80/",
            "http://127.0.0.1:80@evil/",
        ] {
            assert_eq!(Target::parse(bad), None, "{bad}");
        }
    }
}
