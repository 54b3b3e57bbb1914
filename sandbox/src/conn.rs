//! Serving connection by connection, so that a fault can drop one connection
//! without writing a byte (`axum::serve` owns its connections and cannot).
//! Each request carries a [`ConnControl`] in its extensions; a handler that
//! calls [`ConnControl::drop_connection`] and never answers gets its
//! connection closed unanswered.

use axum::Router;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::{service_fn, Service};
use hyper::Request;
use hyper_util::rt::TokioIo;
use hyper_util::service::TowerToHyperService;
use std::future::Future;
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{watch, Notify};
use tokio::task::JoinSet;

/// How long a shutdown waits for requests in flight before cutting them (a
/// stalled request never finishes on its own).
pub const DRAIN: Duration = Duration::from_secs(2);

/// Lets a handler drop the connection its request came on.
#[derive(Clone, Debug, Default)]
pub struct ConnControl(Arc<Notify>);

impl ConnControl {
    /// Closes the connection without an answer (the handler must not answer).
    pub fn drop_connection(&self) {
        // notify_one keeps a permit, so the order against the connection task does not matter.
        self.0.notify_one();
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then stops
/// accepting, lets open requests finish for up to [`DRAIN`] and cuts the rest.
pub async fn serve(
    listener: TcpListener,
    router: Router,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let (stop_tx, stop_rx) = watch::channel(false);
    let mut tasks = JoinSet::new();
    tokio::pin!(shutdown);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(e) => {
                    // Per-connection failures are the client's; anything else
                    // (out of file descriptors) gets a pause instead of a spin.
                    if !matches!(
                        e.kind(),
                        io::ErrorKind::ConnectionAborted
                            | io::ErrorKind::ConnectionReset
                            | io::ErrorKind::ConnectionRefused
                    ) {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                    }
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        while tasks.try_join_next().is_some() {}
        tasks.spawn(connection(stream, router.clone(), stop_rx.clone()));
    }
    drop(listener);
    let _ = stop_tx.send(true);
    let drained = async { while tasks.join_next().await.is_some() {} };
    let _ = tokio::time::timeout(DRAIN, drained).await;
    tasks.abort_all();
    Ok(())
}

/// One HTTP/1.1 connection (keep-alive), until the client closes it, a
/// handler drops it, or the server stops.
async fn connection(stream: TcpStream, router: Router, mut stop: watch::Receiver<bool>) {
    let control = ConnControl::default();
    let kill = control.0.clone();
    let inner = TowerToHyperService::new(router);
    let svc = service_fn(move |mut req: Request<Incoming>| {
        req.extensions_mut().insert(control.clone());
        inner.call(req)
    });
    let conn = http1::Builder::new().serve_connection(TokioIo::new(stream), svc);
    tokio::pin!(conn);
    // Returning drops `conn` and with it the socket: nothing more is written.
    tokio::select! {
        _ = conn.as_mut() => return,
        () = kill.notified() => return,
        _ = stop.changed() => conn.as_mut().graceful_shutdown(),
    }
    tokio::select! {
        _ = conn.as_mut() => {}
        () = kill.notified() => {}
    }
}
