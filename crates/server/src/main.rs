//! `ssodesk-server`: run the reference backend, create its demo data, or mint a token.
//!
//! Exit codes: 0 on success, 1 when the command could not do its work (the database already
//! holds data, an unknown email, the address is taken), 2 for bad arguments or a database file
//! that cannot be used.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
use ssodesk_server::{Database, ServerConfig, ServerError};

#[derive(Debug, Parser)]
#[command(name = "ssodesk-server", version, about = "The SSO Desk reference backend (API v1).")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Serve API v1 until SIGINT or SIGTERM. Prints `listening on http://IP:PORT` once bound.
    Serve {
        /// The SQLite database file; created (empty) if it does not exist.
        #[arg(long)]
        db: PathBuf,
        /// The address to listen on; port 0 picks a free port.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// A DNS resolver to check domains through, as IP or IP:PORT (port 53 by default), instead
        /// of the system resolver. Repeatable: the first finds the zones' nameservers, the others
        /// are asked too.
        #[arg(long = "dns-server", value_name = "IP:PORT", value_parser = parse_dns_server)]
        dns_servers: Vec<SocketAddr>,
        /// How often, in seconds, pending domains are re-checked in the background.
        #[arg(long, value_name = "SECS", default_value_t = ssodesk_server::DEFAULT_RECHECK_INTERVAL.as_secs(), value_parser = clap::value_parser!(u64).range(1..))]
        recheck_interval: u64,
        /// The URL browsers and IdPs reach this server at (behind a proxy, say), for the SAML
        /// service provider values it hands out. Default: http:// and the listen address.
        #[arg(long, value_name = "URL", value_parser = parse_public_url)]
        public_url: Option<String>,
    },
    /// Create the demo data in an empty database and print every id and token as JSON.
    Seed {
        /// The SQLite database file; created if it does not exist.
        #[arg(long)]
        db: PathBuf,
    },
    /// Mint a new API token for an existing user and print it.
    Token {
        /// The SQLite database file.
        #[arg(long)]
        db: PathBuf,
        /// The user's email address.
        #[arg(long)]
        email: String,
    },
}

const EXIT_FAILED: u8 = 1;
const EXIT_USAGE: u8 = 2;

fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_http=info")),
        )
        .init();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("ssodesk-server: {error}");
            let code = if error.is_unusable_database() { EXIT_USAGE } else { EXIT_FAILED };
            ExitCode::from(code)
        }
    }
}

fn run(command: Command) -> Result<(), ServerError> {
    match command {
        Command::Serve { db, listen, dns_servers, recheck_interval, public_url } => {
            let mut config = ServerConfig::new(listen).with_dns_servers(&dns_servers);
            config.recheck_interval = Duration::from_secs(recheck_interval);
            config.public_url = public_url;
            serve(Database::open(&db)?, config)
        }
        Command::Seed { db } => {
            let db = Database::open(&db)?;
            let report = db.seed()?;
            let json = serde_json::to_string_pretty(&report).expect("a SeedReport is plain data and always serialises");
            print_line(&json);
            Ok(())
        }
        Command::Token { db, email } => {
            let token = Database::open(&db)?.issue_token(&email)?;
            print_line(&token);
            Ok(())
        }
    }
}

fn print_line(text: &str) {
    let mut stdout = std::io::stdout().lock();
    // A closed stdout (the reader went away) is not worth failing over.
    let _ = writeln!(stdout, "{text}");
    let _ = stdout.flush();
}

fn parse_public_url(text: &str) -> Result<String, String> {
    let rest = text.strip_prefix("https://").or_else(|| text.strip_prefix("http://"));
    match rest {
        Some(rest) if !rest.is_empty() && !rest.starts_with('/') && !text.contains(['?', '#']) => {
            Ok(text.trim_end_matches('/').to_owned())
        }
        _ => Err(format!("{text:?} is not an http:// or https:// URL without query or fragment")),
    }
}

fn parse_dns_server(text: &str) -> Result<SocketAddr, String> {
    ssodesk_dns::parse_server_address(text).map_err(|error| error.to_string())
}

fn serve(db: Database, config: ServerConfig) -> Result<(), ServerError> {
    if db.is_empty()? {
        tracing::warn!(db = %db.path().display(), "the database is empty; run `ssodesk-server seed --db …` for demo data");
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| ServerError::Worker(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async move {
        let server = ssodesk_server::start(db, config).await?;
        print_line(&format!("listening on {}", server.base_url()));
        shutdown_signal().await;
        tracing::info!("shutting down");
        server.shutdown().await;
        Ok(())
    })
}

/// Resolves on SIGINT (Ctrl-C) or, on Unix, SIGTERM.
async fn shutdown_signal() {
    let interrupt = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for Ctrl-C");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {}
        () = terminate => {}
    }
}
