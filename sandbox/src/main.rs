//! `highlevel-sandbox --port N`: binds 127.0.0.1 only, prints the summary and
//! one `SANDBOX_JSON {...}` line, serves until SIGINT/SIGTERM.

use highlevel_sandbox::cli::{parse, summary_json, summary_text, Cli, USAGE};
use highlevel_sandbox::{router, seed, serve};
use std::io::Write;
use std::net::{Ipv4Addr, SocketAddr};
use std::process::ExitCode;

async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = term => {},
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let (port, config) = match parse(std::env::args().skip(1)) {
        Ok(Cli::Run { port, config }) => (port, config),
        Ok(Cli::Help) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("highlevel-sandbox: {e}");
            return ExitCode::from(2);
        }
    };
    // Build-time data: refuse to start on a malformed table rather than fail per request.
    if let Err(e) = highlevel_sandbox::canned::load().and_then(|_| highlevel_sandbox::canned::load_v3()) {
        eprintln!("highlevel-sandbox: {e}");
        return ExitCode::from(1);
    }
    // Loopback only, by design: this server accepts a well-known token.
    let addr = SocketAddr::from((Ipv4Addr::LOCALHOST, port));
    let listener = match tokio::net::TcpListener::bind(addr).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("highlevel-sandbox: cannot bind {addr}: {e}");
            return ExitCode::from(1);
        }
    };
    let port = listener.local_addr().map_or(port, |a| a.port());
    let state = seed::seed();
    let mut out = std::io::stdout().lock();
    let printed = writeln!(
        out,
        "{}",
        summary_text(port, &config.token, &config, &state)
    )
    .and_then(|_| {
        writeln!(
            out,
            "SANDBOX_JSON {}",
            summary_json(port, &config.token, &config, &state)
        )
    })
    .and_then(|_| out.flush());
    drop(out);
    if let Err(e) = printed {
        eprintln!("highlevel-sandbox: cannot write summary: {e}");
    }
    match serve(listener, router(config), shutdown_signal()).await {
        Ok(()) => {
            eprintln!("highlevel-sandbox: stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("highlevel-sandbox: {e}");
            ExitCode::from(1)
        }
    }
}
